package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.boc4j.Boc;
import io.boc4j.Cown;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The meters share one snapshot of the runtime for at most the configured age. */
@Timeout(value = 30, unit = SECONDS)
class SnapshotReuseTest extends MetricsTestSupport {

  @Test
  void aSnapshotYoungerThanTheMaxAgeIsReused() throws Exception {
    Boc boc = newBoc("reused", 1).start();
    closing(BocMetrics.builder(boc).snapshotMaxAge(Duration.ofHours(1)).build()).bindTo(registry);
    assertEquals(0, counter(boc, "boc4j.scheduled"));
    valueOf(boc.when(Cown.of(1), c -> c.get()));
    boc.quiesce(WAIT);
    assertEquals(0, counter(boc, "boc4j.scheduled"), "the snapshot taken at binding, reused");
  }

  @Test
  void aZeroMaxAgeReadsAfreshEveryTime() throws Exception {
    Boc boc = newBoc("fresh", 1).start();
    bindFresh(boc);
    assertEquals(0, counter(boc, "boc4j.scheduled"));
    valueOf(boc.when(Cown.of(1), c -> c.get()));
    boc.quiesce(WAIT);
    assertEquals(1, counter(boc, "boc4j.scheduled"));
  }

  @Test
  void moreWorkersThanTheSnapshotListsForceAFreshRead() throws Exception {
    Boc boc = newBoc("outgrown", 2);
    closing(BocMetrics.builder(boc).snapshotMaxAge(Duration.ofHours(1)).build()).bindTo(registry);
    boc.start(); // after the binding's snapshot, which listed no worker
    scrape(registry);
    assertEquals(2, registry.find("boc4j.worker.run").functionCounters().size());
  }
}
