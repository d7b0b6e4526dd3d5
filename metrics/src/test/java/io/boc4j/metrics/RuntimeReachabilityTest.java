package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The meters hold the runtime weakly, as Micrometer's own binders do: a registry never keeps a
 * runtime alive; once it is collected, its gauges read NaN and its counters keep their last value.
 */
@Timeout(value = 30, unit = SECONDS)
class RuntimeReachabilityTest extends MetricsTestSupport {

  @Test
  void aRegistryDoesNotKeepARuntimeAlive() {
    WeakReference<Boc> ref = bindAndForget();
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc(); // a hint; bounded, and the runtime is unreachable from the first call on
    }
    assertNull(ref.get(), "the registry kept the runtime reachable");
    assertTrue(Double.isNaN(registry.get("boc4j.in.flight").gauge().value()), "gauges read NaN");
    assertEquals(0, registry.get("boc4j.scheduled").functionCounter().count(),
        "function counters keep the last value they read (Micrometer's behaviour)");
  }

  private WeakReference<Boc> bindAndForget() {
    Boc boc = Boc.builder().name("forgotten").build(); // never started: no threads refer to it
    new BocMetrics(boc).bindTo(registry);
    assertEquals(0, registry.get("boc4j.scheduled").functionCounter().count());
    return new WeakReference<>(boc);
  }
}
