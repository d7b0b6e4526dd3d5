package io.boc4j;

import io.boc4j.internal.BodyCall;
import io.boc4j.internal.Behaviour;
import io.boc4j.internal.BodyScope;
import io.boc4j.internal.Generation;
import io.boc4j.internal.Lifetime;
import io.boc4j.internal.Listeners;
import io.boc4j.internal.Take;
import io.boc4j.internal.Timeouts;
import io.boc4j.internal.pinned.MainBinding;
import io.boc4j.internal.pinned.MainQueue;
import io.boc4j.internal.pinned.MainThreadWait;
import io.boc4j.internal.pinned.PumpWatchdog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The life cycle of one runtime object: which generation of workers runs (if any), starting one,
 * scheduling onto it, waiting for quiescence, teardown, and the final close with its shutdown drop.
 * {@link Boc} is the façade; this is the room where the state machine lives.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  down ──when/start──▶ running ──waitAll (quiescent)──▶ down        (the next when restarts)
 *                         │
 *                         └──close──▶ closed                            (for good)
 * </pre>
 *
 * {@code current} is the running generation or null; {@code closed} is set once, first thing in
 * {@link #close()}. Both are volatile and written under {@code lock}; readers on the scheduling
 * path read them without the lock. A teardown holds the lock from the successful {@code
 * tryBeginStop} until {@code current} is cleared, so a {@code when} that found the generation
 * stopping waits on the lock and then starts the next one.
 *
 * <p>It also owns what outlives generations and is not API: the lifetime statistics, the listeners,
 * the main-thread binding, the pump watchdog and the wait-pump cadence.
 */
final class Lifecycle implements Noticeboard.BoardRuntime {

  private static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  /**
   * How long close() waits, after the shutdown timeout expired and unstarted behaviours were
   * dropped, for bodies still running before it abandons their workers.
   */
  static final long DROP_GRACE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

  private final int defaultWorkers;
  private final Duration shutdownTimeout;
  private final String threadNamePrefix;
  private final long backPressureLimit;
  private final Long deterministicSeed;
  final Listeners listeners = new Listeners();
  final Lifetime lifetime = new Lifetime();
  final MainBinding binding = new MainBinding();
  final PumpWatchdog watchdog;
  final Noticeboard noticeboard;

  /** The auto-pump cadence of waitAll/quiesce on the main thread; re-read by every wait. */
  volatile long waitPumpPollNanos;

  private final Object lock = new Object();
  private volatile Generation current;
  private volatile boolean closed;

  Lifecycle(int defaultWorkers, Duration shutdownTimeout, String threadNamePrefix,
      long backPressureLimit, Duration waitPumpPoll, int noticeboardCapacity,
      int noticeboardMaxKeyBytes, Long deterministicSeed) {
    this.deterministicSeed = deterministicSeed;
    this.defaultWorkers = defaultWorkers;
    this.shutdownTimeout = shutdownTimeout;
    this.threadNamePrefix = threadNamePrefix;
    this.backPressureLimit = backPressureLimit;
    this.waitPumpPollNanos = waitPumpPoll.toNanos();
    this.watchdog = new PumpWatchdog(this, Lifecycle::mainQueueOf, listeners);
    this.noticeboard = new Noticeboard(this, noticeboardCapacity, noticeboardMaxKeyBytes);
  }

  /**
   * Deterministic mode: the waiting thread runs ready behaviours one at a time, in the seeded order,
   * until none is in flight. Time does not pass for the program: the wait fails at once when work
   * is in flight but nothing is ready for this thread (it waits for another thread, or for pinned
   * work bound elsewhere). The deadline only bounds a program that never stops scheduling.
   */
  private static void driveDeterministically(Generation g, long deadline, String timeoutText)
      throws TimeoutException {
    for (long steps = 0; g.terminator().inFlight() != 0; steps++) {
      if ((steps & 1023) == 1023 && Timeouts.remaining(deadline) <= 0) {
        throw new TimeoutException("deterministic runtime: behaviours still in flight after "
            + timeoutText + " (" + steps + " run by this wait); the program keeps scheduling");
      }
      if (!g.runOneDeterministically()) {
        throw new TimeoutException("deterministic runtime: " + g.terminator().inFlight()
            + " behaviour(s) in flight and none ready for " + Thread.currentThread().getName()
            + " (they wait for a cown another thread holds, or for pinned work bound to another"
            + " thread); in deterministic mode only the waiting thread runs behaviours");
      }
    }
  }

  /**
   * Deterministic mode: a synchronous take from the driving thread runs ready behaviours until its
   * cowns are granted (nothing else would run them).
   *
   * @throws IllegalStateException if nothing is ready and the take is still not granted
   */
  void driveUntilGranted(Take take) {
    Generation g = current;
    if (g == null || !g.isDeterministic()) {
      return;
    }
    while (!take.isGranted()) {
      if (!g.runOneDeterministically()) {
        throw new IllegalStateException("acquire: in deterministic mode the cown is held by work"
            + " no thread can run; quiesce before taking it");
      }
    }
  }

  /** The running generation, or null. Any thread; no lock. */
  Generation generation() {
    return current;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  long backPressureLimit() {
    return backPressureLimit;
  }

  private static MainQueue mainQueueOf(Lifecycle lc) {
    Generation g = lc.current;
    return g == null ? null : g.mainQueue();
  }

  /** Waits for quiescence and keeps the generation: see {@link Boc#quiesce}. */
  WaitResult quiesce(long deadline, String timeoutText)
      throws TimeoutException, InterruptedException {
    Generation g = current;
    if (g == null) {
      return WaitResult.EMPTY;
    }
    awaitQuiescence(g, deadline, timeoutText, true);
    Map<String, Object> board = noticeboard.commitAndSnapshot();
    return new WaitResult(g.workerStats(), board);
  }

  /** Waits for quiescence, then tears the generation down: see {@link Boc#waitAll}. */
  WaitResult awaitAndTearDown(long deadline, String timeoutText, boolean raiseStarvation)
      throws TimeoutException, InterruptedException {
    while (true) {
      Generation g = current;
      if (g == null) {
        return WaitResult.EMPTY;
      }
      awaitQuiescence(g, deadline, timeoutText, raiseStarvation);
      synchronized (lock) {
        if (current != g || !g.tryBeginStop()) {
          continue; // torn down by another caller, or new work arrived: look again
        }
        List<WorkerStats> stats = g.workerStats();
        Map<String, Object> board = noticeboard.commitAndSnapshot();
        g.stop();
        lifetime.retire(g); // before current is cleared: stats() never counts g twice or not at all
        current = null; // before the board closes: a writer that sees it open sees a runtime
        noticeboard.onTeardown();
        return new WaitResult(stats, board);
      }
    }
  }

  /** Closes the runtime for good: see {@link Boc#close()}. */
  void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true; // refuse new external work from now on
    }
    Generation dropped = null;
    Throwable failure = null;
    boolean interrupted = false;
    String timeoutText = String.valueOf(shutdownTimeout);
    try {
      try {
        awaitAndTearDown(Timeouts.deadline(shutdownTimeout, "shutdownTimeout"), timeoutText, false);
      } catch (TimeoutException e) {
        dropped = current;
        if (dropped != null) {
          dropped.dropUnstarted();
          // What has not started is dropped now; what still runs gets a short grace, not a second
          // full timeout, so close() is bounded by the shutdown timeout plus DROP_GRACE.
          awaitAndTearDown(System.nanoTime() + DROP_GRACE_NANOS, timeoutText, false);
        }
      }
    } catch (TimeoutException e) {
      if (dropped != null) {
        dropped.settleWaiting(); // what queued behind those bodies since the drop began (L22)
      }
      LOG.log(System.Logger.Level.WARNING,
          "close: bodies still running after the shutdown timeout; their workers are abandoned");
      abandon();
    } catch (InterruptedException e) {
      interrupted = true;
      abandon();
    } catch (RuntimeException | Error e) { // a pinned body's Error during the main thread's wait
      failure = e;
      Generation g = current;
      if (g != null) {
        g.dropUnstarted();
        dropped = g;
      }
      abandon();
    } finally {
      watchdog.close();
      binding.clear(); // the binding ends with the runtime (P23)
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable dropFailure = dropped == null ? null : dropped.takeDropFailure();
    if (failure == null) {
      failure = dropFailure;
    } else if (dropFailure != null) {
      failure.addSuppressed(dropFailure);
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException(
          "close: dropping a behaviour at shutdown failed; every behaviour was still dropped and the"
              + " runtime is shut down", failure);
    }
  }

  private void abandon() {
    synchronized (lock) {
      Generation g = current;
      if (g != null) {
        lifetime.retire(g); // before current is cleared (see Lifetime)
      }
      current = null;
      if (g != null) {
        g.abandon();
        noticeboard.onTeardown();
      }
    }
  }

  /**
   * Schedules a runtime-internal fire-and-forget action on the running generation only: never starts
   * one and never waits for back-pressure. For the noticeboard's drain rounds.
   *
   * @return false if no generation is running or it is shutting down
   */
  @Override
  public boolean runInternal(Action.Of0 action) {
    Generation g = current;
    return g != null
        && g.schedule(UserBehaviour.ofAll(BodyCall.RUN0, action, Scheduling.NONE), Generation.NEVER_HOLD, "run");
  }

  /** Starts the runtime if it is down (the noticeboard's seed does). Package-private. */
  @Override
  public void ensureStarted() {
    if (current == null) {
      startGeneration(0);
    }
  }

  private void awaitQuiescence(
      Generation g, long deadline, String timeoutText, boolean raiseStarvation)
      throws TimeoutException, InterruptedException {
    if (g.isDeterministic()) {
      driveDeterministically(g, deadline, timeoutText);
      return;
    }
    MainThreadWait between =
        new MainThreadWait(g.pump(), g.mainQueue(), watchdog, () -> waitPumpPollNanos, deadline,
            raiseStarvation);
    try {
      g.terminator().awaitZero(deadline, timeoutText, between);
    } catch (TimeoutException e) {
      long depth = g.mainQueue().depth();
      if (depth == 0) {
        throw e;
      }
      Thread main = g.pump().mainThread();
      throw new TimeoutException(
          e.getMessage() + "; " + depth + " pinned behaviour(s) wait for the main thread ("
              + (main == null ? "none is bound" : main.getName()) + ") to pump them");
    }
  }


  // --- internals ------------------------------------------------------------------------------

  /**
   * Schedules {@code b} on the running generation, starting one if none runs.
   *
   * @param maxWaitNanos how long admission may hold a plain-thread caller over the limit
   * @param how the public form used, for messages
   */
  void submit(Behaviour b, long maxWaitNanos, String how) {
    Generation g = current;
    if (g != null && !closed && g.schedule(b, maxWaitNanos, how)) {
      return;
    }
    while (true) {
      if (closed && !BodyScope.inBody()) { // bodies still running during close may chain work
        throw new IllegalStateException(
            "this Boc runtime is closed; create a new Boc to schedule more behaviours");
      }
      g = current;
      if (g == null) {
        if (closed) {
          throw new IllegalStateException("this Boc runtime is closed");
        }
        g = startGeneration(0);
      }
      if (g.schedule(b, maxWaitNanos, how)) {
        return;
      }
      if (!g.isStopped()) {
        throw new IllegalStateException(
            "this Boc runtime is shutting down (waitAll is tearing it down); schedule again after"
                + " waitAll returns, which starts a fresh runtime");
      }
      synchronized (lock) {
        // teardown holds the lock until `current` is cleared; then retry on a fresh generation
      }
    }
  }

  /** Starts a generation unless one runs; 0 asks for the configured worker count. */
  Generation startGeneration(int requested) {
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "start: cannot start a runtime from a worker thread; start it from the main program");
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(
            "start: this Boc runtime is closed; create a new Boc instead");
      }
      Generation g = current;
      if (g != null) {
        if (requested != 0 && requested != g.workerCount()) {
          throw new IllegalStateException(
              "start: the runtime is already running with " + g.workerCount()
                  + " workers, not " + requested + "; call waitAll() first to restart it with "
                  + requested);
        }
        return g;
      }
      int n = requested != 0 ? requested : defaultWorkers;
      g = deterministicSeed != null
          ? Generation.startDeterministic(deterministicSeed, binding, listeners)
          : Generation.start(n, threadNamePrefix, backPressureLimit, binding, listeners);
      noticeboard.onStart(); // before publishing g: a writer that sees the runtime sees the board open
      current = g;
      return g;
    }
  }

}
