package io.boc4j.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures one {@link Cell}: calibrates the run size, warms up, runs the measured repetitions, and
 * turns them into a {@link Result}. Never throws and never hangs past the run timeout plus a bounded
 * close: a run that does not finish becomes a {@code timeout} record, one that fails or does not
 * verify a {@code failed} record.
 *
 * <p>Sizing: unless a fixed operation count is given, the first run uses the workload's small
 * calibration count; each warm-up run is then sized from the previous run's rate so that it takes
 * about the target time, and the measured runs use the size the last warm-up settled on (the same
 * count for every measured run).
 */
final class CellRunner {

  /**
   * How cells are measured.
   *
   * @param runs measured runs per cell
   * @param warmups warm-up runs per cell (after calibration)
   * @param targetMillis target duration of one run
   * @param runTimeoutMillis a run taking longer is abandoned
   * @param fixedOps if positive, every run uses this many operations and there is no calibration
   */
  record Settings(int runs, int warmups, long targetMillis, long runTimeoutMillis, long fixedOps) {}

  /** Progress of a cell, for the console and the parent process. */
  interface Listener {
    /** A run finished; phase is calibrate, warmup or run. */
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

  private record Measurement(long ops, long nanos, JvmProbe.Window window) {
    double rate() {
      return ops * 1e9 / nanos;
    }
  }

  Result run(Cell cell) {
    long cellStart = System.nanoTime();
    Result.Builder b = new Result.Builder(cell);
    Workload w = cell.workload();
    Config cfg = cell.config();
    Session session;
    try {
      session = w.open(cell.impl(), cfg);
    } catch (Throwable t) {
      return b.fail("failed", "could not set up: " + t).samples(List.of()).build();
    }
    List<Double> rates = new ArrayList<>();
    long ops = settings.fixedOps() > 0 ? settings.fixedOps() : w.calibrationOps(cfg);
    long allocated = 0;
    long measuredOps = 0;
    long measuredNanos = 0;
    long gcMillis = 0;
    long peak = 0;
    long peakOld = 0;
    int lostThreads = 0;
    Trial last = null;
    try {
      if (settings.fixedOps() <= 0) {
        Measurement m = measure(cell, session, ops, "calibrate", 1).m;
        ops = size(w, cfg, m);
      }
      for (int i = 1; i <= settings.warmups(); i++) {
        Measurement m = measure(cell, session, ops, "warmup", i).m;
        if (settings.fixedOps() <= 0) {
          ops = size(w, cfg, m);
        }
      }
      for (int i = 1; i <= settings.runs(); i++) {
        Done d = measure(cell, session, ops, "run", i);
        Measurement m = d.m;
        last = d.trial;
        rates.add(m.rate());
        allocated += m.window().allocatedBytes();
        lostThreads += m.window().lostThreads();
        measuredOps += m.ops();
        measuredNanos += m.nanos();
        gcMillis += m.window().gcMillis();
        peak = Math.max(peak, m.window().peakHeapBytes());
        peakOld = Math.max(peakOld, m.window().peakOldGenBytes());
      }
    } catch (RunFailure f) {
      b.fail(f.status, f.getMessage());
    }
    String closeProblem = closeBounded(session);
    if (closeProblem != null && b.build().ok()) {
      b.fail("failed", closeProblem);
    }
    b.samples(rates);
    if (!rates.isEmpty()) {
      b.put("gcShare", Math.min(1.0, gcMillis * 1e6 / measuredNanos));
      b.put("peakHeapBytes", peak);
      b.put("allocBytesPerOp", (double) allocated / measuredOps);
    }
    b.put("opsPerRun", ops);
    b.put("warmups", settings.warmups());
    b.put("peakOldGenBytes", rates.isEmpty() ? null : peakOld);
    b.put("allocComplete", lostThreads == 0);
    if (last != null) {
      b.put("params", last.params());
      b.putAll(last.facts());
    }
    b.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    b.put("cellSeconds", (System.nanoTime() - cellStart) / 1e9);
    return b.build();
  }

  private record Done(Measurement m, Trial trial) {}

  private Done measure(Cell cell, Session session, long ops, String phase, int index)
      throws RunFailure {
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
      throw new RunFailure("timeout", phase + " " + index + " (" + ops + " ops) did not finish within "
          + settings.runTimeoutMillis() / 1000.0 + " s");
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
    Measurement m = new Measurement(trial.ops(), t1 - t0, window);
    listener.onRun(cell, phase, index, m.ops(), m.rate());
    return new Done(m, trial);
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
