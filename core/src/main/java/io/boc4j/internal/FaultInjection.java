package io.boc4j.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Test-only failure points inside the runtime. Each hook is null in production and costs one
 * volatile read on a path that is already taking a volatile RMW. Tests set a hook to throw and verify
 * that the runtime rolls back and stays usable, or (a pause point) to hold a thread at a racy step of
 * the protocol while the test drives the other side.
 */
public final class FaultInjection {

  /** Runs before a worker thread is started. */
  public static volatile Runnable threadStart;

  /** Runs before an external {@code when} increments the in-flight count. */
  public static volatile Runnable inFlightIncrement;

  /** Runs before an external {@code when} enqueues its requests. */
  public static volatile Runnable enqueue;

  /**
   * Runs on the main thread after a pinned behaviour is taken from the main queue, before its body
   * starts (where its cowns are taken over by the main thread). A throw releases it unrun.
   */
  public static volatile Runnable pinnedAcquire;

  /** Runs on the main thread after a pinned behaviour ran and released its cowns. */
  public static volatile Runnable pinnedRelease;

  /** Runs before each queued pinned behaviour is dropped at shutdown. */
  public static volatile Runnable pinnedDrop;

  /**
   * Pause point: runs when a reader's release has taken its cown's reader count to 0, before it looks
   * for the writer waiting for that count (see {@link Acquisition}).
   */
  public static volatile Runnable readersDrained;

  /**
   * Pause point: runs right after a request's swap into its cown's queue, before the request is
   * linked or marked scheduled (see {@link Acquisition}): a behaviour held here is half-enqueued.
   */
  public static volatile Runnable swap;

  /**
   * The steps of phase 1 (see {@link Acquisition}), where the {@link #scheduleStep} point runs: each
   * comes right before the call that makes the step's shared write, which is where a {@code
   * StackOverflowError} (or any throwable a call can raise) would surface.
   */
  public enum ScheduleStep {
    /** Before a request swaps itself into its cown's queue. */
    SWAP,
    /** Before a request links itself behind its predecessor. */
    LINK,
    /** Before a request behind an active reader claims its own activation or registration. */
    CLAIM,
    /** Before a writer stores itself as its cown's next writer. */
    REGISTER,
    /** Before a registered writer tries to take itself back because no reader is left. */
    TAKE_BACK,
    /** Before a reader counts itself in its cown's readers. */
    COUNT_READER,
    /** Before a reader marks itself active. */
    ACTIVATE,
    /** Before a request is marked scheduled. */
    MARK_SCHEDULED,
    /** Before phase 1 subtracts its share from the behaviour's counter. */
    RESOLVE,
    /** Before phase 1 dispatches a behaviour whose cowns were all granted at once. */
    DISPATCH
  }

  /**
   * Runs at each {@link ScheduleStep} of phase 1, on the thread running it; a throw there models a
   * failure of that step's call.
   */
  public static volatile Consumer<ScheduleStep> scheduleStep;

  /**
   * The steps of a release (see {@link Acquisition}, "Faults in a release"), where the {@link
   * #releaseStep} point runs: each comes right before the call that makes the step's shared write.
   */
  public enum ReleaseStep {
    /** Before a writer with no successor linked tries to leave its cown's queue empty. */
    LEAVE_EMPTY,
    /** Before a release subtracts a granted successor's share from its behaviour's counter. */
    GRANT,
    /** Before a release dispatches a successor whose last cown it granted. */
    DISPATCH,
    /** Before a writer's release counts a successor reader in its cown's readers. */
    COUNT_READER,
    /** Before a writer's release marks a successor reader active and looks behind it. */
    ACTIVATE,
    /** Before a writer's release claims the request behind a reader it activated. */
    CLAIM_NEXT,
    /** Before a writer's release moves on to the next request of the run it activates. */
    MOVE_ON,
    /** Before a writer's release stores the writer ending a run of readers as the next writer. */
    REGISTER,
    /** Before a writer's release tries to grant that writer because no reader is left. */
    TAKE_BACK,
    /** Before a reader's release takes itself out of its cown's reader count. */
    DRAIN,
    /** Before the last reader out tries to take the registered writer to grant it. */
    TAKE_WRITER,
    /** Before a reader's release leaves its cown's queue empty if it is still the tail. */
    LEAVE
  }

  /**
   * Runs at each {@link ReleaseStep} of a release, on the releasing thread; a throw there models a
   * failure of that step's call.
   */
  public static volatile Consumer<ReleaseStep> releaseStep;

  /** Steps of a worker going idle, where the {@link #idling} pause point runs (see {@link Worker}). */
  public enum IdleStep {
    /**
     * Its search found nothing and it still counts as searching: producers skip their wake-up and
     * leave their behaviours to it.
     */
    SEARCH_ENDED,
    /**
     * It counts itself idle and has not announced itself parked: producers see it counted but cannot
     * wake it.
     */
    COUNTED_IDLE
  }

  /** Pause point: runs on a worker at each {@link IdleStep} on its way to park. */
  public static volatile Consumer<IdleStep> idling;

  private static final long DEFAULT_PARK_SAFETY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Longest park of an idle worker between two looks for work: a bound on the delay a lost wake-up
   * can cause (a producer that claimed the worker's wake-up and then failed before unparking it, for
   * example with a {@code StackOverflowError}), at the price of a few wake-ups a second when idle.
   * Tests of the wake-up protocol set 0 (park until woken) so that a lost wake-up shows as a hang.
   */
  public static volatile long parkSafetyNanos = DEFAULT_PARK_SAFETY_NANOS;

  private static final int DEFAULT_STALL_REPORT_PARKS = 10_000;

  /**
   * Parks of 100 µs a stalled protocol wait makes before it reports the stall (see {@link Spin});
   * about a second by default, shorter in tests.
   */
  public static volatile int stallReportParks = DEFAULT_STALL_REPORT_PARKS;

  private FaultInjection() {}

  static void atScheduleStep(ScheduleStep step) {
    Consumer<ScheduleStep> hook = scheduleStep;
    if (hook != null) {
      hook.accept(step);
    }
  }

  static void atReleaseStep(ReleaseStep step) {
    Consumer<ReleaseStep> hook = releaseStep;
    if (hook != null) {
      hook.accept(step);
    }
  }

  static void afterSwap() {
    run(swap);
  }

  static void idling(IdleStep step) {
    Consumer<IdleStep> hook = idling;
    if (hook != null) {
      hook.accept(step);
    }
  }

  static void beforeThreadStart() {
    run(threadStart);
  }

  static void beforeInFlightIncrement() {
    run(inFlightIncrement);
  }

  static void beforeEnqueue() {
    run(enqueue);
  }

  static void beforePinnedAcquire() {
    run(pinnedAcquire);
  }

  static void afterPinnedRelease() {
    run(pinnedRelease);
  }

  static void beforePinnedDrop() {
    run(pinnedDrop);
  }

  static void afterReadersDrained() {
    run(readersDrained);
  }

  private static void run(Runnable hook) {
    if (hook != null) {
      hook.run();
    }
  }

  /** Clears every hook. */
  public static void reset() {
    threadStart = null;
    inFlightIncrement = null;
    enqueue = null;
    pinnedAcquire = null;
    pinnedRelease = null;
    pinnedDrop = null;
    readersDrained = null;
    swap = null;
    scheduleStep = null;
    releaseStep = null;
    parkSafetyNanos = DEFAULT_PARK_SAFETY_NANOS;
    idling = null;
    stallReportParks = DEFAULT_STALL_REPORT_PARKS;
  }
}
