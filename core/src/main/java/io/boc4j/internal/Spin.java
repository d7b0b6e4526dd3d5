package io.boc4j.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Back-off for the protocol's short waits (a peer finishing its enqueue phase). Those waits are
 * bounded by a few instructions of the peer, unless the peer's thread was descheduled; on a 2-core
 * machine that is common, so after a short spin the waiter yields its core to let the peer finish.
 *
 * <p>A wait that lasts far longer than any descheduling is <em>stalled</em>: the peer's {@code
 * when} is stuck (its thread suspended, or blocked in a hook); a peer that failed half-way is
 * finished by the waiter itself, see {@link Acquisition}. The waiter then parks in short slices instead of yielding, so it stops
 * burning a core, and reports the stall once, naming the cown, so the hang is not silent.
 */
final class Spin {

  private static final int SPINS_BEFORE_YIELD = 64;

  /** Yields before a wait counts as stalled: milliseconds, far beyond a descheduled peer. */
  private static final int SPINS_BEFORE_STALL = SPINS_BEFORE_YIELD + 20_000;

  /** How long a stalled waiter parks between two looks. */
  private static final long STALL_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  /** What a waiter waits for, as its report names it. */
  enum Wait {
    /** An enqueuer waits for the request before it to be marked scheduled. */
    PREDECESSOR_SCHEDULED("the behaviour queued before it to finish entering the queue"),
    /** A releaser waits for the request that swapped in behind it to link itself. */
    SUCCESSOR_LINKED("the behaviour queued behind it to link itself"),
    /** A thread waits for another that claimed an abandoned phase 1 to finish it. */
    PHASE_ONE_FINISHED("another thread to finish scheduling a behaviour whose when() failed");

    private final String what;

    Wait(String what) {
      this.what = what;
    }
  }

  private Spin() {}

  /**
   * One round of waiting on {@code cown} for {@code wait}; the caller counts the rounds.
   *
   * @param spinsSoFar rounds already waited: a {@code long}, so that a wait stalled for days
   *     (2<sup>31</sup> parks of 100 µs is 60 hours) never wraps around to busy spinning
   */
  static void pause(long spinsSoFar, CownCore cown, Wait wait) {
    if (spinsSoFar < SPINS_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else if (spinsSoFar < SPINS_BEFORE_STALL) {
      Thread.yield();
    } else {
      if (spinsSoFar - SPINS_BEFORE_STALL == FaultInjection.stallReportParks) {
        reportStall(cown, wait);
      }
      LockSupport.parkNanos(STALL_PARK_NANOS);
    }
  }

  private static void reportStall(CownCore cown, Wait wait) {
    String id = cown == null ? "(none)" : String.valueOf(cown.id());
    LOG.log(System.Logger.Level.WARNING, Thread.currentThread().getName() + " has waited over "
        + FaultInjection.stallReportParks * STALL_PARK_NANOS / 1_000_000 + " ms on cown #"
        + id + " for " + wait.what + ". The thread inside that behaviour's when() is stuck"
        + " there (suspended, or blocked in a hook). A when() that failed half-way (for example"
        + " with a StackOverflowError) does not cause this: its waiters finish it themselves; see"
        + " the failure model in the README. This waiter keeps waiting, parked in "
        + STALL_PARK_NANOS / 1_000 + " µs slices.");
  }
}
