package io.boc4j.bench;

import io.boc4j.bench.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness's command line: plans the selected cells, runs each fork of each in a fresh
 * child JVM, writes the JSON and, with {@code --docs}, the Markdown report and charts. See {@code
 * --help} ({@link Options}).
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
      status = run(System.out, args);
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
      log.print(Options.usage());
      return 0;
    }
    if (o.childCell != null) {
      Child.run(o, progress);
      return 0;
    }
    if (o.output.reportFrom != null) {
      if (o.output.docs == null) {
        throw new IllegalArgumentException("--report-from needs --docs DIR");
      }
      Report.write(readDocument(o.output.reportFrom), o.output.docs, o.output.reportFrom);
      log.println("wrote " + o.output.docs.resolve("benchmarks.md"));
      return 0;
    }
    Plan plan = Plan.of(o);
    if (plan.cells().isEmpty()) {
      throw new IllegalArgumentException("the filters select no cell (see --list)");
    }
    if (o.output.list) {
      log.print(plan.describe());
      return 0;
    }
    Map<String, Object> doc = new Suite(o, plan, progress, log).run();
    JsonCodec.write(o.output.json, doc);
    log.println("wrote " + o.output.json);
    if (o.output.docs != null) {
      Report.write(doc, o.output.docs, o.output.json);
      log.println("wrote " + o.output.docs.resolve("benchmarks.md") + " and "
          + o.output.docs.resolve("img"));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> records = (List<Map<String, Object>>) doc.get("records");
    List<Result> bad = records.stream().map(Result::fromJson).filter(r -> !r.ok()).toList();
    for (Result r : bad) {
      log.printf("NOT OK: %s %s %s W=%d U=%d: %s %s%n", r.workload(), r.impl(), r.mode().json(),
          r.workers(), r.workUs(), r.status(), r.error());
    }
    return bad.isEmpty() ? 0 : 1;
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
