package io.boc4j.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus scrapes taken one after the other, parsed from the text exposition format into samples:
 * the input of {@link PromQlSubset}. Only what Micrometer's Prometheus registry writes is parsed:
 * {@code name{label="value",...} value} lines (no timestamps) and {@code #} comments.
 */
final class ScrapeSeries {

  /** One series: its metric name and labels. */
  record Series(String name, Map<String, String> labels) {}

  /** One scrape: when, in seconds since the first, and every sample. */
  record Scrape(double seconds, Map<Series, Double> samples) {}

  private final List<Scrape> scrapes = new ArrayList<>();

  /** Adds a scrape taken {@code seconds} after the first. */
  void add(double seconds, String text) {
    scrapes.add(new Scrape(seconds, parse(text)));
  }

  /** The scrapes in order. */
  List<Scrape> scrapes() {
    return Collections.unmodifiableList(scrapes);
  }

  /** The samples of one scrape in the text format. */
  static Map<Series, Double> parse(String text) {
    Map<Series, Double> out = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        parseLabels(line, brace + 1, labels);
      } else {
        name = line.substring(0, space);
      }
      out.put(new Series(name, Map.copyOf(labels)), parseValue(line.substring(space + 1)));
    }
    return out;
  }

  /** Reads {@code k="v",...}} from {@code from}; values may hold escaped quotes and backslashes. */
  private static void parseLabels(String line, int from, Map<String, String> labels) {
    int i = from;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // past ="
      for (; line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
  }

  private static double parseValue(String v) {
    switch (v) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(v);
    }
  }
}
