/**
 * The reactive bank service: an HTTP JSON API on Reactor Netty whose handlers return the {@code
 * Mono}s of behaviours over account cowns (through the Reactor bridge), with input validation that
 * answers every bad request with a 4xx and a JSON error, Prometheus metrics, a graceful shutdown that
 * loses no accepted transfer, and a built-in load generator. Run {@link
 * io.boc4j.samples.service.BankService}.
 */
package io.boc4j.samples.service;
