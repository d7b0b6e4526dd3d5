package io.boc4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the report's charts with plain {@code java.awt} into a PNG, headless (no extra dependency):
 * side-by-side panels, each with categories along x, a logarithmic y axis (the implementations span
 * two orders of magnitude), and one series per implementation drawn as grouped bars or as lines,
 * with the min..max spread as whiskers.
 */
final class Chart {

  /** One series: a median, min and max per category (NaN where absent). */
  record Series(String name, Color color, boolean dashed, double[] median, double[] min,
      double[] max) {}

  /** One panel: its title, its categories and its series. */
  record Panel(String title, List<String> categories, List<Series> series) {}

  private static final int PANEL_W = 560;
  private static final int PANEL_H = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 60;
  private static final int BOTTOM = 110;

  private Chart() {}

  /**
   * Renders panels side by side.
   *
   * @param file the PNG to write
   * @param title the chart title
   * @param xLabel what the categories are
   * @param yLabel what the values are
   * @param bars grouped bars if true, lines if false
   * @param panels the panels
   * @throws IOException if the file cannot be written
   */
  static void render(Path file, String title, String xLabel, String yLabel, boolean bars,
      List<Panel> panels) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = PANEL_W * panels.size();
    int height = PANEL_H + 40;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      centered(g, title, width / 2, 24);
      for (int i = 0; i < panels.size(); i++) {
        drawPanel(g, panels.get(i), i * PANEL_W, 40, xLabel, yLabel, bars);
      }
    } finally {
      g.dispose();
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  private static void drawPanel(Graphics2D g, Panel p, int x0, int y0, String xLabel,
      String yLabel, boolean bars) {
    int plotX = x0 + LEFT;
    int plotY = y0 + TOP - 20;
    int plotW = PANEL_W - LEFT - RIGHT;
    int plotH = PANEL_H - TOP - BOTTOM + 20;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    centered(g, p.title(), plotX + plotW / 2, y0 + 12);

    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Series s : p.series()) {
      for (double[] arr : new double[][] {s.min(), s.median(), s.max()}) {
        for (double v : arr) {
          if (v > 0 && !Double.isNaN(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    if (hi == 0) {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      centered(g, "no data", plotX + plotW / 2, plotY + plotH / 2);
      return;
    }
    double logLo = Math.floor(Math.log10(lo));
    double logHi = Math.ceil(Math.log10(hi));
    if (logHi == logLo) {
      logHi++;
    }
    final double fLo = logLo;
    final double fHi = logHi;
    java.util.function.DoubleUnaryOperator yOf =
        v -> plotY + plotH - (Math.log10(v) - fLo) / (fHi - fLo) * plotH;

    // grid and y labels: decades, with 2 and 5 in between as light lines
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int d = (int) logLo; d <= (int) logHi; d++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, d);
        if (Math.log10(v) > logHi + 1e-9) {
          continue;
        }
        int y = (int) Math.round(yOf.applyAsDouble(v));
        g.setColor(m == 1 ? new Color(200, 200, 200) : new Color(235, 235, 235));
        g.drawLine(plotX, y, plotX + plotW, y);
        g.setColor(Color.DARK_GRAY);
        String label = human(v);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, plotX - 6 - fm.stringWidth(label), y + 4);
      }
    }
    g.setColor(Color.BLACK);
    g.drawRect(plotX, plotY, plotW, plotH);

    int n = p.categories().size();
    double slot = (double) plotW / n;
    for (int c = 0; c < n; c++) {
      g.setColor(Color.BLACK);
      centered(g, p.categories().get(c), (int) (plotX + slot * (c + 0.5)), plotY + plotH + 16);
    }
    int k = p.series().size();
    for (int si = 0; si < k; si++) {
      Series s = p.series().get(si);
      int prevX = -1;
      int prevY = -1;
      for (int c = 0; c < n; c++) {
        double med = s.median()[c];
        if (Double.isNaN(med) || med <= 0) {
          prevX = -1;
          continue;
        }
        int yMed = (int) Math.round(yOf.applyAsDouble(med));
        int cx;
        if (bars) {
          double barW = slot * 0.8 / k;
          int bx = (int) Math.round(plotX + slot * c + slot * 0.1 + barW * si);
          int bw = Math.max(2, (int) Math.round(barW) - 2);
          g.setColor(s.color());
          g.fillRect(bx, yMed, bw, plotY + plotH - yMed);
          cx = bx + bw / 2;
        } else {
          cx = (int) Math.round(plotX + slot * (c + 0.5));
          g.setColor(s.color());
          g.fillOval(cx - 4, yMed - 4, 8, 8);
          if (prevX >= 0) {
            Stroke old = g.getStroke();
            g.setStroke(s.dashed()
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {6f, 4f}, 0f)
                : new BasicStroke(2f));
            g.drawLine(prevX, prevY, cx, yMed);
            g.setStroke(old);
          }
          prevX = cx;
          prevY = yMed;
        }
        double mn = s.min()[c];
        double mx = s.max()[c];
        if (mn > 0 && mx > 0) {
          int y1 = (int) Math.round(yOf.applyAsDouble(mn));
          int y2 = (int) Math.round(yOf.applyAsDouble(mx));
          g.setColor(Color.BLACK);
          g.drawLine(cx, y1, cx, y2);
          g.drawLine(cx - 3, y1, cx + 3, y1);
          g.drawLine(cx - 3, y2, cx + 3, y2);
        }
      }
    }
    // axis labels
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    centered(g, xLabel, plotX + plotW / 2, plotY + plotH + 34);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    centered(r, yLabel + " (log scale)", -(plotY + plotH / 2), x0 + 14);
    r.dispose();
    // legend, wrapped under the axis label
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int lx = plotX;
    int ly = plotY + plotH + 54;
    FontMetrics fm = g.getFontMetrics();
    for (Series s : p.series()) {
      int w = 26 + fm.stringWidth(s.name()) + 14;
      if (lx + w > plotX + plotW) {
        lx = plotX;
        ly += 16;
      }
      g.setColor(s.color());
      if (bars) {
        g.fillRect(lx, ly - 9, 18, 10);
      } else {
        Stroke old = g.getStroke();
        g.setStroke(s.dashed()
            ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6f, 4f}, 0f)
            : new BasicStroke(2f));
        g.drawLine(lx, ly - 4, lx + 18, ly - 4);
        g.setStroke(old);
      }
      g.setColor(Color.BLACK);
      g.drawString(s.name(), lx + 24, ly);
      lx += w;
    }
  }

  private static void centered(Graphics2D g, String s, int cx, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, cx - fm.stringWidth(s) / 2, baseline);
  }

  /** 2000000 as {@code 2M}. */
  static String human(double v) {
    if (v >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (v >= 1e3) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
