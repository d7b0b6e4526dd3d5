/**
 * Fibonacci over result cowns: {@code fib(n)} is a behaviour over the result cowns of {@code fib(n
 * - 1)} and {@code fib(n - 2)}. Run {@link io.boc4j.samples.fibonacci.Fibonacci}.
 */
package io.boc4j.samples.fibonacci;
