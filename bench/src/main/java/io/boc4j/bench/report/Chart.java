package io.boc4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XIntervalSeries;
import org.jfree.data.xy.XIntervalSeriesCollection;

/**
 * Draws the report's dot plots with JFreeChart into PNG files, headless. One row per configuration,
 * labelled in full (so the dining start order is on every row); one coloured series per compared
 * column; a dot at the median and a whisker over the range; a logarithmic x axis. No bars: on a log
 * axis a bar's length means nothing, and a truncated one made a 7.7× gap look like 1.4×.
 *
 * <p>A ratio plot's axis is centred on 1 (as far below as above, ticks at powers of 2) with a line
 * at 1, so "twice as fast" and "half as fast" sit at the same distance from it.
 */
final class Chart {

  /**
   * One dot and its whisker; a NaN median leaves the row empty for the series.
   *
   * @param median where the dot is
   * @param low the whisker's left end
   * @param high the whisker's right end
   */
  record Point(double median, double low, double high) {}

  /**
   * One column's dots, one point per row.
   *
   * @param name the legend's name
   * @param color its colour
   * @param points in row order
   */
  record Series(String name, Color color, List<Point> points) {}

  /**
   * What to draw.
   *
   * @param title the chart's title
   * @param subtitle how to read it: what the dots and whiskers are
   * @param xLabel the x axis's label
   * @param rows the row labels, top to bottom
   * @param series the series
   * @param ratio a ratio axis centred on 1 if true, a throughput axis if false
   */
  record Plot(String title, String subtitle, String xLabel, List<String> rows,
      List<Series> series, boolean ratio) {}

  private static final int WIDTH = 1000;

  private Chart() {}

  /**
   * Draws a plot into a PNG file.
   *
   * @param file the file; its directory is created
   * @param p the plot
   * @throws IOException if the file cannot be written
   */
  static void write(Path file, Plot p) throws IOException {
    JFreeChart chart = build(p);
    int height = 150 + p.rows().size() * Math.max(24, 9 * p.series().size() + 8);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, height);
  }

  /**
   * Builds the chart without drawing it: what {@link #write} draws.
   *
   * @param p the plot
   * @return the chart
   */
  static JFreeChart build(Plot p) {
    System.setProperty("java.awt.headless", "true");
    int k = p.series().size();
    XIntervalSeriesCollection data = new XIntervalSeriesCollection();
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (int s = 0; s < k; s++) {
      Series series = p.series().get(s);
      XIntervalSeries xs = new XIntervalSeries(series.name());
      double offset = (s - (k - 1) / 2.0) * Math.min(0.6 / k, 0.18);
      for (int row = 0; row < series.points().size(); row++) {
        Point pt = series.points().get(row);
        if (Double.isNaN(pt.median()) || pt.low() <= 0) {
          continue;
        }
        xs.add(pt.median(), pt.low(), pt.high(), row + offset);
        lo = Math.min(lo, pt.low());
        hi = Math.max(hi, pt.high());
      }
      data.addSeries(xs);
    }
    LogAxis x = new LogAxis(p.xLabel());
    if (hi == 0) {
      lo = 0.5;
      hi = 2;
    }
    if (p.ratio()) {
      double reach = Math.max(2, 1.25 * Math.max(hi, 1 / lo));
      x.setRange(1 / reach, reach);
      // ticks at powers of 2 (0.5, 1, 2, 4) while they fit, else at powers of 10
      x.setTickUnit(new NumberTickUnit(reach <= 20 ? Math.log10(2) : 1));
      x.setNumberFormatOverride(new DecimalFormat("0.###",
          DecimalFormatSymbols.getInstance(Locale.ROOT)));
    } else {
      x.setRange(lo / 1.5, hi * 1.5);
      if (Math.log10(hi / lo) > 1.2) {
        x.setTickUnit(new NumberTickUnit(1)); // decades; finer auto ticks land on 63.1K, 158.5K
      }
      NumberFormat compact =
          NumberFormat.getCompactNumberInstance(Locale.ROOT, NumberFormat.Style.SHORT);
      compact.setMaximumFractionDigits(1);
      x.setNumberFormatOverride(compact);
    }
    SymbolAxis y = new SymbolAxis(null, p.rows().toArray(String[]::new));
    y.setInverted(true);
    y.setGridBandsVisible(false);
    y.setRange(-0.6, p.rows().size() - 0.4);
    y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

    XYErrorRenderer r = new XYErrorRenderer();
    r.setDrawYError(false);
    r.setDefaultLinesVisible(false);
    r.setCapLength(6);
    r.setErrorStroke(new BasicStroke(1.5f));
    for (int s = 0; s < k; s++) {
      r.setSeriesPaint(s, p.series().get(s).color());
      r.setSeriesShape(s, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
      r.setSeriesShapesVisible(s, true);
    }
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(210, 210, 210));
    plot.setRangeGridlinePaint(new Color(235, 235, 235));
    if (p.ratio()) {
      ValueMarker one = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.2f));
      plot.addDomainMarker(one);
    }
    JFreeChart chart = new JFreeChart(p.title(), new Font(Font.SANS_SERIF, Font.BOLD, 16), plot,
        true);
    chart.setBackgroundPaint(Color.WHITE);
    TextTitle sub = new TextTitle(p.subtitle(), new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    chart.addSubtitle(sub);
    return chart;
  }
}
