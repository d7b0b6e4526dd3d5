package io.boc4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures one cell in this JVM (one fork) and returns what it measured. Never throws and never
 * hangs past the run timeout plus a bounded close: a run that does not finish ends the fork as
 * {@code timeout}, one that fails or does not verify as {@code failed}.
 *
 * <p>Protocol: the implementation's session is opened (not timed); a small calibration run, then
 * the warm-up runs, each sized from the previous run's rate so that it takes about the target time;
 * then the measured runs, all of the size the last warm-up settled on; then the session is closed.
 * With a fixed operation count there is no calibration and every run uses that count.
 */
final class CellRunner {

  /** Progress of a cell, for the console and the parent process. */
  interface Listener {
    /**
     * A run of {@code cell} is about to start.
     *
     * @param cell the cell
     */
    default void onRunStart(Cell cell) {}

    /**
     * A run finished.
     *
     * @param cell the cell
     * @param phase calibrate, warmup or run
     * @param index the run's number within its phase, from 1
     * @param ops operations the run performed
     * @param rate its throughput
     */
    void onRun(Cell cell, String phase, int index, long ops, double rate);
  }

  private static final long CLOSE_TIMEOUT_MILLIS = 30_000;

  private final Settings settings;
  private final Listener listener;

  CellRunner(Settings settings, Listener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /** A run that did not complete normally. */
  private static final class RunFailure extends Exception {
    final String status;

    RunFailure(String status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private record Measurement(long ops, long nanos, JvmProbe.Window window, Trial trial) {
    double rate() {
      return ops * 1e9 / nanos;
    }
  }

  /** The sums over a fork's measured runs. */
  private static final class Tally {
    final List<Double> rates = new ArrayList<>();
    long measuredOps;
    long measuredNanos;
    long allocated;
    int lostThreads;
    long gcMillis;
    long peak;
    long peakOld;
    long foreignCpuNanos;
    long capacityNanos;
    long cpuNanos;
    Trial last;

    void add(Measurement m) {
      JvmProbe.Window w = m.window();
      last = m.trial();
      rates.add(m.rate());
      measuredOps += m.ops();
      measuredNanos += m.nanos();
      allocated += w.allocatedBytes();
      lostThreads += w.lostThreads();
      gcMillis += w.gcMillis();
      peak = Math.max(peak, w.peakHeapBytes());
      peakOld = Math.max(peakOld, w.peakOldGenBytes());
      foreignCpuNanos = w.foreignCpuNanos() < 0 || foreignCpuNanos < 0 ? -1
          : foreignCpuNanos + w.foreignCpuNanos();
      capacityNanos += w.capacityNanos();
      cpuNanos += w.processCpuNanos();
    }
  }

  /**
   * Measures one fork of a cell in this JVM; a polluted cell first runs {@link Pollution}.
   *
   * @param cell the cell
   * @return the outcome
   */
  ForkOutcome measure(Cell cell) {
    if (cell.mode() == Mode.CLEAN) {
      return measure(cell, null);
    }
    Map<String, Object> pollution;
    try {
      pollution = Pollution.warm(cell, this, settings);
    } catch (Exception e) {
      return ForkOutcome.withoutRuns("failed", "the polluted warm-up failed: " + e,
          ForkOutcome.currentPid(), ForkOutcome.currentJvmArgs());
    }
    return measure(cell, pollution);
  }

  private ForkOutcome measure(Cell cell, Map<String, Object> pollution) {
    Tally t = new Tally();
    long requested = 0;
    String status = Result.OK;
    String error = null;
    Session session = null;
    List<Double> handOff = new ArrayList<>();
    try {
      session = open(cell);
      requested = warmUp(cell, session);
      // Between runs nothing of the session runs, so the probe has both processors; it tells which
      // state the machine's cores were in for this fork (a W=2 number's scale; see HandOffProbe).
      handOff.add(HandOffProbe.quick());
      for (int i = 1; i <= settings.runs(); i++) {
        t.add(run(cell, session, "run", i, requested));
      }
      handOff.add(HandOffProbe.quick());
    } catch (RunFailure f) {
      status = f.status;
      error = f.getMessage();
    }
    String problem = session == null ? null : closeBounded(session);
    if (problem != null) {
      error = error == null ? problem : error + "; then " + problem;
      status = Result.OK.equals(status) ? "failed" : status;
    }
    // a trial may round the request (whole rounds, whole meals): report what the runs performed
    long opsPerRun = t.last == null ? requested : t.last.ops();
    return new ForkOutcome(status, error, t.rates, opsPerRun, t.measuredOps, t.measuredNanos,
        t.allocated, t.lostThreads, t.gcMillis, t.peak, t.peakOld, t.foreignCpuNanos,
        t.capacityNanos, t.cpuNanos, t.last == null ? Map.of() : t.last.params(),
        t.last == null ? Map.of() : t.last.facts(), ForkOutcome.currentPid(),
        ForkOutcome.currentJvmArgs(), pollution, Collections.unmodifiableList(handOff));
  }

  /**
   * Only warms a cell up (calibration and warm-up runs), as the polluted mode does with every peer.
   *
   * @param cell the cell
   * @return null if every run completed and verified, else what went wrong
   */
  String warmUpOnly(Cell cell) {
    Session session = null;
    String problem = null;
    try {
      session = open(cell);
      warmUp(cell, session);
    } catch (RunFailure f) {
      problem = f.status + ": " + f.getMessage();
    }
    String closing = session == null ? null : closeBounded(session);
    return problem != null ? problem : closing;
  }

  private static Session open(Cell cell) throws RunFailure {
    try {
      return cell.workload().open(cell.impl(), cell.config());
    } catch (Throwable t) {
      throw new RunFailure("failed", "could not set up: " + t);
    }
  }

  /** Calibrates and warms up; returns the operation count of the measured runs. */
  private long warmUp(Cell cell, Session session) throws RunFailure {
    Workload w = cell.workload();
    Config cfg = cell.config();
    boolean calibrate = settings.fixedOps() <= 0;
    long ops = calibrate ? w.calibrationOps(cfg) : settings.fixedOps();
    if (calibrate) {
      ops = size(w, cfg, run(cell, session, "calibrate", 1, ops));
    }
    for (int i = 1; i <= settings.warmups(); i++) {
      Measurement m = run(cell, session, "warmup", i, ops);
      if (calibrate) {
        ops = size(w, cfg, m);
      }
    }
    return ops;
  }

  private Measurement run(Cell cell, Session session, String phase, int index, long ops)
      throws RunFailure {
    listener.onRunStart(cell);
    Trial trial;
    JvmProbe.Sample before;
    long t0;
    long t1;
    boolean done;
    try {
      System.gc(); // start each run from a collected heap, so its GC time and peak are its own
      trial = session.prepare(ops);
      before = JvmProbe.begin();
      t0 = System.nanoTime();
      trial.start();
      done = trial.await(TimeUnit.MILLISECONDS.toNanos(settings.runTimeoutMillis()));
      t1 = System.nanoTime();
    } catch (Throwable t) {
      throw new RunFailure("failed", phase + " " + index + " threw " + t);
    }
    JvmProbe.Window window = JvmProbe.end(before);
    if (!done) {
      trial.cancel();
      throw new RunFailure("timeout", phase + " " + index + " (" + ops
          + " ops) did not finish within " + settings.runTimeoutMillis() / 1000.0 + " s");
    }
    String problem;
    try {
      problem = trial.verify();
    } catch (Throwable t) {
      problem = "verification threw " + t;
    }
    if (problem != null) {
      throw new RunFailure("failed", phase + " " + index + ": " + problem);
    }
    Measurement m = new Measurement(trial.ops(), t1 - t0, window, trial);
    listener.onRun(cell, phase, index, m.ops(), m.rate());
    return m;
  }

  private long size(Workload w, Config cfg, Measurement m) {
    double wanted = m.rate() * settings.targetMillis() / 1000.0;
    return Math.max(1_000, Math.min(w.maxOps(cfg), (long) wanted));
  }

  /** Closes the session on a helper thread, giving up after a bound; returns a problem or null. */
  private static String closeBounded(Session session) {
    Throwable[] failure = new Throwable[1];
    Thread closer = new Thread(() -> {
      try {
        session.close();
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, "bench-session-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      return "the implementation did not shut down within " + CLOSE_TIMEOUT_MILLIS / 1000 + " s";
    }
    return failure[0] == null ? null : "shutting down threw " + failure[0];
  }
}
