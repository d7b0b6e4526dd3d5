package io.boc4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.bench.JsonCodec;
import io.boc4j.bench.Main;
import io.boc4j.bench.Result;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report, rendered from a small synthetic document: claims only where min–max ranges are
 * apart ("within noise" otherwise), ratios drawn as dots on a log axis centred on 1, the dining
 * order on every row, and hand-written notes kept on regeneration.
 */
class ReportTest {

  @TempDir
  Path tmp;

  private Path json;
  private Path docs;
  private String md;

  @BeforeEach
  void render() throws Exception {
    json = tmp.resolve("bench.json");
    docs = tmp.resolve("docs");
    JsonCodec.write(json, document());
    assertEquals(0, Main.run(quiet(), "--report-from", json.toString(), "--docs",
        docs.toString()));
    md = Files.readString(docs.resolve("benchmarks.md"));
  }

  @Test
  @Timeout(60)
  void overlappingRangesAreWithinNoiseAndOnlySeparatedOnesAreClaimed() {
    // messaging: boc4j 4.0–11.0 M, lbq 2.0–9.0 M overlap, although the medians differ 2x
    assertTrue(row("| W=1 U=0 | boc4j |", "| lbq |").endsWith("| within noise |"),
        row("| W=1 U=0 | boc4j |", "| lbq |"));
    // bank: locks 11.9–12.5 M against boc4j 1.5–1.7 M: apart
    String locks = row("| W=1 U=0 A=36 | boc4j |", "| locks |");
    assertTrue(locks.contains("| 7.72 |") && locks.endsWith("| locks faster |"), locks);
    String polluted = row("| W=1 U=0 A=36 | boc4j |", "| boc4j polluted |");
    assertTrue(polluted.endsWith("| boc4j polluted slower |"), polluted);
    assertTrue(md.contains("boc4j is faster in 0 and slower in 2 with the min – max ranges apart;"
        + " in 1 the ranges overlap (within noise)"), md); // bank and dining apart, messaging not
    String losses = md.substring(md.indexOf("<details>"), md.indexOf("</details>"));
    assertTrue(losses.contains("| bank | W=1 U=0 A=36 | locks |"), losses);
    assertTrue(!losses.contains("| messaging |"), "no claim where the ranges overlap: " + losses);
  }

  @Test
  @Timeout(60)
  void ratiosAreDrawnAsDotsOnALogAxisCentredOnOne() throws Exception {
    assertTrue(md.contains("![bank ratios](img/bank-ratios.png)"), md);
    for (String png : List.of("bank-ratios.png", "messaging-ratios.png", "dining-ratios.png",
        "bank-throughput.png")) {
      BufferedImage img = ImageIO.read(docs.resolve("img").resolve(png).toFile());
      assertNotNull(img, png + " decodes");
      assertTrue(img.getWidth() >= 800 && img.getHeight() >= 150, png + " size");
    }
    List<Result> records = records();
    Chart.Plot plot = Figures.ratioPlot("bank", Comparison.of(records).stream()
        .filter(c -> c.other().workload().equals("bank")).toList());
    assertEquals(List.of("locks ÷ boc4j", "boc4j polluted ÷ boc4j"),
        plot.series().stream().map(Chart.Series::name).toList());
    Chart.Point locks = plot.series().get(0).points().get(0);
    assertEquals(12.2e6 / 1.58e6, locks.median(), 1e-9, "the dot is the ratio of the medians");
    assertEquals(11.9e6 / 1.7e6, locks.low(), 1e-9, "whisker: min ÷ reference max");
    assertEquals(12.5e6 / 1.5e6, locks.high(), 1e-9, "whisker: max ÷ reference min");
    JFreeChart chart = Chart.build(plot);
    LogAxis x = assertInstanceOf(LogAxis.class, ((XYPlot) chart.getPlot()).getDomainAxis());
    assertEquals(1.0, x.getLowerBound() * x.getUpperBound(), 1e-9, "centred on 1");
    assertTrue(x.getUpperBound() > locks.high(), "the whole whisker is on the axis");
    assertEquals(1, ((XYPlot) chart.getPlot()).getDomainMarkers(
        org.jfree.chart.ui.Layer.FOREGROUND).size(), "a line at 1");
  }

