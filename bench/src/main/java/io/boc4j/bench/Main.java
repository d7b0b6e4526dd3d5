package io.boc4j.bench;

import io.boc4j.bench.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness's command line: selects cells, runs them (in child JVMs by default), writes
 * the JSON and, with {@code --docs}, the Markdown report and charts. See {@link Options#USAGE}.
 */
public final class Main {

  private Main() {}

  /**
   * Runs the harness and exits with its status.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    int status;
    try {
      status = run(System.err, args);
    } catch (IllegalArgumentException e) {
      System.err.println("boc4j-bench: " + e.getMessage());
      status = 64;
    } catch (Exception e) {
      e.printStackTrace();
      status = 70;
    }
    System.exit(status);
  }

  /**
   * Runs the harness without exiting: the entry point for tests.
   *
   * @param log where progress goes
   * @param args the command line
   * @return 0 if every cell completed and verified, 1 otherwise
   * @throws Exception on an I/O failure or a bad command line ({@link IllegalArgumentException})
   */
  public static int run(PrintStream log, String... args) throws Exception {
    Options o = Options.parse(args);
    Progress progress = new Progress(log);
    if (o.help) {
      log.print(Options.USAGE);
      return 0;
    }
    if (o.childCells != null) {
      ForkedLauncher.child(o, progress);
      return 0;
    }
    if (o.reportFrom != null) {
      if (o.docs == null) {
        throw new IllegalArgumentException("--report-from needs --docs DIR");
      }
      Report.write(readDocument(o.reportFrom), o.docs, o.reportFrom);
      log.println("wrote " + o.docs.resolve("benchmarks.md"));
      return 0;
    }
    List<Cell> cells = Workloads.plan(o);
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("the filters select no cell (see --list)");
    }
    if (o.list) {
      cells.forEach(c -> log.println(c.key()));
      return 0;
    }
    Double loadAtStart = Machine.loadAverage();
    double speedupAtStart = Machine.parallelSpeedup();
    long start = System.nanoTime();
    List<Result> results;
    if (o.fork.equals("none")) {
      results = new ArrayList<>();
      CellRunner runner = new CellRunner(o.settings(), progress);
      for (List<Cell> group : Workloads.byConfiguration(cells)) {
        List<Result> rs = runner.runTogether(group);
        for (int i = 0; i < group.size(); i++) {
          progress.onCell(group.get(i), rs.get(i));
        }
        results.addAll(rs);
      }
    } else {
      results = new ForkedLauncher(o, progress, log).run(cells);
    }
    Map<String, Object> doc = document(o, results, (System.nanoTime() - start) / 1e9,
        Machine.describe(speedupAtStart, loadAtStart));
    JsonCodec.write(o.json, doc);
    log.println("wrote " + o.json);
    if (o.docs != null) {
      Report.write(doc, o.docs, o.json);
      log.println("wrote " + o.docs.resolve("benchmarks.md") + " and " + o.docs.resolve("img"));
    }
    List<Result> bad = results.stream().filter(r -> !r.ok()).toList();
    for (Result r : bad) {
      log.printf("NOT OK: %s %s %s: %s %s%n", r.workload(), r.impl(), r.config().label(),
          r.status(), r.error());
    }
    return bad.isEmpty() ? 0 : 1;
  }

  private static Map<String, Object> document(Options o, List<Result> results, double seconds,
      Map<String, Object> machine) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", 1);
    doc.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    doc.put("command", String.join(" ", o.raw));
    doc.put("suiteSeconds", Math.round(seconds));
    doc.put("machine", machine);
    CellRunner.Settings s = o.settings();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("runs", s.runs());
    settings.put("warmups", s.warmups());
    settings.put("targetMillis", s.targetMillis());
    settings.put("runTimeoutMillis", s.runTimeoutMillis());
    settings.put("fixedOps", s.fixedOps() > 0 ? s.fixedOps() : null);
    settings.put("fork", o.fork);
    doc.put("settings", settings);
    doc.put("records", results.stream().map(Result::toMap).toList());
    return doc;
  }

  /**
   * Reads a JSON document written by {@code --json}.
   *
   * @param file the file
   * @return the document
   * @throws IOException if it cannot be read
   */
  public static Map<String, Object> readDocument(Path file) throws IOException {
    return JsonCodec.read(file);
  }
}
