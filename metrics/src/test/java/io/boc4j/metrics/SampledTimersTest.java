package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The opt-in sampled timers, and CONTRACT Y03's first half: without them, binding installs no
 * per-behaviour hook.
 */
@Timeout(value = 30, unit = SECONDS)
class SampledTimersTest extends MetricsTestSupport {

  @Test
  void sampledTimersTimeWorkerAndPinnedBehavioursApart() throws Exception {
    Boc boc = newBoc("timed", 2);
    closing(BocMetrics.builder(boc).sampledTimers(1).timerPercentiles(0.5, 0.99).build())
        .bindTo(registry);
    for (int i = 0; i < 10; i++) {
      boc.run(Cown.of(i), c -> c.set(c.get() + 1));
    }
    boc.run(PinnedCown.of("a"), p -> p.get());
    boc.run(PinnedCown.of("b"), p -> p.get());
    boc.quiesce(WAIT); // pumps the pinned ones here

    assertEquals(10, timer(boc, "boc4j.behaviour.queued", "worker").count());
    assertEquals(10, timer(boc, "boc4j.behaviour.run", "worker").count());
    assertEquals(2, timer(boc, "boc4j.behaviour.queued", "main").count());
    assertEquals(2, timer(boc, "boc4j.behaviour.run", "main").count());
    assertTrue(timer(boc, "boc4j.behaviour.run", "worker").totalTime(SECONDS) > 0);
    assertEquals(2, timer(boc, "boc4j.behaviour.run", "worker").takeSnapshot()
        .percentileValues().length, "the configured percentiles");
  }

  @Test
  void y03_bindingWithoutSampledTimersInstallsNoPerBehaviourHook() throws Exception {
    Boc boc = newBoc("unhooked", 1);
    closing(new BocMetrics(boc)).bindTo(registry);
    assertEquals(0, registry.find("boc4j.behaviour.run").meters().size(), "no timers");
    // The runtime's only per-behaviour hook is its sampling slot: it must still be free.
    boc.sampleBehaviours(1, (q, r, p, f) -> {}).close();
  }

  @Test
  void sampledTimersTakeTheSlotUntilTheBinderIsClosed() throws Exception {
    Boc boc = newBoc("hooked", 1);
    BocMetrics metrics = BocMetrics.builder(boc).sampledTimers(10).build();
    metrics.bindTo(registry);
    metrics.bindTo(new SimpleMeterRegistry()); // a second registry shares the one hook
    assertThrows(IllegalStateException.class, () -> boc.sampleBehaviours(1, (q, r, p, f) -> {}));

    SimpleMeterRegistry other = new SimpleMeterRegistry();
    BocMetrics second = BocMetrics.builder(boc).sampledTimers(1).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.bindTo(other));
    assertTrue(e.getMessage().contains("already sampled"), e.getMessage());
    assertEquals(0, other.getMeters().size(), "a conflicting binder registers nothing");

    metrics.close();
    boc.sampleBehaviours(1, (q, r, p, f) -> {}).close(); // free again
  }

  private Timer timer(Boc boc, String name, String thread) {
    return registry.get(name).tags(runtime(boc, MeterSpec.THREAD, thread)).timer();
  }
}
