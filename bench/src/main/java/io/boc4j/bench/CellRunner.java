package io.boc4j.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures the cells of one workload configuration (one cell per implementation) and turns each
 * into a {@link Result}. Never throws and never hangs past the run timeout plus a bounded close: a
 * run that does not finish becomes a {@code timeout} record, one that fails or does not verify a
 * {@code failed} record, and the other implementations carry on.
 *
 * <p>Order: every implementation's session is opened, calibrated and warmed up in turn; then the
 * measured runs go round-robin over the implementations (run 1 of each, then run 2 of each, ...),
 * so that a slow spell of the machine (the build machine is a shared VM) hits every implementation
 * alike instead of one implementation's whole sample.
 *
 * <p>Sizing: unless a fixed operation count is given, the first run uses the workload's small
 * calibration count; each warm-up run is then sized from the previous run's rate so that it takes
 * about the target time, and the measured runs use the size the last warm-up settled on (the same
 * count for every measured run of a cell).
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
    /** A run of {@code cell} is about to start. */
    default void onRunStart(Cell cell) {}

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

  private record Measurement(long ops, long nanos, JvmProbe.Window window, Trial trial) {
    double rate() {
      return ops * 1e9 / nanos;
    }
  }

  /** One implementation's progress through the protocol. */
  private static final class CellState {
    final Cell cell;
    final Result.Builder record;
    Session session;
    long ops;
    final List<Double> rates = new ArrayList<>();
    long allocated;
    long measuredOps;
    long measuredNanos;
    long gcMillis;
    long peak;
    long peakOld;
    long foreignCpuNanos;
    long capacityNanos;
    int lostThreads;
    Trial last;

    CellState(Cell cell) {
      this.cell = cell;
      this.record = new Result.Builder(cell);
    }

    boolean alive() {
      return session != null;
    }
  }

  /** Measures one cell on its own. */
  Result run(Cell cell) {
    return runTogether(List.of(cell)).get(0);
  }

  /**
   * Measures cells that share a workload and configuration, interleaving their measured runs.
   *
   * @param cells the cells, one per implementation
   * @return one result per cell, in the same order
   */
  List<Result> runTogether(List<Cell> cells) {
    List<CellState> states = cells.stream().map(CellState::new).toList();
    for (CellState s : states) {
      open(s);
      try {
        if (s.alive()) {
          warmUp(s);
        }
      } catch (RunFailure f) {
        fail(s, f);
      }
    }
    for (int i = 1; i <= settings.runs(); i++) {
      for (CellState s : states) {
        if (!s.alive()) {
          continue;
        }
        try {
          Measurement m = measure(s, "run", i);
          s.last = m.trial();
          s.rates.add(m.rate());
          s.allocated += m.window().allocatedBytes();
          s.lostThreads += m.window().lostThreads();
          s.measuredOps += m.ops();
          s.measuredNanos += m.nanos();
          s.gcMillis += m.window().gcMillis();
          s.peak = Math.max(s.peak, m.window().peakHeapBytes());
          s.peakOld = Math.max(s.peakOld, m.window().peakOldGenBytes());
          if (m.window().foreignCpuNanos() < 0 || s.foreignCpuNanos < 0) {
            s.foreignCpuNanos = -1;
          } else {
            s.foreignCpuNanos += m.window().foreignCpuNanos();
          }
          s.capacityNanos += m.window().capacityNanos();
        } catch (RunFailure f) {
          fail(s, f);
        }
      }
    }
    List<Result> out = new ArrayList<>();
    for (CellState s : states) {
      if (s.alive()) {
        String problem = closeBounded(s.session);
        s.session = null;
        if (problem != null) {
          s.record.fail("failed", problem);
        }
      }
      out.add(finish(s));
    }
    return out;
  }

  private void open(CellState s) {
    try {
      s.session = s.cell.workload().open(s.cell.impl(), s.cell.config());
    } catch (Throwable t) {
      s.record.fail("failed", "could not set up: " + t);
    }
  }

  private void warmUp(CellState s) throws RunFailure {
    Workload w = s.cell.workload();
    Config cfg = s.cell.config();
    boolean calibrate = settings.fixedOps() <= 0;
    s.ops = calibrate ? w.calibrationOps(cfg) : settings.fixedOps();
    if (calibrate) {
      s.ops = size(w, cfg, measure(s, "calibrate", 1));
    }
    for (int i = 1; i <= settings.warmups(); i++) {
      Measurement m = measure(s, "warmup", i);
      if (calibrate) {
        s.ops = size(w, cfg, m);
      }
    }
  }

  /** Records the failure and shuts the implementation down; its remaining runs are skipped. */
  private static void fail(CellState s, RunFailure f) {
    s.record.fail(f.status, f.getMessage());
    if (s.session != null) {
      String problem = closeBounded(s.session);
      s.session = null;
      if (problem != null) {
        s.record.put("error", f.getMessage() + "; then " + problem);
      }
    }
  }

  private Result finish(CellState s) {
    Result.Builder b = s.record;
    b.samples(s.rates);
    if (!s.rates.isEmpty()) {
      b.put("gcShare", Math.min(1.0, s.gcMillis * 1e6 / s.measuredNanos));
      b.put("peakHeapBytes", s.peak);
      b.put("allocBytesPerOp", (double) s.allocated / s.measuredOps);
    }
    b.put("opsPerRun", s.ops);
    b.put("warmups", settings.warmups());
    b.put("peakOldGenBytes", s.rates.isEmpty() ? null : s.peakOld);
    b.put("allocComplete", s.lostThreads == 0);
    b.put("foreignCpuShare", s.foreignCpuNanos < 0 || s.capacityNanos == 0 ? null
        : Math.min(1.0, (double) s.foreignCpuNanos / s.capacityNanos));
    if (s.last != null) {
      b.put("params", s.last.params());
      b.putAll(s.last.facts());
    }
    b.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return b.build();
  }

  private Measurement measure(CellState s, String phase, int index) throws RunFailure {
    listener.onRunStart(s.cell);
    Trial trial;
    JvmProbe.Sample before;
    long t0;
    long t1;
    boolean done;
    try {
      System.gc(); // start each run from a collected heap, so its GC time and peak are its own
      trial = s.session.prepare(s.ops);
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
      throw new RunFailure("timeout", phase + " " + index + " (" + s.ops
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
    listener.onRun(s.cell, phase, index, m.ops(), m.rate());
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
