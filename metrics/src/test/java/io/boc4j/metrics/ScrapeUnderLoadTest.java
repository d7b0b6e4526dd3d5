package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT Y03's second half: scrapes run concurrently with heavy behaviour traffic, complete, and
 * never see a counter go down, with two scrapers racing for the shared snapshot.
 */
@Timeout(value = 60, unit = SECONDS)
class ScrapeUnderLoadTest extends MetricsTestSupport {

  private static final int BEHAVIOURS = 100_000;

  private static final Pattern COMPLETED = Pattern.compile(
      "(?m)^boc4j_completed_behaviours_total\\{[^}]*runtime=\"loaded\"[^}]*} (\\S+)$");

  @Test
  void y03_scrapesConcurrentWithHeavyTrafficCompleteAndStayMonotonic() throws Exception {
    Boc boc = newBoc("loaded", 2);
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    closing(BocMetrics.builder(boc).snapshotMaxAge(Duration.ZERO).build()).bindTo(prometheus);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    closing(() -> threads.shutdownNow());

    CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
      @SuppressWarnings("unchecked")
      Cown<Integer>[] cowns = new Cown[64];
      for (int i = 0; i < cowns.length; i++) {
        cowns[i] = Cown.of(0);
      }
      for (int i = 0; i < BEHAVIOURS; i++) {
        boc.run(cowns[i % cowns.length], c -> c.set(c.get() + 1));
      }
    }, threads);
    Future<Integer> first = threads.submit(() -> scrapeUntil(prometheus, produced));
    Future<Integer> second = threads.submit(() -> scrapeUntil(prometheus, produced));

    produced.get(WAIT.toSeconds(), SECONDS);
    assertTrue(first.get(WAIT.toSeconds(), SECONDS) >= 2, "scrapes completed during the load");
    assertTrue(second.get(WAIT.toSeconds(), SECONDS) >= 2);
    boc.quiesce(WAIT);
    assertEquals(BEHAVIOURS, completed(prometheus.scrape()));
  }

  /** Scrapes until {@code done} (at least twice); checks each scrape's count never goes down. */
  private static int scrapeUntil(PrometheusMeterRegistry prometheus, CompletableFuture<?> done) {
    double last = 0;
    int scrapes = 0;
    while (!done.isDone() || scrapes < 2) {
      double now = completed(prometheus.scrape());
      assertTrue(now >= last, "completed went from " + last + " to " + now);
      last = now;
      scrapes++;
    }
    return scrapes;
  }

  private static double completed(String scrape) {
    Matcher m = COMPLETED.matcher(scrape);
    assertTrue(m.find(), "no completed series in:\n" + scrape);
    return Double.parseDouble(m.group(1));
  }
}
