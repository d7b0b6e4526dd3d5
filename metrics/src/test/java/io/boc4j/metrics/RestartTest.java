package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT Y02 and the lifecycle of SPEC section 7: counters never go backwards across waitAll and
 * restart (with the worker count changing), the live runtime keeps being reported, and a closed
 * runtime is reported frozen until the binder is closed.
 */
@Timeout(value = 30, unit = SECONDS)
class RestartTest extends MetricsTestSupport {

  @Test
  void y02_countersAreMonotonicAcrossThreeWaitAllRestartCycles() throws Exception {
    Boc boc = newBoc("restarting", 1);
    bindFresh(boc);
    Map<String, Double> before = counters();
    int scheduled = 0;
    for (int workers : new int[] {1, 3, 2}) {
      boc.start(workers);
      Cown<Integer> c = Cown.of(0);
      for (int i = 0; i < 50; i++) {
        boc.run(c, x -> x.set(x.get() + 1));
      }
      boc.when(Cown.of(0), x -> {
        throw new IllegalStateException("expected by the test");
      });
      boc.run(PinnedCown.of("ui"), p -> p.get());
      scheduled += 52;
      scrape(registry);
      assertEquals(workers, gauge(boc, "boc4j.workers"), "the live generation is reported");

      boc.waitAll(WAIT); // pumps the pinned one here, then tears down
      scrape(registry);
      Map<String, Double> after = counters();
      for (Map.Entry<String, Double> e : before.entrySet()) {
        assertTrue(after.containsKey(e.getKey()), "meter vanished: " + e.getKey());
        assertTrue(after.get(e.getKey()) >= e.getValue(),
            e.getKey() + " went from " + e.getValue() + " to " + after.get(e.getKey()));
      }
      assertEquals(scheduled, counter(boc, "boc4j.scheduled"), "scheduled equals what ran");
      assertEquals(scheduled, counter(boc, "boc4j.completed"));
      assertEquals(scheduled / 52, counter(boc, "boc4j.failed"));
      assertEquals(scheduled / 52, counter(boc, "boc4j.pinned.pumped"));
      assertEquals(0, gauge(boc, "boc4j.workers"), "torn down");
      assertEquals(0, gauge(boc, "boc4j.in.flight"));
      before = after;
    }
    assertEquals(3, registry.find("boc4j.worker.run").functionCounters().size(),
        "worker 2, from the 3-worker generation, keeps its meters after the 2-worker one");
    assertEquals(scheduled - scheduled / 52, registry.find("boc4j.worker.run").functionCounters()
        .stream().mapToDouble(FunctionCounter::count).sum(), "worker bodies, pinned excluded");
  }

  @Test
  void aClosedRuntimeIsReportedFrozenUntilTheBinderIsClosed() throws Exception {
    Boc boc = newBoc("closing", 2);
    BocMetrics metrics = bindFresh(boc);
    for (int i = 0; i < 20; i++) {
      boc.run(Cown.of(i), x -> x.set(x.get() + 1));
    }
    boc.close();
    scrape(registry);
    int meters = registry.getMeters().size();
    assertEquals(20, counter(boc, "boc4j.scheduled"), "final value");
    assertEquals(20, counter(boc, "boc4j.completed"));
    assertEquals(0, gauge(boc, "boc4j.workers"));
    assertEquals(0, gauge(boc, "boc4j.in.flight"));
    assertEquals(2, registry.find("boc4j.worker.run").functionCounters().size());
    scrape(registry);
    assertEquals(meters, registry.getMeters().size(), "frozen, not removed");

    metrics.close();
    assertEquals(0, registry.getMeters().size(), "closing the binder removes its meters");
    metrics.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
  }

  /** Every counter-like value by meter id: function counters, and function timers' count and sum. */
  private Map<String, Double> counters() {
    Map<String, Double> out = new TreeMap<>();
    for (Meter m : registry.getMeters()) {
      if (m instanceof FunctionCounter) {
        out.put(m.getId().toString(), ((FunctionCounter) m).count());
      } else if (m instanceof FunctionTimer) {
        FunctionTimer t = (FunctionTimer) m;
        out.put(m.getId() + " count", t.count());
        out.put(m.getId() + " sum", t.totalTime(SECONDS));
      }
    }
    return out;
  }
}
