/**
 * The Project Reactor bridge of boc4j: {@link io.boc4j.reactor.BocReactor} turns a runtime's
 * behaviours into cold {@code Mono}s (and observes scheduled ones as hot {@code Mono}s), offers
 * demand-bounded {@code Flux} transformers over behaviours, the runtime's mailbox as a {@code Flux},
 * and its lifecycle waits as {@code Mono}s; {@link io.boc4j.reactor.PumpDriver} pumps pinned
 * behaviours from a Reactor scheduler. The bridge uses only boc4j's public API, never parks a
 * subscribing thread, and adds no scheduler or queue of behaviours of its own.
 */
package io.boc4j.reactor;
