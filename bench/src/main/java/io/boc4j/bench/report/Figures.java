package io.boc4j.bench.report;

import io.boc4j.bench.Mode;
import io.boc4j.bench.Result;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Decides what the report's figures show, and draws them with {@link Chart}: per workload, the
 * ratios to the reference implementation (the headline) and the throughput of every column, both as
 * dot plots with min–max whiskers.
 */
final class Figures {

  /** How every figure says what its dots and whiskers are. */
  static final String RATIO_KEY = "dot: ratio of the medians over forks × runs; whisker: min–max, "
      + "from min ÷ reference max to max ÷ reference min; a whisker across 1 is within noise";
  static final String THROUGHPUT_KEY = "dot: median over forks × runs; whisker: min–max of the "
      + "same runs";

  /** Colours by implementation, in the order a workload lists them (boc4j first: blue). */
  private static final Color[] PALETTE = {
      new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
      new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
      new Color(127, 127, 127), new Color(23, 190, 207)};

  private Figures() {}

  /**
   * One colour per record column in every figure of a workload: the implementation's place among
   * the workload's implementations picks it, and a polluted column is a darker shade of its clean
   * one.
   */
  private static Color color(Result r, List<String> impls) {
    Color c = PALETTE[Math.max(0, impls.indexOf(r.impl())) % PALETTE.length];
    return r.mode() == Mode.POLLUTED ? c.darker().darker() : c;
  }

  /**
   * Draws the ratio figure of one workload, if it has comparisons.
   *
   * @param dir the image directory
   * @param workload the workload
   * @param comparisons its comparisons
   * @return the file name, or null if there was nothing to draw
   * @throws IOException if it cannot be written
   */
  static String ratios(Path dir, String workload, List<Comparison> comparisons)
      throws IOException {
    Chart.Plot plot = ratioPlot(workload, comparisons);
    if (plot == null) {
      return null;
    }
    String file = workload + "-ratios.png";
    Chart.write(dir.resolve(file), plot);
    return file;
  }

  /**
   * What the ratio figure of one workload shows: one row per configuration, one series per
   * compared column, each point a ratio with its min–max range.
   *
   * @param workload the workload
   * @param comparisons its comparisons
   * @return the plot, or null if no comparison was measured
   */
  static Chart.Plot ratioPlot(String workload, List<Comparison> comparisons) {
    List<Comparison> cs = comparisons.stream().filter(Comparison::measured).toList();
    if (cs.isEmpty()) {
      return null;
    }
    List<String> rows = distinct(cs, c -> Format.config(c.other()));
    List<String> impls = distinct(cs.stream().flatMap(c -> Stream.of(
        c.reference(), c.other())).toList(), Result::impl);
    List<Chart.Series> series = new ArrayList<>();
    for (String column : distinct(cs, Figures::seriesName)) {
      Comparison first = cs.stream().filter(x -> seriesName(x).equals(column)).findFirst()
          .orElseThrow();
      List<Chart.Point> points = new ArrayList<>();
      for (String row : rows) {
        Comparison c = cs.stream().filter(x -> seriesName(x).equals(column)
            && Format.config(x.other()).equals(row)).findFirst().orElse(null);
        points.add(c == null ? new Chart.Point(Double.NaN, Double.NaN, Double.NaN)
            : new Chart.Point(c.ratio(), c.low(), c.high()));
      }
      series.add(new Chart.Series(column, color(first.other(), impls), points));
    }
    return new Chart.Plot(
        workload + ": throughput relative to " + cs.get(0).reference().impl() + " (clean)",
        RATIO_KEY, "× the reference (log scale; right of 1: the compared column is faster)",
        rows, series, true);
  }

  /**
   * Draws the throughput figure of one workload.
   *
   * @param dir the image directory
   * @param workload the workload
   * @param records its records
   * @return the file name, or null if no record completed
   * @throws IOException if it cannot be written
   */
  static String throughput(Path dir, String workload, List<Result> records) throws IOException {
    List<Result> rs = records.stream().filter(Result::ok).toList();
    if (rs.isEmpty()) {
      return null;
    }
    List<String> rows = distinct(rs, Format::config);
    List<String> impls = distinct(rs, Result::impl);
    List<Chart.Series> series = new ArrayList<>();
    for (String column : distinct(rs, Format::column)) {
      Result first = rs.stream().filter(x -> Format.column(x).equals(column)).findFirst()
          .orElseThrow();
      List<Chart.Point> points = new ArrayList<>();
      for (String row : rows) {
        Result r = rs.stream().filter(x -> Format.column(x).equals(column)
            && Format.config(x).equals(row)).findFirst().orElse(null);
        points.add(r == null ? new Chart.Point(Double.NaN, Double.NaN, Double.NaN)
            : new Chart.Point(r.median(), r.min(), r.max()));
      }
      series.add(new Chart.Series(column, color(first, impls), points));
    }
    String file = workload + "-throughput.png";
    Chart.write(dir.resolve(file), new Chart.Plot(workload + ": throughput", THROUGHPUT_KEY,
        rs.get(0).unit() + " (log scale)", rows, series, false));
    return file;
  }

  /** A ratio series is named by what is divided by what, e.g. {@code locks ÷ boc4j}. */
  static String seriesName(Comparison c) {
    return Format.column(c.other()) + " ÷ " + c.reference().impl();
  }

  private static <T> List<String> distinct(List<T> xs, Function<T, String> f) {
    Set<String> s = new LinkedHashSet<>();
    xs.forEach(x -> s.add(f.apply(x)));
    return new ArrayList<>(s);
  }
}
