package io.boc4j.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the shipped Grafana dashboard's panels with JFreeChart, from its own queries evaluated over
 * Prometheus scrapes of a real run ({@link PictureWorkload}), laid out on the dashboard's grid: the
 * picture in {@code docs/metrics.md}. There is no Grafana where boc4j is built; this is the next best
 * evidence that the dashboard shows something sensible.
 *
 * <p>Usage: {@code DashboardPicture OUT.png [SECONDS]} (default 40 s, scraped every 500 ms).
 */
public final class DashboardPicture {

  private static final int COLUMN = 80; // pixels per grid column (24 columns)
  private static final int ROW = 34; // pixels per grid row
  private static final int TOP = 70; // the picture's own caption
  private static final Pattern LEGEND = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
  private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E),
      new Color(0x2CA02C), new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B),
      new Color(0xE377C2), new Color(0x17BECF)};

  /** The runtime's loggers, held so that the level set on them sticks. */
  private static final Logger QUIET = Logger.getLogger("io.boc4j");

  private DashboardPicture() {}

  /**
   * Runs the workload and writes the picture.
   *
   * @param args the output file, and optionally the run's length in seconds
   * @throws Exception if the run or the writing fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args[0].equals("--help")) {
      System.out.println("usage: DashboardPicture OUT.png [SECONDS]");
      return;
    }
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    QUIET.setLevel(Level.OFF); // the workload's failing transfers are expected: no log per failure
    ScrapeSeries scrapes = PictureWorkload.run(Duration.ofSeconds(seconds), Duration.ofMillis(500));
    BufferedImage image = draw(Dashboard.shipped(), new PromQlSubset(scrapes, 4), seconds);
    Path out = Path.of(args[0]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    ImageIO.write(image, "png", new File(args[0]));
    System.out.println("wrote " + out + " from " + scrapes.scrapes().size() + " scrapes");
  }

  static BufferedImage draw(Dashboard dashboard, PromQlSubset promQl, int seconds) {
    List<Dashboard.Panel> panels = dashboard.panels();
    int rows = panels.stream().mapToInt(p -> p.y() + p.h()).max().orElse(0);
    BufferedImage image = new BufferedImage(24 * COLUMN, TOP + rows * ROW,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    g.drawString("boc4j runtime — the Grafana dashboard's panels, drawn with JFreeChart", 12, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString("Not a Grafana screenshot: the dashboard JSON's own queries, evaluated over"
        + " Prometheus scrapes (every 500 ms) of a real " + seconds + " s run of a small workload"
        + " (PictureWorkload). x axis: seconds into the run; rates over 2 s.", 12, 52);
    for (Dashboard.Panel p : panels) {
      int x = p.x() * COLUMN;
      int y = TOP + p.y() * ROW;
      if (p.type().equals("row")) {
        g.setColor(new Color(0xE8EAF0));
        g.fillRect(0, y, image.getWidth(), ROW);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(p.title(), 10, y + 22);
        continue;
      }
      chart(p, promQl, seconds).draw(g, new Rectangle2D.Double(x + 3, y + 3, p.w() * COLUMN - 6,
          p.h() * ROW - 6));
    }
    g.dispose();
    return image;
  }

  private static JFreeChart chart(Dashboard.Panel p, PromQlSubset promQl, int seconds) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Dashboard.Query q : p.queries()) {
      for (Map.Entry<Map<String, String>, List<PromQlSubset.Point>> line
          : promQl.evaluate(q.expr()).entrySet()) {
        XYSeries s = new XYSeries(legend(q.legend(), line.getKey()), false, true);
        line.getValue().forEach(pt -> s.add(pt.seconds(), pt.value()));
        data.addSeries(s);
      }
    }
    JFreeChart chart = ChartFactory.createXYLineChart(p.title(), null, unitLabel(p.unit()), data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(new Color(0xFAFAFA));
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setRange(0, seconds); // every panel on the run's whole time range
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(1.6f));
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    plot.setRenderer(renderer);
    if (data.getSeriesCount() == 0) {
      chart.addSubtitle(new org.jfree.chart.title.TextTitle("no data"));
    }
    return chart;
  }

  private static String legend(String format, Map<String, String> labels) {
    Matcher m = LEGEND.matcher(format);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String unitLabel(String unit) {
    switch (unit) {
      case "ops":
        return "per second";
      case "s":
        return "seconds";
      default:
        return null;
    }
  }
}
