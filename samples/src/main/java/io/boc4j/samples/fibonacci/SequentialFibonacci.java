package io.boc4j.samples.fibonacci;

/**
 * The textbook doubly recursive Fibonacci on the calling thread: the reference result, and the work
 * of each leaf behaviour.
 */
final class SequentialFibonacci {

  private SequentialFibonacci() {}

  /** fib(0) = 0, fib(1) = 1, fib(n) = fib(n - 1) + fib(n - 2); {@code n} is at least 0. */
  static long of(int n) {
    return n < 2 ? n : of(n - 1) + of(n - 2);
  }
}
