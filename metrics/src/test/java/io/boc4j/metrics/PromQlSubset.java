package io.boc4j.metrics;

import io.boc4j.metrics.ScrapeSeries.Scrape;
import io.boc4j.metrics.ScrapeSeries.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the few PromQL forms the shipped dashboard uses, over {@link ScrapeSeries}, so that its
 * picture is drawn from the dashboard's own queries:
 *
 * <pre>
 * expr     := term [ " / " term ]
 * term     := "sum by (" labels ") (" inner ")" | inner
 * inner    := "rate(" selector "[$__rate_interval])" | selector
 * selector := metric "{" label "=~\"" regex "\"" ... "}"
 * </pre>
 *
 * {@code $runtime} in a matcher stands for every runtime. {@code rate} is the increase over a window
 * of scrapes, from each series' earliest sample in it, divided by the time between (no
 * extrapolation); a division drops points whose divisor is 0.
 * An expression outside this subset is rejected, so the dashboard cannot drift from its picture
 * unnoticed.
 */
final class PromQlSubset {

  private static final Pattern SUM = Pattern.compile("sum by \\(([^)]*)\\) \\((.*)\\)");
  private static final Pattern RATE =
      Pattern.compile("rate\\((.*)\\[\\$__rate_interval\\]\\)");
  private static final Pattern SELECTOR = Pattern.compile("([a-z_0-9]+)\\{(.*)\\}");
  private static final Pattern MATCHER = Pattern.compile("([a-z_]+)=~\"([^\"]*)\"");

  /** One point of a line. */
  record Point(double seconds, double value) {}

  private final List<Scrape> scrapes;
  private final int window;

  /**
   * @param series the scrapes
   * @param window the rate window, in scrapes
   */
  PromQlSubset(ScrapeSeries series, int window) {
    this.scrapes = series.scrapes();
    this.window = window;
  }

  /**
   * Evaluates {@code expr} at every scrape.
   *
   * @return one line per resulting label set, by label set, in first-seen order
   * @throws IllegalArgumentException if the expression is outside the subset
   */
  Map<Map<String, String>, List<Point>> evaluate(String expr) {
    Map<Map<String, String>, List<Point>> lines = new LinkedHashMap<>();
    for (int i = 0; i < scrapes.size(); i++) {
      for (Map.Entry<Map<String, String>, Double> e : at(expr, i).entrySet()) {
        if (Double.isFinite(e.getValue())) {
          lines.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(new Point(scrapes.get(i).seconds(), e.getValue()));
        }
      }
    }
    return lines;
  }

  /** Checks that {@code expr} is inside the subset, without evaluating it. */
  static void check(String expr) {
    String[] parts = expr.split(" / ");
    if (parts.length > 2) {
      throw new IllegalArgumentException("more than one division: " + expr);
    }
    for (String part : parts) {
      Matcher sum = SUM.matcher(part);
      String inner = sum.matches() ? sum.group(2) : part;
      Matcher rate = RATE.matcher(inner);
      String selector = rate.matches() ? rate.group(1) : inner;
      Matcher s = SELECTOR.matcher(selector);
      if (!s.matches()) {
        throw new IllegalArgumentException("not in the dashboard's PromQL subset: " + expr);
      }
      for (String m : s.group(2).split(",")) {
        if (!MATCHER.matcher(m.trim()).matches()) {
          throw new IllegalArgumentException("unsupported label matcher " + m + " in " + expr);
        }
      }
    }
  }

  private Map<Map<String, String>, Double> at(String expr, int i) {
    check(expr);
    String[] parts = expr.split(" / ");
    Map<Map<String, String>, Double> left = term(parts[0], i);
    if (parts.length == 1) {
      return left;
    }
    Map<Map<String, String>, Double> right = term(parts[1], i);
    Map<Map<String, String>, Double> out = new LinkedHashMap<>();
    left.forEach((labels, v) -> {
      Double d = right.get(labels);
      if (d != null && d != 0) {
        out.put(labels, v / d);
      }
    });
    return out;
  }

  private Map<Map<String, String>, Double> term(String term, int i) {
    Matcher sum = SUM.matcher(term);
    if (!sum.matches()) {
      return inner(term, i);
    }
    List<String> by = Arrays.stream(sum.group(1).split(",")).map(String::trim).toList();
    Map<Map<String, String>, Double> out = new LinkedHashMap<>();
    inner(sum.group(2), i).forEach((labels, v) -> {
      Map<String, String> key = new TreeMap<>();
      for (String l : by) {
        if (labels.containsKey(l)) {
          key.put(l, labels.get(l));
        }
      }
      out.merge(key, v, Double::sum);
    });
    return out;
  }

  private Map<Map<String, String>, Double> inner(String inner, int i) {
    Matcher rate = RATE.matcher(inner);
    if (!rate.matches()) {
      return select(inner, i);
    }
    int from = Math.max(0, i - window);
    Map<Map<String, String>, Double> now = select(rate.group(1), i);
    Map<Map<String, String>, Double> out = new LinkedHashMap<>();
    for (int j = from; j < i && out.size() < now.size(); j++) {
      // Each series from its earliest sample in the window, as Prometheus' rate does.
      Map<Map<String, String>, Double> then = select(rate.group(1), j);
      double span = scrapes.get(i).seconds() - scrapes.get(j).seconds();
      for (Map.Entry<Map<String, String>, Double> e : then.entrySet()) {
        Double v = now.get(e.getKey());
        if (v != null && !out.containsKey(e.getKey())) {
          out.put(e.getKey(), (v - e.getValue()) / span);
        }
      }
    }
    return out;
  }

  private Map<Map<String, String>, Double> select(String selector, int i) {
    Matcher s = SELECTOR.matcher(selector);
    if (!s.matches()) {
      throw new IllegalArgumentException("not a selector: " + selector);
    }
    Map<String, Pattern> matchers = new LinkedHashMap<>();
    for (String m : s.group(2).split(",")) {
      Matcher mm = MATCHER.matcher(m.trim());
      mm.matches();
      matchers.put(mm.group(1), Pattern.compile(mm.group(2).replace("$runtime", ".*")));
    }
    Map<Map<String, String>, Double> out = new LinkedHashMap<>();
    for (Map.Entry<Series, Double> e : scrapes.get(i).samples().entrySet()) {
      Series series = e.getKey();
      if (!series.name().equals(s.group(1))) {
        continue;
      }
      boolean all = true;
      for (Map.Entry<String, Pattern> m : matchers.entrySet()) {
        String v = series.labels().getOrDefault(m.getKey(), "");
        all &= m.getValue().matcher(v).matches();
      }
      if (all) {
        out.put(series.labels(), e.getValue());
      }
    }
    return out;
  }
}