  @Test
  @Timeout(60)
  void everyDiningRowNamesItsStartOrder() {
    List<String> dining = md.lines().filter(l -> l.startsWith("| W=") && l.contains("meals/s")
        || l.startsWith("| dining |")).toList();
    assertTrue(md.contains("| W=2 U=0 order=optimal | boc4j |"), md);
    for (String l : dining) {
      assertTrue(l.contains("order="), l);
    }
  }

  @Test
  @Timeout(60)
  void handWrittenNotesSurviveRegeneration() throws Exception {
    Path page = docs.resolve("benchmarks.md");
    Files.writeString(page, md.replace("_No hand-written analysis yet._", "Keep me."));
    Main.run(quiet(), "--report-from", json.toString(), "--docs", docs.toString());
    String again = Files.readString(page);
    assertTrue(again.contains("Keep me."), "the notes survive regeneration");
    assertTrue(again.contains(Report.COMMAND), "the page names the command that regenerates it");
    for (String section : List.of("## Machine", "## Method", "## Workloads", "## Summary",
        "## Where boc4j loses", "## Throughput", "## All records", "## External reference")) {
      assertTrue(again.contains(section), "has " + section);
    }
  }

  @Test
  @Timeout(60)
  void theMachineTableGivesTheCacheLineHandOffTime() {
    assertEquals("| one-way hand-off of a cache line between two threads, suite start / end"
        + " | 212.5 / 208.1 ns (what each cown both workers touch costs at W=2) |",
        row("| one-way hand-off", "ns"));
  }

  /** The Markdown table row that starts with {@code prefix} and contains {@code part}. */
  private String row(String prefix, String part) {
    return md.lines().filter(l -> l.startsWith(prefix) && l.contains(part)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + prefix + " … " + part + " in\n" + md));
  }

  @SuppressWarnings("unchecked")
  private List<Result> records() throws Exception {
    return ((List<Object>) JsonCodec.read(json).get("records")).stream()
        .map(Result::fromJson).toList();
  }

  private static Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", 2);
    doc.put("generatedAt", "2026-12-01T00:00:00Z");
    doc.put("suiteSeconds", 600);
    doc.put("machine", Map.of("nproc", 2, "cpuModel", "test", "javaVersion", "17", "os", "test",
        "handOffNanosAtStart", 212.5, "handOffNanosAtEnd", 208.1));
    doc.put("settings", Map.of("forks", 3, "runs", 5, "warmups", 2, "targetMillis", 500,
        "runTimeoutMillis", 20000, "polluted", true, "mixMillis", 1000, "lambdaBodies", 40));
    doc.put("plan", Map.of("cells", 9, "launches", 27, "estimatedSeconds", 620));
    doc.put("records", List.of(
        record("bank", "boc4j", "clean", 1, 36, null, 1.58e6, 1.5e6, 1.7e6, "tx/s"),
        record("bank", "locks", "clean", 1, 36, null, 12.2e6, 11.9e6, 12.5e6, "tx/s"),
        record("bank", "boc4j", "polluted", 1, 36, null, 0.5e6, 0.45e6, 0.55e6, "tx/s"),
        record("dining", "boc4j", "clean", 2, null, "optimal", 4.5e6, 4e6, 5e6, "meals/s"),
        record("dining", "locks", "clean", 2, null, "optimal", 20e6, 18e6, 22e6, "meals/s"),
        record("messaging", "boc4j", "clean", 1, null, null, 8.87e6, 4e6, 11e6, "msg/s"),
        record("messaging", "lbq", "clean", 1, null, null, 4.15e6, 2e6, 9e6, "msg/s")));
    return doc;
  }

  private static Map<String, Object> record(String workload, String impl, String mode,
      int workers, Integer accounts, String order, double median, double min, double max,
      String unit) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("workload", workload);
    r.put("impl", impl);
    r.put("mode", mode);
    r.put("workers", workers);
    r.put("workUs", 0);
    r.put("accounts", accounts);
    r.put("variant", order);
    r.put("variantName", order == null ? null : "order");
    r.put("status", "ok");
    r.put("forks", 3);
    r.put("runs", 15);
    r.put("median", median);
    r.put("min", min);
    r.put("max", max);
    r.put("unit", unit);
    r.put("gcShare", 0.01);
    r.put("peakHeapBytes", 1 << 26);
    r.put("allocBytesPerOp", 100.0);
    r.put("jvm", "17");
    r.put("ratioTo", mode.equals("polluted") ? impl : impl.equals("boc4j") ? null : "boc4j");
    r.put("forkMedians", List.of(median, median, median));
    return r;
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
