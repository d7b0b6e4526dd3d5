package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docs/metrics.md} documents every meter: its table is the one {@link MeterTable} generates
 * from the catalogue, and every Prometheus series the table names is in a real scrape. To update
 * the doc after changing the catalogue, run this test with {@code -Dboc4j.docs.update=true}.
 */
@Timeout(value = 30, unit = SECONDS)
class MetricsDocTest extends MetricsTestSupport {

  private static final Path DOC = Path.of("..", "docs", "metrics.md");

  @Test
  void theDocsTableIsTheGeneratedOneAndNamesOnlyRealSeries() throws Exception {
    Boc boc = newBoc("documented", 2);
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    closing(BocMetrics.builder(boc).sampledTimers(1).build()).bindTo(prometheus);
    boc.mailbox().send("t", 1);
    valueOf(boc.when(Cown.of(1), c -> c.get()));
    boc.run(PinnedCown.of("ui"), p -> p.get());
    boc.quiesce(WAIT);
    prometheus.scrape(); // registers the workers and tags seen now
    String scrape = prometheus.scrape();
    for (MeterSpec spec : MeterCatalog.ALL) {
      for (String series : MeterTable.series(spec, prometheus)) {
        assertTrue(Pattern.compile("(?m)^" + series + "[{ ]").matcher(scrape).find(),
            series + " is documented but not in the scrape");
      }
    }

    String table = MeterTable.markdown(prometheus);
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(MeterTable.BEGIN);
    int end = doc.indexOf(MeterTable.END);
    assertTrue(begin >= 0 && end > begin, DOC + " lacks the table markers");
    String updated = doc.substring(0, begin) + table
        + doc.substring(end + MeterTable.END.length());
    if (Boolean.getBoolean("boc4j.docs.update")) {
      Files.writeString(DOC, updated, StandardCharsets.UTF_8);
      doc = updated;
    }
    assertEquals(updated, doc, DOC + " is out of date: run MetricsDocTest with"
        + " -Dboc4j.docs.update=true");
    for (Meter m : prometheus.getMeters()) {
      assertTrue(doc.contains("`" + m.getId().getName() + "`"), m.getId() + " is undocumented");
    }
  }
}
