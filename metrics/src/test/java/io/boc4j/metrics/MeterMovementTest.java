package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.BocListener;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.boc4j.StarvationHandler;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The meters move as the runtime works (SPEC section 7, CONTRACT Y01 and Y02's equality part). */
@Timeout(value = 30, unit = SECONDS)
class MeterMovementTest extends MetricsTestSupport {

  @Test
  void scheduledCompletedAndFailedEqualWhatTheRuntimeRan() throws Exception {
    Boc boc = newBoc("moving", 2);
    bindFresh(boc);
    Cown<Integer> counter = Cown.of(0);
    for (int i = 0; i < 100; i++) {
      boc.run(counter, c -> c.set(c.get() + 1));
    }
    for (int i = 0; i < 5; i++) {
      boc.when(Cown.of(i), c -> {
        throw new IllegalStateException("expected by the test");
      });
    }
    boc.quiesce(WAIT);

    assertEquals(105, counter(boc, "boc4j.scheduled"));
    assertEquals(105, counter(boc, "boc4j.completed"));
    assertEquals(5, counter(boc, "boc4j.failed"));
    assertEquals(0, gauge(boc, "boc4j.in.flight"));
    assertTrue(gauge(boc, "boc4j.in.flight.peak") >= 1);
    assertEquals(2, gauge(boc, "boc4j.workers"));
    assertEquals(105, registry.find("boc4j.worker.run").functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum(), "every body ran on some worker");
    double pushes = registry.find("boc4j.worker.pushed.remote").functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum()
        + registry.find("boc4j.worker.pushed.local").functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum();
    assertTrue(pushes >= 1, "pushes: " + pushes);
  }

  @Test
  void pinnedDepthRisesWhileQueuedAndReturnsToZeroAfterPump() throws Exception {
    Boc boc = newBoc("pinned", 1);
    bindFresh(boc);
    assertTrue(Double.isNaN(seconds(boc, "boc4j.pinned.since.last.pump")), "never pumped");
    for (int i = 0; i < 3; i++) { // three free pinned cowns: each behaviour is ready at once
      boc.run(PinnedCown.of(new StringBuilder()), b -> b.get().append("pumped"));
    }
    assertEquals(3, gauge(boc, "boc4j.pinned.queue.depth"));
    assertTrue(seconds(boc, "boc4j.pinned.queue.age") >= 0);

    assertEquals(3, boc.mainThread().pump().executed());
    assertEquals(0, gauge(boc, "boc4j.pinned.queue.depth"));
    assertEquals(0, seconds(boc, "boc4j.pinned.queue.age"), "an empty queue has no age");
    assertEquals(3, counter(boc, "boc4j.pinned.pumped"));
    assertEquals(0, counter(boc, "boc4j.pinned.failed"));
    assertTrue(seconds(boc, "boc4j.pinned.since.last.pump") >= 0, "pumped now");
  }

  @Test
  void watchdogWarningsIncrementWhenTheQueueStarves() throws Exception {
    Boc boc = newBoc("starving", 1);
    bindFresh(boc);
    CountDownLatch warned = new CountDownLatch(1);
    boc.addListener(new BocListener() {
      @Override
      public void onStarvation(StarvationHandler.Severity severity, String message) {
        warned.countDown();
      }
    });
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(20), null, null);
    assertEquals(0.020, seconds(boc, "boc4j.pinned.watchdog.warn.threshold"), 1e-9);
    assertTrue(Double.isNaN(seconds(boc, "boc4j.pinned.watchdog.raise.threshold")), "raise off");

    boc.run(PinnedCown.of("starved"), p -> p.get());
    assertTrue(warned.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    assertEquals(1, counter(boc, "boc4j.pinned.watchdog.warnings"));
    assertTrue(seconds(boc, "boc4j.pinned.queue.age") >= 0.020, "the age the watchdog saw");
    assertEquals(0, counter(boc, "boc4j.pinned.watchdog.raises"));
    boc.mainThread().pump();
  }

  @Test
  void noticeboardEntriesEqualTheBoardSize() throws Exception {
    Boc boc = closing(Boc.builder().name("board").workers(1).noticeboardCapacity(3).build());
    bindFresh(boc);
    boc.noticeboard().seed("a", 1);
    boc.noticeboard().seed("b", 2);
    assertEquals(2, gauge(boc, "boc4j.noticeboard.entries"));
    boc.noticeboard().seed("c", 3);
    assertEquals(boc.noticeboard().size(), gauge(boc, "boc4j.noticeboard.entries"));
    assertEquals(3, gauge(boc, "boc4j.noticeboard.capacity"));
    assertEquals(boc.noticeboard().version(), counter(boc, "boc4j.noticeboard.commits"));

    assertThrows(IllegalStateException.class, () -> boc.noticeboard().write("d", 4), "full");
    assertEquals(1, counter(boc, "boc4j.noticeboard.rejected"));
    boc.noticeboard().update("a", v -> {
      throw new IllegalStateException("update failure expected by the test");
    }, 0);
    boc.noticeboard().sync();
    assertEquals(1, counter(boc, "boc4j.noticeboard.failed"));
    assertEquals(0, gauge(boc, "boc4j.noticeboard.pending"));
    assertEquals(0, counter(boc, "boc4j.noticeboard.dropped"));
  }

  @Test
  void perTagDepthFollowsSendAndReceive() throws Exception {
    Boc boc = newBoc("messages", 1);
    bindFresh(boc);
    for (int i = 0; i < 3; i++) {
      boc.mailbox().send("a", i);
    }
    boc.mailbox().send("b", "x");
    scrape(registry); // registers the gauges of the new tags
    assertEquals(3, gauge(boc, "boc4j.mailbox.depth", "mailbox", "runtime", "tag", "a"));
    assertEquals(1, gauge(boc, "boc4j.mailbox.depth", "mailbox", "runtime", "tag", "b"));
    assertEquals(0, boc.mailbox().receive("a").payload());
    assertEquals(2, gauge(boc, "boc4j.mailbox.depth", "mailbox", "runtime", "tag", "a"));
    boc.mailbox().drain("b");
    assertEquals(0, gauge(boc, "boc4j.mailbox.depth", "mailbox", "runtime", "tag", "b"));
  }
}
