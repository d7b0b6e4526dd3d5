package io.boc4j;

import io.boc4j.internal.BodyScope;
import io.boc4j.internal.Generation;
import io.boc4j.internal.pinned.MainBinding;
import io.boc4j.internal.pinned.MainQueue;
import io.boc4j.internal.pinned.Pump;
import io.boc4j.internal.pinned.PumpWatchdog;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A runtime's main thread: the one thread that runs behaviours over {@link PinnedCown}s. Obtain it
 * with {@link Boc#mainThread()}; it is the same object for the runtime's whole life.
 *
 * <h2>Binding</h2>
 *
 * One thread per runtime is the main thread, bound by the first of: {@link #bind()}, a {@link #pump},
 * or a {@code waitAll} / {@code quiesce} on a thread that finds pinned work queued while no thread is
 * bound (the Reactor bridge's pump driver binds its scheduler's thread). The binding belongs to the
 * runtime object: it survives {@code waitAll}, teardown and restart, and ends only when the bound
 * thread calls {@link #release()} or at {@link Boc#close()}. A pinned body never runs on any other
 * thread, whoever calls {@code waitAll}.
 *
 * <h2>Pumping</h2>
 *
 * Pinned behaviours wait in the runtime's main queue until the main thread pumps: from its event loop
 * (a UI timer, a frame tick, a scheduled executor), or implicitly while it waits in {@code waitAll} /
 * {@code quiesce}. A pump on a runtime that is not running (never started, or between a {@code
 * waitAll} and the next {@code when}) returns {@link PumpResult#EMPTY} at once, so a periodic pump
 * loop survives a teardown; on a closed runtime it throws.
 *
 * <h2>Watchdog</h2>
 *
 * {@link #setPumpWatchdog} reports when the main queue has held work too long (it measures how long
 * the queue has been non-empty, not the time since the last pump).
 *
 * <p>Threading: {@link #pump} and {@link #release()} only on the (future) main thread; everything
 * else on any thread.
 */
public final class MainThread {

  private static final Duration DEFAULT_WATCHDOG_WARN = Duration.ofSeconds(1);
  private static final Duration LONGEST_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private final Boc boc;
  private final Lifecycle lifecycle;
  private final MainBinding binding;
  private final PumpWatchdog watchdog;

  MainThread(Boc boc, Lifecycle lifecycle) {
    this.boc = boc;
    this.lifecycle = lifecycle;
    this.binding = lifecycle.binding;
    this.watchdog = lifecycle.watchdog;
  }

  // --- pump -----------------------------------------------------------------------------------

  /**
   * Drains the main queue on the calling thread: {@code pump(PumpLimits.NONE)}.
   *
   * @return what ran
   * @throws IllegalStateException as for {@link #pump(PumpLimits)}
   * @throws PumpStarvationException as for {@link #pump(PumpLimits)}
   */
  public PumpResult pump() {
    return pump(PumpLimits.NONE);
  }

  /**
   * Runs ready pinned behaviours on the calling thread, which must be (or becomes) the main thread.
   *
   * <ul>
   *   <li>Drains the queue within {@code limits} and never blocks: on an empty queue it returns
   *       {@link PumpResult#EMPTY} at once. The queue is checked for emptiness before the deadline,
   *       so {@code deadlineReached} means work remained.
   *   <li>A body's exception lands on its result cown and counts in {@code raised}; the pump goes
   *       on. With {@link PumpLimits#raisingOnError()} the first one is rethrown after the loop,
   *       later ones added as suppressed (a checked one wrapped in {@link
   *       java.util.concurrent.CompletionException}); each result cown still holds its own.
   *   <li>An {@link Error} from a body propagates at once, after that behaviour's cleanup (cowns
   *       released, result cown marked); the rest stay queued for the next pump.
   *   <li>With no runtime running it binds the caller if no thread is bound and returns {@link
   *       PumpResult#EMPTY}.
   * </ul>
   *
   * @param limits deadline, count and error policy
   * @return what ran; not returned when an Error or (with raiseOnError) an exception propagates
   * @throws NullPointerException if limits is null
   * @throws IllegalStateException on a worker thread; on a thread other than the bound main thread;
   *     while another thread pumps; from inside a pinned body (pump is not reentrant); after close
   * @throws PumpStarvationException if the watchdog's raise threshold was crossed (once per
   *     non-empty period; nothing runs, the next pump proceeds)
   */
  public PumpResult pump(PumpLimits limits) {
    Objects.requireNonNull(limits, "pump: limits is null; pass PumpLimits.NONE to drain the queue");
    Thread me = Thread.currentThread();
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "pump was called on worker thread " + me.getName() + ": pinned behaviours run only on"
              + " the runtime's main thread; call pump from the main thread's loop");
    }
    if (lifecycle.isClosed()) {
      throw new IllegalStateException(
          "pump: this Boc runtime is closed; create a new Boc to run pinned behaviours");
    }
    Generation g = lifecycle.generation();
    if (g == null) {
      bindOrReject(me, "pump");
      watchdog.markPumped();
      return PumpResult.EMPTY; // not running: nothing can be queued; a pump loop survives teardown
    }
    Pump p = g.pump();
    p.enter(me);
    watchdog.markPumped();
    try {
      watchdog.checkRaise(g.mainQueue());
      return p.drain(limits.budgetNanos(), limits.count(), limits.raisesOnError());
    } finally {
      watchdog.markPumped();
      p.exit(me);
    }
  }

  // --- binding --------------------------------------------------------------------------------

  /**
   * Binds the calling thread as the main thread. Idempotent on the bound thread. Does not start the
   * runtime. Useful for an event loop (or the Reactor bridge's pump scheduler) that wants the binding
   * before its first pump, so that no {@code waitAll} elsewhere takes it.
   *
   * @throws IllegalStateException on a worker thread, if another thread is bound, or if closed
   */
  public void bind() {
    Thread me = Thread.currentThread();
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "mainThread().bind() was called on worker thread " + me.getName() + "; a worker cannot"
              + " be the main thread: call it from the thread that will pump");
    }
    if (lifecycle.isClosed()) {
      throw new IllegalStateException(
          "mainThread().bind(): this Boc runtime is closed; create a new Boc");
    }
    bindOrReject(me, "mainThread().bind()");
  }

  /**
   * Releases the calling thread's binding, so that another thread may become the main thread. A
   * no-op if no thread is bound.
   *
   * @throws IllegalStateException if another thread is bound, or inside a pinned body (while
   *     pumping)
   */
  public void release() {
    Generation g = lifecycle.generation();
    Thread me = Thread.currentThread();
    if (g != null) {
      g.pump().release(me);
      return;
    }
    Thread m = binding.thread();
    if (m != null && m != me) {
      throw new IllegalStateException(
          "mainThread().release(): the main thread of this runtime is " + m.getName() + ", not "
              + me.getName() + "; only the bound thread can release its binding");
    }
    binding.clear();
  }

  /**
   * The bound main thread, if any. Any thread.
   *
   * @return the thread
   */
  public Optional<Thread> thread() {
    return Optional.ofNullable(binding.thread());
  }

  /**
   * Whether the calling thread is the bound main thread. Any thread.
   *
   * @return true if so
   */
  public boolean isCurrent() {
    return binding.thread() == Thread.currentThread();
  }

  private void bindOrReject(Thread me, String what) {
    Thread witness = binding.bindOrGet(me);
    if (witness != me) {
      throw new IllegalStateException(
          what + " was called on " + me.getName() + ", but this runtime's main thread is "
              + witness.getName() + " (one main thread per runtime); call it from "
              + witness.getName() + ", or call mainThread().release() there first");
    }
  }

  // --- statistics -----------------------------------------------------------------------------

  /**
   * Pinned-work figures: main queue depth and age, time since the last pump, lifetime pump and
   * watchdog counts. No side effects; any thread; takes no lock that behaviours take.
   *
   * @return the snapshot (depth and age 0 when no runtime is running)
   */
  public PinnedStats stats() {
    long now = lifecycle.listeners.clock().nanoTime(); // the clock the queue's stamp was taken on
    Generation g = lifecycle.generation();
    long depth = 0;
    long ageMs = 0;
    if (g != null) {
      MainQueue q = g.mainQueue();
      depth = q.depth();
      long since = q.nonEmptySince();
      ageMs = since == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - since);
    }
    long last = watchdog.lastPumpNanos();
    long sinceLastPump = last == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - last));
    return new PinnedStats(depth, ageMs, sinceLastPump, binding.pumped(), binding.pumpFailures(),
        watchdog.warnings(), watchdog.raises());
  }

  // --- waits ----------------------------------------------------------------------------------

  /**
   * Sets how often {@code waitAll} / {@code quiesce} on the main thread pump while they wait
   * (default 50 ms, or {@link Boc.Builder#waitPumpPoll}). Waits in progress pick the new value up at
   * once; pinned work arriving wakes them early whatever the cadence. Any thread.
   *
   * @param poll positive
   * @throws NullPointerException if poll is null
   * @throws IllegalArgumentException if poll is zero, negative, or too long for nanoseconds
   */
  public void setWaitPumpPoll(Duration poll) {
    lifecycle.waitPumpPollNanos = validPoll(poll, "setWaitPumpPoll").toNanos();
    Generation g = lifecycle.generation();
    if (g != null) {
      g.terminator().wakeWaiters(); // a wait in progress re-reads the cadence now
    }
  }

  /**
   * The current wait-pump poll cadence.
   *
   * @return the cadence
   */
  public Duration waitPumpPoll() {
    return Duration.ofNanos(lifecycle.waitPumpPollNanos);
  }

  static Duration validPoll(Duration poll, String who) {
    Objects.requireNonNull(poll, who + ": poll is null; pass a positive Duration");
    if (poll.isZero() || poll.isNegative() || poll.compareTo(LONGEST_NANOS) >= 0) {
      throw new IllegalArgumentException(
          who + ": poll must be positive and fit in nanoseconds, got " + poll);
    }
    return poll;
  }

  // --- watchdog -------------------------------------------------------------------------------

  /**
   * Turns the pump watchdog on with a 1 s warn threshold, no raise, reporting to the logger
   * {@code io.boc4j.pinned}.
   *
   * @see #setPumpWatchdog(Duration, Duration, StarvationHandler)
   */
  public void setPumpWatchdog() {
    setPumpWatchdog(DEFAULT_WATCHDOG_WARN, null, null);
  }

  /**
   * Turns the pump watchdog on with a 1 s warn threshold, no raise, reporting to {@code onStarve}.
   *
   * @param onStarve the sink; null for the logger
   * @see #setPumpWatchdog(Duration, Duration, StarvationHandler)
   */
  public void setPumpWatchdog(StarvationHandler onStarve) {
    setPumpWatchdog(DEFAULT_WATCHDOG_WARN, null, onStarve);
  }

  /**
   * Configures the pump watchdog, which is off until this is called (or the builder set it). It
   * measures how long the main queue has been <em>non-empty</em> — not the time since the last pump
   * — so a program that does not use pinned cowns never trips it, however rarely it pumps.
   *
   * <ul>
   *   <li>Past {@code warn} it reports once per non-empty period (a period ends when the queue
   *       drains): {@code onStarve(WARN, message)}, or by default the logger {@code io.boc4j.pinned}
   *       at WARNING; every {@link BocListener} hears it too. The message gives the queue's age in ms
   *       and its depth. The check runs on the watchdog's own daemon timer thread, so the report
   *       arrives while the main thread is still stuck, not when it next pumps (with a {@link
   *       VirtualClock}, inside its {@code advance}, on the advancing thread).
   *   <li>Past {@code raise} (opt-in) it reports {@code onStarve(ERROR, message)}, and the main
   *       thread's next {@link #pump}, {@code waitAll} or {@code quiesce} throws {@link
   *       PumpStarvationException} naming the age and depth, once per period.
   *   <li>An {@code onStarve} that throws is logged; the watchdog keeps running.
   * </ul>
   *
   * Reconfiguring at any time, also while pinned work is queued, is allowed. With both thresholds
   * null the watchdog is off and its thread stops; it also stops at {@link Boc#close()}.
   *
   * @param warn positive; null turns warnings off
   * @param raise positive; null (the default) turns raising off
   * @param onStarve the sink; null for the logger
   * @throws IllegalArgumentException if warn or raise is zero, negative or too long for nanoseconds
   *     (the message names the parameter)
   */
  public void setPumpWatchdog(Duration warn, Duration raise, StarvationHandler onStarve) {
    watchdog.configure(thresholdNanos(warn, "warn"), thresholdNanos(raise, "raise"), onStarve);
  }

  /**
   * The pump watchdog's warn threshold, as last set by {@link #setPumpWatchdog} or the builder. For
   * dashboards that draw the threshold beside the queue's age. Any thread; takes no lock.
   *
   * @return the threshold, or empty while warnings are off (the watchdog's default)
   */
  public Optional<Duration> pumpWatchdogWarn() {
    long nanos = watchdog.warnNanos();
    return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  /**
   * The pump watchdog's raise threshold, as last set by {@link #setPumpWatchdog} or the builder. Any
   * thread; takes no lock.
   *
   * @return the threshold, or empty while raising is off (the default)
   */
  public Optional<Duration> pumpWatchdogRaise() {
    long nanos = watchdog.raiseNanos();
    return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  static long thresholdNanos(Duration d, String name) {
    if (d == null) {
      return 0;
    }
    if (d.isZero() || d.isNegative() || d.compareTo(LONGEST_NANOS) >= 0) {
      throw new IllegalArgumentException(
          "setPumpWatchdog: " + name + " must be positive and fit in nanoseconds, or null for off;"
              + " got " + d);
    }
    return d.toNanos();
  }

  @Override
  public String toString() {
    Thread t = binding.thread();
    return "MainThread[" + boc.name() + ", bound to " + (t == null ? "none" : t.getName()) + "]";
  }
}
