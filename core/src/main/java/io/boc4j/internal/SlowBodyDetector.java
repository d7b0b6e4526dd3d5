package io.boc4j.internal;

import io.boc4j.SlowBody;
import io.boc4j.internal.time.NanoClock;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The slow-body detector of one runtime: reports a worker that has been running one behaviour (its
 * body, or the completion callbacks that run on the worker right after it) for longer than a
 * threshold, with that worker's stack, once per behaviour. The workers' counterpart of the pump
 * watchdog ({@link io.boc4j.internal.pinned.PumpWatchdog}).
 *
 * <h2>What the hot path pays</h2>
 *
 * Nothing but two opaque stores per behaviour on the worker's own padded counter line ({@link
 * Counters#BODY_EDGES}: odd while a behaviour runs); no clock read, no fence, nothing shared. The
 * detector does the timing: a timer of the runtime's clock samples every runner's edge count each
 * quarter of the threshold. An odd count it has not seen before is a behaviour that started since
 * the previous sample; it remembers when it first saw it, and reports it at the first sample at
 * which it has seen the same odd count for the whole threshold. So a behaviour is reported between
 * the threshold and the threshold plus one sample period after it started, the elapsed time in the
 * report is a lower bound (short by less than one period), and a behaviour that ends within the
 * threshold is never reported. A new count per behaviour (the count only grows) makes "the same
 * behaviour" exact: no two behaviours of one runner share an odd count.
 *
 * <h2>Threads and memory ordering</h2>
 *
 * The sampling state below is touched only by the check, which never runs concurrently with itself
 * (one timer thread, or a virtual clock's serialised advances); it needs no ordering of its own.
 * An edge count is read opaque: a per-location read that always makes progress, which is all the
 * detector needs, because it compares one location with itself over time and never relates it to
 * another location. The runner's stack is read with {@link Thread#getStackTrace()} only when a
 * report is due, and the edge count is read again afterwards: if it moved, the behaviour ended
 * while its stack was read, and the report carries no stack rather than someone else's.
 *
 * <p>With the system clock the timer is a daemon thread, {@code boc4j-slow-bodies-<runtime>},
 * started with the runtime object and stopped by {@code close()}; it holds the runtime only weakly
 * and stops if the runtime is garbage-collected without being closed. Between generations it finds
 * nothing to sample.
 */
public final class SlowBodyDetector {

  private static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  /** How long close() waits for the timer's thread to end. */
  private static final long STOP_WAIT_MILLIS = 1_000;

  private final WeakReference<Object> owner;
  private final Function<Object, Generation> generationOf;
  private final Listeners listeners;
  private final long thresholdNanos;
  private final long periodNanos;
  private final AtomicLong reported = new AtomicLong();

  private NanoClock.Timer timer; // guarded by this
  private boolean closed; // guarded by this

  // Sampling state: the check's own (see the class notes). One slot per runner of `sampled`.
  private Generation sampled;
  private long[] seenEdges = new long[0];
  private long[] firstSeenAt = new long[0];
  private long[] reportedEdges = new long[0];

  /**
   * Creates a detector (not started) for {@code runtime}.
   *
   * @param runtime the runtime, referenced weakly
   * @param generationOf the runtime's running generation, or null; must not capture the runtime
   * @param listeners told about every report; their clock times the behaviours
   * @param thresholdNanos report behaviours running longer than this; positive
   */
  @SuppressWarnings("unchecked")
  public <O> SlowBodyDetector(
      O runtime, Function<O, Generation> generationOf, Listeners listeners, long thresholdNanos) {
    this.owner = new WeakReference<>(runtime);
    this.generationOf = (Function<Object, Generation>) generationOf;
    this.listeners = listeners;
    this.thresholdNanos = thresholdNanos;
    this.periodNanos = Math.max(1, thresholdNanos / 4);
  }

  /**
   * Starts sampling, on a timer of the runtime's clock named after {@code runtimeName}. Once; a no-op
   * after {@link #close()}.
   */
  public synchronized void start(String runtimeName) {
    if (timer == null && !closed) {
      timer = listeners.clock().start("boc4j-slow-bodies-" + runtimeName, this::sample);
    }
  }

  /**
   * Stops sampling for good (the runtime closed) and waits a little for the timer's thread to end.
   */
  public void close() {
    NanoClock.Timer t;
    synchronized (this) {
      closed = true;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.stopAndAwait(STOP_WAIT_MILLIS); // outside the monitor: a listener may close the runtime
    }
  }

  /** Behaviours reported since the runtime was built. Any thread. */
  public long reported() {
    return reported.get();
  }

  /** The threshold, in nanoseconds. */
  public long thresholdNanos() {
    return thresholdNanos;
  }

  // --- the check ------------------------------------------------------------------------------

  /** One sample at {@code now}: reports what is due; returns when to sample again. */
  private long sample(long now) {
    Object runtime = owner.get();
    if (runtime == null) {
      return NanoClock.Check.STOP; // the runtime was collected without close()
    }
    Generation g = generationOf.apply(runtime);
    runtime = null; // hold the runtime only while asking for its generation
    if (g != sampled) {
      watch(g);
    }
    if (g == null) {
      return now + periodNanos;
    }
    for (int i = 0; i < seenEdges.length; i++) {
      long edges = g.runnerEdges(i);
      if ((edges & 1) == 0) {
        continue; // between behaviours
      }
      if (edges != seenEdges[i]) {
        seenEdges[i] = edges; // a behaviour that started since the last sample
        firstSeenAt[i] = now;
        continue;
      }
      long elapsed = now - firstSeenAt[i];
      if (elapsed >= thresholdNanos && reportedEdges[i] != edges) {
        reportedEdges[i] = edges; // once per behaviour
        report(g, i, edges, elapsed);
      }
    }
    return now + periodNanos;
  }

  /** Starts sampling {@code g} (or nothing): fresh state, one slot per runner. */
  private void watch(Generation g) {
    sampled = g;
    int n = g == null ? 0 : g.runners();
    seenEdges = new long[n];
    firstSeenAt = new long[n];
    reportedEdges = new long[n];
    Arrays.fill(seenEdges, -1); // no odd count seen yet
    Arrays.fill(reportedEdges, -1);
  }

  private void report(Generation g, int runner, long edges, long elapsedNanos) {
    Thread t = g.runnerThread(runner);
    if (t == null) {
      return; // a deterministic driver left between the two reads: the behaviour has ended
    }
    StackTraceElement[] stack = t.getStackTrace();
    if (g.runnerEdges(runner) != edges) {
      stack = new StackTraceElement[0]; // it ended while its stack was read: that stack is not its
    }
    reported.incrementAndGet();
    SlowBody report = new SlowBody(t.getName(), Duration.ofNanos(elapsedNanos), List.of(stack));
    LOG.log(Level.WARNING, message(report), new BodyStack(report));
    listeners.slowBody(report);
  }

  private String message(SlowBody r) {
    return "slow body: " + r.thread() + " has been running one behaviour (its body, or the"
        + " completion callbacks after it) for at least " + r.elapsed().toMillis() + " ms, longer"
        + " than slowBodyThreshold " + TimeUnit.NANOSECONDS.toMillis(thresholdNanos) + " ms;"
        + " meanwhile that worker runs nothing else and the behaviour keeps its cowns. Its stack"
        + (r.stack().isEmpty() ? " could not be read: the behaviour ended as it was read"
            : " follows") + ". Do not block in bodies or callbacks: chain with when(result, ...),"
        + " or move blocking callbacks off the workers with toCompletionStage(executor)";
  }

  /** Carries a slow worker's stack into the log record, so log frameworks print it as a trace. */
  private static final class BodyStack extends Throwable {
    BodyStack(SlowBody r) {
      super("stack of " + r.thread() + " after " + r.elapsed().toMillis() + " ms", null, false,
          true);
      setStackTrace(r.stack().toArray(new StackTraceElement[0]));
    }
  }
}
