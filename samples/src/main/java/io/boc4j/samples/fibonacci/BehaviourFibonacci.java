package io.boc4j.samples.fibonacci;

import io.boc4j.Boc;
import io.boc4j.ResultCown;

/**
 * Fibonacci as a tree of behaviours joined through result cowns: {@code fib(n)} schedules {@code
 * fib(n - 1)} and {@code fib(n - 2)}, then a behaviour over both of their result cowns that adds
 * them. A result cown is held by its behaviour until the body finishes, so the adding behaviour
 * runs only once both values exist, without any thread waiting for them. Below the threshold a
 * single behaviour computes the value sequentially, so each behaviour has enough work to be worth
 * scheduling.
 *
 * <p>Not thread-safe: call {@link #fib} from one thread (it only schedules, so it returns quickly).
 */
final class BehaviourFibonacci {

  private final Boc boc;
  private final int threshold;
  private long behaviours;

  /**
   * @param boc the runtime to schedule on
   * @param threshold below this {@code n} a single behaviour computes sequentially; at least 2
   */
  BehaviourFibonacci(Boc boc, int threshold) {
    if (threshold < 2) {
      throw new IllegalArgumentException("threshold must be at least 2, got " + threshold);
    }
    this.boc = boc;
    this.threshold = threshold;
  }

  /** Schedules the behaviours computing fib(n), {@code n >= 0}; returns the root's result cown. */
  ResultCown<Long> fib(int n) {
    behaviours++;
    if (n < threshold) {
      return boc.when(() -> SequentialFibonacci.of(n));
    }
    return boc.when(fib(n - 1), fib(n - 2), (a, b) -> a.get() + b.get());
  }

  /**
   * How many behaviours {@link #fib} schedules for {@code n}: one per node of the call tree cut at
   * the threshold, B(n) = 1 below it and 1 + B(n - 1) + B(n - 2) above; {@link Long#MAX_VALUE} if
   * that does not fit in a {@code long}.
   */
  static long count(int n, int threshold) {
    long beforeLast = 1; // B(k - 2): every n below the threshold is one behaviour
    long last = 1; // B(k - 1)
    for (int k = threshold; k <= n; k++) {
      long next = 1 + last + beforeLast;
      if (next < 0) {
        return Long.MAX_VALUE;
      }
      beforeLast = last;
      last = next;
    }
    return last;
  }

  /** Behaviours scheduled so far by {@link #fib}. */
  long behaviours() {
    return behaviours;
  }
}
