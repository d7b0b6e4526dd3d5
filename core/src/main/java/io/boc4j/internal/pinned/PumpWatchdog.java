package io.boc4j.internal.pinned;

import io.boc4j.PumpStarvationException;
import io.boc4j.StarvationHandler;
import io.boc4j.StarvationHandler.Severity;
import io.boc4j.internal.Listeners;
import io.boc4j.internal.time.NanoClock;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The pinned-queue starvation watchdog of one runtime, plus the figures it shares with the metrics
 * (last pump time, report counts). Configuration outlives runtime generations; each check looks at
 * the current generation's main queue.
 *
 * <h2>What it measures</h2>
 *
 * How long the main queue has been continuously <em>non-empty</em> ({@link
 * MainQueue#nonEmptySince}), not the time since the last pump: a program without pinned work never
 * has a non-empty main queue and so never trips it, however rarely it pumps. Each threshold is
 * reported at most once per non-empty period; the period is identified by its start stamp, and
 * "reported" is a CAS of that stamp into {@code warnedPeriod} / {@code errorPeriod}, so the timer
 * thread and the main thread never both report one period.
 *
 * <h2>Timer</h2>
 *
 * A timer of the runtime's clock ({@link NanoClock}, read from {@link Listeners#clock()}): with the
 * system clock a dedicated daemon thread, {@code boc4j-pump-watchdog}; with a test's virtual clock no
 * thread, the check runs inside the clock's advance. It is started by the first configuration that
 * enables a threshold and stopped when both are turned off or the runtime closes. It does not tick:
 * each check plans the next one exactly at the next threshold crossing of the current period, or,
 * with the queue empty, one smallest threshold later (a period that begins after now cannot cross a
 * threshold before now + threshold). An idle runtime with the default 1 s threshold costs one
 * wake-up per second; producers never signal it, so the pinned hot path pays nothing for it. It
 * holds its runtime only weakly and stops if the runtime is garbage-collected without being closed.
 *
 * <h2>Raise</h2>
 *
 * The starvation exception is thrown by the main thread itself ({@link #checkRaise}), at the entry
 * of pump and at each auto-pump of waitAll/quiesce: if the current period is older than the raise
 * threshold and has not raised yet, it throws (and reports ERROR if the timer had not yet). Deciding
 * on the main thread from the live age means a raise is never left armed for a period that already
 * ended.
 *
 * <h2>Memory ordering</h2>
 *
 * {@code config} is an immutable record behind a volatile field: a reader sees a whole
 * configuration. {@code lastPump} is single-writer (the pumping thread) and read by metrics:
 * volatile is enough. The queue's stamp and depth are argued in {@link MainQueue}.
 */
public final class PumpWatchdog {

  private static final System.Logger LOG = System.getLogger("io.boc4j.pinned");
  private static final long NEVER = 0;

  /** How long close() waits for the timer's thread to end. */
  private static final long STOP_WAIT_MILLIS = 1_000;

  /** An immutable configuration; 0 turns a threshold off; a null sink means the logger. */
  private record Config(long warnNanos, long raiseNanos, StarvationHandler sink) {
    boolean enabled() {
      return warnNanos > 0 || raiseNanos > 0;
    }

    long smallestThreshold() {
      if (warnNanos > 0 && raiseNanos > 0) {
        return Math.min(warnNanos, raiseNanos);
      }
      return Math.max(warnNanos, raiseNanos);
    }
  }

  private static final Config OFF = new Config(0, 0, null);

  private final WeakReference<Object> owner;
  private final Function<Object, MainQueue> queueOf;
  private final Listeners listeners;

  private volatile Config config = OFF;

  /** The running timer, or null while both thresholds are off. Guarded by this. */
  private NanoClock.Timer timer;

  private boolean closed; // guarded by this

  private final AtomicLong warnedPeriod = new AtomicLong(NEVER);
  private final AtomicLong errorPeriod = new AtomicLong(NEVER);
  private final AtomicLong raisedPeriod = new AtomicLong(NEVER);
  private final AtomicLong warnings = new AtomicLong();
  private final AtomicLong raises = new AtomicLong();

  /** The clock's time of the last pump, or {@link #NEVER}. Written by the pumping thread. */
  private volatile long lastPump = NEVER;

  /**
   * Creates a watchdog (off) for {@code runtime}.
   *
   * @param runtime the runtime, referenced weakly
   * @param queueOf the runtime's current main queue, or null when no generation runs; must not
   *     capture the runtime
   * @param listeners told about every report, besides the sink
   */
  @SuppressWarnings("unchecked")
  public <O> PumpWatchdog(O runtime, Function<O, MainQueue> queueOf, Listeners listeners) {
    this.owner = new WeakReference<>(runtime);
    this.queueOf = (Function<Object, MainQueue>) queueOf;
    this.listeners = listeners;
  }

  // --- configuration --------------------------------------------------------------------------

  /**
   * Sets the thresholds (0 = off) and the sink (null = the logger). Starts the timer if a threshold
   * is on, stops it if both are off; a running timer re-plans at once. Any thread.
   */
  public synchronized void configure(long warnNanos, long raiseNanos, StarvationHandler sink) {
    Config c = new Config(warnNanos, raiseNanos, sink);
    config = c;
    if (!c.enabled() || closed) {
      if (timer != null) {
        timer.stop();
        timer = null;
      }
      return;
    }
    if (timer == null) {
      timer = listeners.clock().start("boc4j-pump-watchdog", this::tick);
    } else {
      timer.replan(); // re-plan with the new thresholds
    }
  }

  /** The warn threshold in nanoseconds, 0 when off. One volatile read; any thread. */
  public long warnNanos() {
    return config.warnNanos;
  }

  /** The raise threshold in nanoseconds, 0 when off. One volatile read; any thread. */
  public long raiseNanos() {
    return config.raiseNanos;
  }

  /**
   * Stops the timer for good (the runtime closed) and waits a little for its thread to end, so that
   * a caller counting threads after {@code close()} finds it gone.
   */
  public void close() {
    NanoClock.Timer t;
    synchronized (this) {
      closed = true;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.stopAndAwait(STOP_WAIT_MILLIS); // outside the monitor: a check's listener may configure us
    }
  }

  // --- timer ----------------------------------------------------------------------------------

  /** One run of the timer at {@code now}; returns when to run again. */
  private long tick(long now) {
    Object runtime = owner.get();
    if (runtime == null) {
      return NanoClock.Check.STOP; // the runtime was collected without close()
    }
    return check(queueOf.apply(runtime), now);
  }

  /**
   * Reports the thresholds the current period has crossed and not yet reported.
   *
   * @return when the next crossing can happen (the clock's time)
   */
  private long check(MainQueue q, long now) {
    Config c = config;
    long idle = now + c.smallestThreshold();
    if (!c.enabled() || q == null) {
      return idle;
    }
    long since = q.nonEmptySince();
    if (since == 0) {
      return idle;
    }
    long age = now - since;
    long next = Long.MAX_VALUE;
    if (c.warnNanos > 0) {
      if (age < c.warnNanos) {
        next = since + c.warnNanos;
      } else if (claim(warnedPeriod, since)) {
        warnings.incrementAndGet();
        report(c, Severity.WARN, warnMessage(age, q.depth(), c));
      }
    }
    if (c.raiseNanos > 0) {
      if (age < c.raiseNanos) {
        next = Math.min(next, since + c.raiseNanos);
      } else if (claim(errorPeriod, since)) {
        report(c, Severity.ERROR, errorMessage(age, q.depth(), c));
      }
    }
    return next == Long.MAX_VALUE ? idle : next;
  }

  // --- main thread ----------------------------------------------------------------------------

  /**
   * On the main thread, at the entry of a pump or auto-pump: throws if the current non-empty period
   * is older than the raise threshold and has not raised yet.
   *
   * @throws PumpStarvationException naming the age and depth
   */
  public void checkRaise(MainQueue q) {
    Config c = config;
    if (c.raiseNanos == 0) {
      return;
    }
    long since = q.nonEmptySince();
    if (since == 0) {
      return;
    }
    long age = listeners.clock().nanoTime() - since;
    if (age < c.raiseNanos || !claim(raisedPeriod, since)) {
      return;
    }
    long depth = q.depth();
    if (claim(errorPeriod, since)) { // the timer has not reported this period yet
      report(c, Severity.ERROR, errorMessage(age, depth, c));
    }
    raises.incrementAndGet();
    throw new PumpStarvationException(
        "pump starvation: the main queue has been non-empty for " + millis(age) + " ms with "
            + depth + " pinned behaviour(s) queued, longer than raiseMs " + millis(c.raiseNanos)
            + "; the main thread is not pumping often enough: call pump more often (or raise the"
            + " threshold). Thrown once per non-empty period; the next pump proceeds",
        millis(age),
        depth);
  }

  /** Records a pump by the main thread (explicit or auto-pump), at its start and end. */
  public void markPumped() {
    long now = listeners.clock().nanoTime();
    lastPump = now == NEVER ? 1 : now; // volatile: single writer, read by metrics
  }

  /** The clock's time of the last pump ({@link Listeners#clock()}), or 0 if none. */
  public long lastPumpNanos() {
    return lastPump;
  }

  /** WARN reports made. */
  public long warnings() {
    return warnings.get();
  }

  /** Starvation exceptions thrown. */
  public long raises() {
    return raises.get();
  }

  // --- helpers --------------------------------------------------------------------------------

  private static boolean claim(AtomicLong reported, long period) {
    long last = reported.get();
    return last != period && reported.compareAndSet(last, period); // volatile CAS: one reporter
  }

  private void report(Config c, Severity severity, String message) {
    listeners.starvation(severity, message);
    StarvationHandler sink = c.sink;
    if (sink == null) {
      LOG.log(
          severity == Severity.WARN ? System.Logger.Level.WARNING : System.Logger.Level.ERROR,
          message);
      return;
    }
    try {
      sink.onStarve(severity, message);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING,
          "pump watchdog: the onStarve handler threw while reporting (" + message + "); the"
              + " watchdog keeps running: make the handler not throw",
          t);
    }
  }

  private static String warnMessage(long age, long depth, Config c) {
    return "pump watchdog: the main queue has been non-empty for " + millis(age) + " ms with "
        + depth + " pinned behaviour(s) queued (warnMs " + millis(c.warnNanos) + "); the main"
        + " thread is not pumping: call pump from its loop, or waitAll/quiesce on it";
  }

  private static String errorMessage(long age, long depth, Config c) {
    return "pump watchdog: the main queue has been non-empty for " + millis(age) + " ms with "
        + depth + " pinned behaviour(s) queued, longer than raiseMs " + millis(c.raiseNanos)
        + "; the main thread's next pump, waitAll or quiesce throws PumpStarvationException";
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
