package io.boc4j.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The shipped Grafana dashboard, read with Jackson: its panels, queries and the series they name. */
final class Dashboard {

  /** A metric name inside a PromQL expression. */
  private static final Pattern METRIC = Pattern.compile("\\bboc4j_[a-z0-9_]+");

  /** One query of a panel. */
  record Query(String expr, String legend) {}

  /** One time-series panel, or a row header (no queries). */
  record Panel(String title, String type, int x, int y, int w, int h, String unit,
      List<Query> queries) {}

  final JsonNode root;

  private Dashboard(JsonNode root) {
    this.root = root;
  }

  /** The dashboard as shipped in the jar's resources. */
  static Dashboard shipped() {
    try (InputStream in = BocMetrics.class.getResourceAsStream(BocMetrics.DASHBOARD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + BocMetrics.DASHBOARD_RESOURCE);
      }
      return new Dashboard(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Panels and rows in document order. */
  List<Panel> panels() {
    List<Panel> out = new ArrayList<>();
    for (JsonNode p : root.get("panels")) {
      List<Query> queries = new ArrayList<>();
      JsonNode targets = p.get("targets");
      if (targets != null) {
        for (JsonNode t : targets) {
          queries.add(new Query(t.get("expr").asString(), t.path("legendFormat").asString("")));
        }
      }
      JsonNode g = p.get("gridPos");
      out.add(new Panel(p.get("title").asString(), p.get("type").asString(), g.get("x").asInt(),
          g.get("y").asInt(), g.get("w").asInt(), g.get("h").asInt(),
          p.path("fieldConfig").path("defaults").path("unit").asString("short"), queries));
    }
    return out;
  }

  /** Every {@code expr} and templating {@code query} string, anywhere in the document. */
  List<String> expressions() {
    List<String> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  /** The metric names the expressions query. */
  Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (String e : expressions()) {
      Matcher m = METRIC.matcher(e);
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      for (String field : node.propertyNames()) {
        JsonNode v = node.get(field);
        if ((field.equals("expr") || field.equals("query") || field.equals("definition"))
            && v.isString()) {
          out.add(v.asString());
        } else {
          collect(v, out);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode v : node) {
        collect(v, out);
      }
    }
  }
}
