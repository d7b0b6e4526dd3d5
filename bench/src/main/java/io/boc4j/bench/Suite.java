package io.boc4j.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One suite run: carries out a {@link Plan} launch by launch, merges each cell's forks into its
 * record and assembles the JSON document (machine, settings, plan, workloads, records).
 */
final class Suite {

  /** The document's schema: 2 added forks, modes, launches and the plan. */
  static final int SCHEMA = 2;

  private final Options options;
  private final Plan plan;
  private final Progress progress;
  private final PrintStream log;

  Suite(Options options, Plan plan, Progress progress, PrintStream log) {
    this.options = options;
    this.plan = plan;
    this.progress = progress;
    this.log = log;
  }

  /**
   * Runs every launch.
   *
   * @return the JSON document
   * @throws Exception if a launch could not be set up or the run was interrupted
   */
  Map<String, Object> run() throws Exception {
    Settings s = options.settings();
    log.print(plan.summary());
    if (s.forks() == 0) {
      log.println("--forks 0: every cell runs in this JVM, after the ones before it; "
          + "the numbers depend on that history (for tests only)");
    }
    boolean probe = !options.selection.quick;
    Double loadAtStart = Machine.loadAverage();
    Double speedupAtStart = probe ? Machine.parallelSpeedup() : null;
    Double handOffAtStart = probe ? HandOffProbe.measure() : null;
    long start = System.nanoTime();
    Launcher launcher = s.forks() == 0 ? Launcher.inThisJvm(s, progress)
        : new ForkedLauncher(s, options.jvmArgs(), log);
    Map<Cell, List<Aggregation.Fork>> forks = new LinkedHashMap<>();
    plan.cells().forEach(c -> forks.put(c, new ArrayList<>()));
    for (Plan.Launch l : plan.launches()) {
      long t0 = System.nanoTime();
      ForkOutcome o = launcher.run(l);
      forks.get(l.cell()).add(new Aggregation.Fork(l, o, (System.nanoTime() - t0) / 1e9));
      progress.onFork(l, o);
    }
    List<Result> results = new ArrayList<>();
    for (Cell c : plan.cells()) {
      Result r = Aggregation.merge(c, forks.get(c), s);
      progress.onCell(c, r);
      results.add(r);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return document(results, seconds,
        Machine.describe(speedupAtStart, handOffAtStart, loadAtStart, probe));
  }

  private Map<String, Object> document(List<Result> results, double seconds,
      Map<String, Object> machine) {
    Settings s = options.settings();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    doc.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    doc.put("command", String.join(" ", options.raw));
    doc.put("suiteSeconds", Math.round(seconds));
    doc.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("forks", s.forks());
    settings.put("runs", s.runs());
    settings.put("warmups", s.warmups());
    settings.put("targetMillis", s.targetMillis());
    settings.put("runTimeoutMillis", s.runTimeoutMillis());
    settings.put("fixedOps", s.fixedOps() > 0 ? s.fixedOps() : null);
    settings.put("polluted", options.selection.polluted);
    settings.put("mixMillis", Pollution.mixMillis(s));
    settings.put("lambdaBodies", LambdaMix.BODIES);
    settings.put("jvmArgs", options.jvmArgs());
    doc.put("settings", settings);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("cells", plan.cells().size());
    p.put("launches", plan.launches().size());
    p.put("estimatedSeconds", Math.round(plan.estimatedSeconds()));
    p.put("order", "per configuration: fork 1 of every cell, then fork 2 of every cell, ...");
    doc.put("plan", p);
    doc.put("workloads", plan.cells().stream().map(Cell::workload).distinct()
        .map(Suite::describe).toList());
    doc.put("records", results.stream().map(Result::toMap).toList());
    return doc;
  }

  private static Map<String, Object> describe(Workload w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", w.name());
    m.put("unit", w.unit());
    m.put("impls", w.impls());
    m.put("variantName", w.variantName());
    m.put("description", w.description());
    return m;
  }
}
