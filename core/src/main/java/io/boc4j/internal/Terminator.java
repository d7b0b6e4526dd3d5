package io.boc4j.internal;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-flight accounting for one runtime generation, and the wait for quiescence.
 *
 * <h2>Invariant</h2>
 *
 * {@code inFlight} is always at least the number of behaviours scheduled and not yet completed, and
 * equals it whenever no worker holds a pending (unflushed) delta. Workers keep their completions as a
 * local negative delta and spend it on the behaviours their bodies schedule, so a chain of behaviours
 * that each schedule one successor touches the shared counter not at all; the delta is flushed when
 * the worker runs out of work (and every {@link #FLUSH_EVERY} completions). Because a worker's delta
 * is never positive, the shared counter can only over-count, so it never reaches 0 early. External
 * schedulers increment it directly, before the behaviour becomes visible.
 *
 * <h2>Waiting</h2>
 *
 * Waiters register, then check the counter under {@code lock}; a thread whose update takes the counter
 * to 0 signals under the same lock if any waiter is registered. Both the registration and the counter
 * update are volatile, so either the updater sees the waiter or the waiter sees 0 (Dekker).
 */
public final class Terminator {

  /** A worker flushes its pending completions at least this often. */
  static final int FLUSH_EVERY = 1024;

  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong waiters = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition quiet = lock.newCondition();

  /** One more behaviour is in flight. */
  void increment() {
    inFlight.incrementAndGet();
  }

  /** Applies a (normally negative) delta; signals waiters when it reaches 0. */
  void add(long delta) {
    if (inFlight.addAndGet(delta) == 0 && waiters.get() > 0) {
      signalAll();
    }
  }

  /** Upper bound of the behaviours in flight; exact when the runtime is quiescent. */
  public long inFlight() {
    return inFlight.get();
  }

  /** Wakes waiters for a reason other than quiescence (for example new main-thread work). */
  void signalAll() {
    lock.lock();
    try {
      quiet.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the counter is 0 or {@code pollNanos} elapse.
   *
   * @return true if the counter is 0
   */
  boolean awaitZero(long pollNanos) throws InterruptedException {
    if (inFlight.get() == 0) {
      return true;
    }
    waiters.incrementAndGet();
    lock.lock();
    try {
      if (inFlight.get() != 0 && pollNanos > 0) {
        quiet.awaitNanos(pollNanos);
      }
      return inFlight.get() == 0;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /**
   * Waits until the counter is 0.
   *
   * @param deadline {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE} for none
   * @param timeoutText how the caller's timeout reads in the exception message
   * @param betweenWaits run between bounded waits (the main thread's auto-pump), or null
   * @throws TimeoutException if the deadline passes first
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitZero(long deadline, String timeoutText, Runnable betweenWaits)
      throws TimeoutException, InterruptedException {
    while (true) {
      long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
      if (inFlight.get() == 0) {
        return;
      }
      if (remaining <= 0) {
        throw new TimeoutException(
            "behaviours still in flight after " + timeoutText + " (at most " + inFlight.get()
                + "); nothing was torn down: wait again or give the work more time");
      }
      if (awaitZero(Math.min(remaining, betweenWaits == null ? remaining : 50_000_000L))) {
        return;
      }
      if (betweenWaits != null) {
        betweenWaits.run();
      }
    }
  }
}
