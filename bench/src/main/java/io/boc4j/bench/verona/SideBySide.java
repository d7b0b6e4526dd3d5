package io.boc4j.bench.verona;

import io.boc4j.bench.Aggregation;
import io.boc4j.bench.HandOffProbe;
import io.boc4j.bench.JsonCodec;
import io.boc4j.bench.report.Format;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * verona-rt's own perf programs and boc4j's bench cells of the same shapes, measured in the same
 * session on the same machine, interleaved round by round: in each round every cell runs once on
 * each side (verona-rt: one process; boc4j: one fresh JVM, one fork of the bench harness), the side
 * going first alternating from round to round. Prints a Markdown table of medians, min–max over the
 * rounds and the boc4j / verona-rt ratio, both of the medians and round by round (the two runs of
 * a round are adjacent in time, so their ratio is the least disturbed by the machine's drift), and
 * writes every sample as JSON.
 *
 * <p>verona-rt is never part of the project: give its build directory, or its source tree (and,
 * where the machine cannot fetch, local copies of its pinned snmalloc and cmake_utils) to have it
 * built in a temporary folder.
 */
@Command(name = "verona-side-by-side", sortOptions = false, usageHelpWidth = 100,
    mixinStandardHelpOptions = false,
    description = "boc4j beside verona-rt's perf programs (bank, dining), interleaved, same session.")
public final class SideBySide implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
  boolean help;

  @Option(names = "--verona-build", paramLabel = "DIR",
      description = "a verona-rt CMake build directory with test/perf-con-banking and "
          + "test/perf-con-dining_phil built (Release)")
  Path veronaBuild;

  @Option(names = "--verona-src", paramLabel = "DIR",
      description = "verona-rt's source tree: build the two programs into --build-dir first")
  Path veronaSource;

  @Option(names = "--snmalloc-src", paramLabel = "DIR",
      description = "with --verona-src: a local snmalloc at verona-rt's pinned commit (else fetched)")
  Path snmallocSource;

  @Option(names = "--cmake-utils-src", paramLabel = "DIR",
      description = "with --verona-src: a local cmake_utils at its pinned commit (else fetched)")
  Path cmakeUtilsSource;

  @Option(names = "--build-dir", paramLabel = "DIR",
      description = "with --verona-src: where to build (default: a new temporary folder)")
  Path buildDir;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "rounds; each runs every cell once on each side (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--target-seconds", paramLabel = "S", defaultValue = "2",
      description = "length of one verona-rt timed run (default ${DEFAULT-VALUE})")
  double targetSeconds;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
      description = "boc4j: measured runs per fork (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmups", paramLabel = "N", defaultValue = "6",
      description = "boc4j: warm-up runs per fork (default ${DEFAULT-VALUE})")
  int warmups;

  @Option(names = "--json", paramLabel = "FILE",
      defaultValue = "target/verona-side-by-side.json",
      description = "every sample, as JSON (default ${DEFAULT-VALUE})")
  Path json;

  private final PrintStream out;

  private SideBySide(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the comparison and exits: 0 done, 1 a run failed, 64 a bad command line.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    System.exit(run(System.out, args));
  }

  /**
   * Runs the comparison without exiting.
   *
   * @param out where progress and the table go
   * @param args see {@code --help}
   * @return the exit status
   */
  public static int run(PrintStream out, String... args) {
    CommandLine cl = new CommandLine(new SideBySide(out));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("verona-side-by-side: " + e.getMessage());
      return e instanceof IllegalArgumentException ? 64 : 1;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || runs < 1 || warmups < 0 || !(targetSeconds > 0)) {
      throw new IllegalArgumentException("--rounds and --runs must be at least 1, --warmups at"
          + " least 0 and --target-seconds above 0");
    }
    VeronaRt verona = verona();
    List<VeronaCell> cells = VeronaCell.standard();
    Map<VeronaCell, List<Double>> veronaRates = new LinkedHashMap<>();
    Map<VeronaCell, List<Double>> bocRates = new LinkedHashMap<>();
    Double handOffAtStart = HandOffProbe.measure();
    for (int round = 1; round <= rounds; round++) {
      for (VeronaCell cell : cells) {
        if (round % 2 == 1) {
          record(round, cell, "verona-rt", verona.rate(cell, targetSeconds), veronaRates);
          record(round, cell, "boc4j", bocFork(cell), bocRates);
        } else {
          record(round, cell, "boc4j", bocFork(cell), bocRates);
          record(round, cell, "verona-rt", verona.rate(cell, targetSeconds), veronaRates);
        }
      }
    }
    Double handOffAtEnd = HandOffProbe.measure();
    out.print(table(cells, veronaRates, bocRates));
    out.printf(Locale.ROOT, "%nOne-way hand-off of a cache line between two threads: %s ns at the"
        + " start, %s ns at the end (what every cown both workers use costs at W=2).%n",
        handOffAtStart, handOffAtEnd);
    writeJson(cells, veronaRates, bocRates, handOffAtStart, handOffAtEnd);
    return 0;
  }

  /** Keeps one side's rate for the cell and reports it. */
  private void record(int round, VeronaCell cell, String side, double rate,
      Map<VeronaCell, List<Double>> rates) {
    rates.computeIfAbsent(cell, c -> new ArrayList<>()).add(rate);
    out.printf(Locale.ROOT, "round %d %s %s %s%n", round, cell.label(), side, Format.human(rate));
  }

  private VeronaRt verona() throws IOException, InterruptedException {
    if ((veronaBuild == null) == (veronaSource == null)) {
      throw new IllegalArgumentException("give exactly one of --verona-build and --verona-src");
    }
    if (veronaBuild != null) {
      return VeronaRt.built(veronaBuild);
    }
    Path dir = buildDir != null ? buildDir : Files.createTempDirectory("verona-rt-build");
    return VeronaRt.build(veronaSource, snmallocSource, cmakeUtilsSource, dir, out);
  }

  /** One fork of the bench harness for the cell, boc4j only, in a fresh JVM: its median rate. */
  private double bocFork(VeronaCell cell) throws IOException, InterruptedException {
    Path result = Files.createTempFile("boc4j-side-by-side", ".json");
    try {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.boc4j.bench.Main"));
      cmd.addAll(cell.benchSelection());
      cmd.addAll(List.of("--forks", "1", "--runs", Integer.toString(runs),
          "--warmups", Integer.toString(warmups), "--json", result.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() != 0) {
        throw new IOException(cell.label() + ": the boc4j fork failed (exit " + p.exitValue()
            + "): " + String.join(" ", cmd));
      }
      return medianOf(JsonCodec.read(result), cell);
    } finally {
      Files.deleteIfExists(result);
    }
  }

  /** The one record's median rate in a bench JSON document. */
  static double medianOf(Map<String, Object> document, VeronaCell cell) throws IOException {
    List<?> records = (List<?>) document.get("records");
    if (records == null || records.size() != 1) {
      throw new IOException(cell.label() + ": expected one record, found "
          + (records == null ? "none" : records.size()));
    }
    Map<?, ?> r = (Map<?, ?>) records.get(0);
    if (!"ok".equals(r.get("status"))) {
      throw new IOException(cell.label() + ": the boc4j cell ended " + r.get("status") + ": "
          + r.get("error"));
    }
    return ((Number) r.get("median")).doubleValue();
  }

  /**
   * The Markdown table: per cell, each side's median with min–max over rounds, and the ratio of the
   * medians; then the W=2 / W=1 scaling of each side.
   *
   * @param cells the cells, in table order
   * @param verona verona-rt's rates per cell
   * @param boc boc4j's rates per cell
   * @return the table, ending in a newline
   */
  static String table(List<VeronaCell> cells, Map<VeronaCell, List<Double>> verona,
      Map<VeronaCell, List<Double>> boc) {
    StringBuilder t = new StringBuilder();
    t.append("| cell | unit | verona-rt | boc4j | boc4j / verona-rt | ranges"
        + " | per round: median (min–max) |\n");
    t.append("|---|---|---:|---:|---:|---|---:|\n");
    for (VeronaCell c : cells) {
      List<Double> v = verona.get(c);
      List<Double> b = boc.get(c);
      List<Double> paired = new ArrayList<>();
      for (int i = 0; i < Math.min(v.size(), b.size()); i++) {
        paired.add(b.get(i) / v.get(i)); // the two sides of a round ran minutes apart at most
      }
      t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s | %s |%n", c.label(),
          c.unit(), spread(v), spread(b), Aggregation.median(b) / Aggregation.median(v),
          v.size() < 2 || b.size() < 2 ? "one sample" : disjoint(v, b) ? "disjoint" : "overlap",
          ratioSpread(paired)));
    }
    t.append("\n| scaling W=2 / W=1 | verona-rt | boc4j |\n|---|---:|---:|\n");
    for (VeronaCell c : cells) {
      if (c.workers() != 2) {
        continue;
      }
      VeronaCell one = new VeronaCell(c.workload(), 1, c.workUs(), c.optimalOrder());
      if (!verona.containsKey(one)) {
        continue;
      }
      t.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n",
          c.label().replace("W=2 ", ""),
          Aggregation.median(verona.get(c)) / Aggregation.median(verona.get(one)),
          Aggregation.median(boc.get(c)) / Aggregation.median(boc.get(one))));
    }
    return t.toString();
  }

  private static boolean disjoint(List<Double> a, List<Double> b) {
    Range x = Range.of(a);
    Range y = Range.of(b);
    return x.max() < y.min() || y.max() < x.min();
  }

  private static String ratioSpread(List<Double> ratios) {
    Range r = Range.of(ratios);
    return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", r.median(), r.min(), r.max());
  }

  private static String spread(List<Double> xs) {
    Range r = Range.of(xs);
    return Format.human(r.median()) + " (" + Format.human(r.min()) + "–" + Format.human(r.max())
        + ")";
  }

  /** The smallest, middle and largest of some samples. */
  private record Range(double min, double median, double max) {
    static Range of(List<Double> xs) {
      return new Range(xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          Aggregation.median(xs), xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }
  }

  private void writeJson(List<VeronaCell> cells, Map<VeronaCell, List<Double>> verona,
      Map<VeronaCell, List<Double>> boc, Double handOffAtStart, Double handOffAtEnd)
      throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (VeronaCell c : cells) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cell", c.label());
      row.put("unit", c.unit());
      row.put("veronaRt", verona.get(c));
      row.put("boc4j", boc.get(c));
      rows.add(row);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("rounds", rounds);
    doc.put("veronaTargetSeconds", targetSeconds);
    doc.put("boc4jRunsPerFork", runs);
    doc.put("boc4jWarmups", warmups);
    doc.put("jvm", System.getProperty("java.vm.version"));
    doc.put("handOffNanosAtStart", handOffAtStart);
    doc.put("handOffNanosAtEnd", handOffAtEnd);
    doc.put("cells", rows);
    JsonCodec.write(json, doc); // creates the directory
    out.println("samples written to " + json);
  }
}
