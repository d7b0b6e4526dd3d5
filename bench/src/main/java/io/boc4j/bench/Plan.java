package io.boc4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a suite run will do, decided before anything runs: the cells the options select, the
 * launches that measure them in order, and how long that takes.
 *
 * <p>Every launch measures one cell in one fresh JVM (one fork). The order is JMH's: configurations
 * one after another, and within a configuration fork 1 of every implementation (and polluted cell),
 * then fork 2 of each, and so on (A B A B ...). So a slow spell of the shared machine hits every
 * implementation of a configuration alike, and no implementation has all its forks in one spell.
 *
 * <p>The duration is computed from the plan: each launch costs a JVM start, the implementation's
 * start and calibration, and (warm-ups + runs) runs of {@code --target-ms} each plus a constant per
 * run for the collection and fresh state before it; a polluted launch first starts, calibrates and
 * warms up every implementation of its workload and runs the lambda mix. The constants come from
 * the 2-core build machine (measured while it was loaded: the CPU time of a launch); the JSON records
 * what each launch and the whole run really took, so the estimate can be checked.
 */
final class Plan {

  /**
   * One child JVM's work: one fork of one cell.
   *
   * @param sequence position in the suite's launch order, from 1
   * @param cell the cell
   * @param fork which fork of the cell, from 1
   */
  record Launch(int sequence, Cell cell, int fork) {}

  /** JVM start, class loading, writing the outcome: about 1.3 s of CPU time on the build machine. */
  static final double LAUNCH_SECONDS = 1.5;

  /** Opening and closing one implementation (a Pekko actor system takes longest) and calibrating. */
  static final double SESSION_SECONDS = 0.5;

  /** The two cache-line hand-off probes around the measured runs ({@link HandOffProbe#quick}). */
  static final double PROBE_SECONDS = 0.2;

  /** The collection and the fresh state before each run. */
  static final double RUN_OVERHEAD_SECONDS = 0.1;

  private final List<Cell> cells;
  private final List<Launch> launches;
  private final Settings settings;

  private Plan(List<Cell> cells, Settings settings) {
    this.cells = cells;
    this.settings = settings;
    this.launches = interleave(cells, Math.max(1, settings.forks()));
  }

  /**
   * The plan the options select.
   *
   * @param o the options
   * @return the plan
   */
  static Plan of(Options o) {
    List<Cell> cells = new ArrayList<>();
    Options.Selection s = o.selection;
    for (Workload w : Workloads.all()) {
      if (s.workloads != null && !s.workloads.contains(w.name())) {
        continue;
      }
      for (Config c : w.configs(o.dimensions(w))) {
        for (String impl : w.impls()) {
          if (s.impls == null || s.impls.contains(impl)) {
            cells.add(new Cell(w, impl, c, Mode.CLEAN));
          }
        }
        for (String impl : w.impls()) {
          if (s.polluted && w.runsOnBoc4j(impl) && (s.impls == null || s.impls.contains(impl))) {
            cells.add(new Cell(w, impl, c, Mode.POLLUTED));
          }
        }
      }
    }
    return new Plan(cells, o.settings());
  }

  /** Fork 1 of each cell of a configuration, then fork 2 of each, ...; configurations in turn. */
  private static List<Launch> interleave(List<Cell> cells, int forks) {
    Map<String, List<Cell>> byConfiguration = new LinkedHashMap<>();
    for (Cell c : cells) {
      byConfiguration.computeIfAbsent(c.workload().name() + "|" + c.config().keyPart(),
          k -> new ArrayList<>()).add(c);
    }
    List<Launch> out = new ArrayList<>();
    for (List<Cell> group : byConfiguration.values()) {
      for (int f = 1; f <= forks; f++) {
        for (Cell c : group) {
          out.add(new Launch(out.size() + 1, c, f));
        }
      }
    }
    return out;
  }

  /** @return the cells, in the order their records are written */
  List<Cell> cells() {
    return cells;
  }

  /** @return the launches, in the order they run */
  List<Launch> launches() {
    return launches;
  }

  /** @return the computed wall time of the whole plan, in seconds */
  double estimatedSeconds() {
    double sum = 0;
    for (Launch l : launches) {
      sum += estimatedSeconds(l.cell());
    }
    return sum;
  }

  private double estimatedSeconds(Cell c) {
    double target = settings.targetMillis() / 1000.0;
    double perRun = target + RUN_OVERHEAD_SECONDS;
    double seconds = LAUNCH_SECONDS + SESSION_SECONDS + PROBE_SECONDS
        + (settings.warmups() + settings.runs()) * perRun;
    if (c.mode() == Mode.POLLUTED) {
      int peers = c.workload().impls().size();
      seconds += peers * (SESSION_SECONDS + settings.warmups() * perRun)
          + Pollution.mixMillis(settings) / 1000.0;
    }
    return seconds;
  }

  /** The plan as {@code --list} prints it: {@link #summary()}, then every launch. */
  String describe() {
    StringBuilder sb = new StringBuilder(summary());
    for (Launch l : launches) {
      sb.append(String.format(Locale.ROOT, "%4d  fork %d  %s%n", l.sequence(), l.fork(),
          l.cell().key()));
    }
    return sb.toString();
  }

  /** Two lines: what runs, by the formula, and the computed duration. */
  String summary() {
    StringBuilder sb = new StringBuilder();
    long polluted = cells.stream().filter(c -> c.mode() == Mode.POLLUTED).count();
    sb.append(String.format(Locale.ROOT,
        "%d cells (%d polluted) x %d fork(s) = %d launches, each: JVM start (%.1f s), "
            + "implementation start and calibration (%.1f s), %d warm-up + %d measured runs of "
            + "%d ms (+%.1f s each), hand-off probes (%.1f s)%s%n",
        cells.size(), polluted, Math.max(1, settings.forks()), launches.size(), LAUNCH_SECONDS,
        SESSION_SECONDS, settings.warmups(), settings.runs(), settings.targetMillis(),
        RUN_OVERHEAD_SECONDS, PROBE_SECONDS,
        polluted > 0 ? "; a polluted one first warms every implementation of its workload "
            + "and runs the lambda mix" : ""));
    sb.append(String.format(Locale.ROOT, "estimated duration: %s%n", duration(estimatedSeconds())));
    return sb.toString();
  }

  /** 1234 seconds as {@code 20 min 34 s}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }
}
