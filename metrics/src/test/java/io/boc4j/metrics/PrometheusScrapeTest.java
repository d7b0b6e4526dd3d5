package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CONTRACT Y04: a Prometheus scrape holds every series the shipped Grafana dashboard queries. */
@Timeout(value = 30, unit = SECONDS)
class PrometheusScrapeTest extends MetricsTestSupport {

  @Test
  void y04_theScrapeHoldsEverySeriesTheDashboardQueries() throws Exception {
    Boc boc = newBoc("scraped", 2);
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    closing(BocMetrics.builder(boc).sampledTimers(1).build()).bindTo(prometheus);
    boc.mailbox().send("orders", 1); // a tag, so the mailbox gauge has a series
    valueOf(boc.when(Cown.of(1), c -> c.get()));
    boc.run(PinnedCown.of("ui"), p -> p.get());
    boc.quiesce(WAIT); // pumps the pinned one here
    prometheus.scrape(); // registers the workers and tags seen now
    String scrape = prometheus.scrape();

    Set<String> queried = Dashboard.shipped().metricNames();
    assertTrue(queried.size() >= 30, "the dashboard queries " + queried);
    Set<String> missing = new TreeSet<>();
    for (String name : queried) {
      if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(scrape).find()) {
        missing.add(name);
      }
    }
    assertEquals(Set.of(), missing, "queried by the dashboard, absent from the scrape:\n" + scrape);
  }

  @Test
  void theDashboardHasARuntimeVariableAndEveryQueryUsesIt() {
    Dashboard d = Dashboard.shipped();
    Set<String> variables = new TreeSet<>();
    d.root.get("templating").get("list").forEach(v -> variables.add(v.get("name").asString()));
    assertTrue(variables.contains("runtime"), variables.toString());
    for (Dashboard.Panel p : d.panels()) {
      for (Dashboard.Query q : p.queries()) {
        assertTrue(q.expr().contains("runtime=~\"$runtime\""), p.title() + ": " + q.expr());
      }
    }
  }

  @Test
  void theDocsCopyOfTheDashboardIsTheShippedOne() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "grafana", "boc4j-dashboard.json"));
    String shipped;
    try (var in = BocMetrics.class.getResourceAsStream(BocMetrics.DASHBOARD_RESOURCE)) {
      shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertEquals(shipped, docs, "docs/grafana/boc4j-dashboard.json must be a copy of "
        + BocMetrics.DASHBOARD_RESOURCE);
  }
}
