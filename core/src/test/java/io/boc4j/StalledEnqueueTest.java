package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.BocTestSupport.LogCapture;
import io.boc4j.internal.FaultInjection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A behaviour whose {@code when} stops half-way through entering a cown's queue (here held at a
 * pause point; in production a thread suspended inside {@code when} can do it) leaves the
 * next behaviour on that cown waiting for it. That wait must not be silent: after a while the
 * waiter reports the stall once, naming the cown, and parks instead of spinning; when the first
 * enqueue finishes after all, both behaviours run, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StalledEnqueueTest {

  @AfterEach
  void resetHooks() {
    FaultInjection.reset();
  }

  @Test
  void aWaiterBehindAHalfEnqueuedBehaviourReportsTheStallOnceAndGoesOnWhenItFinishes()
      throws Exception {
    Cown<List<String>> c = Cown.of(new CopyOnWriteArrayList<>());
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    try (Boc boc = Boc.builder().workers(1).name("stall").build();
        LogCapture log = new LogCapture(r -> {
          if (r.getLevel().equals(Level.WARNING) && String.valueOf(r.getMessage())
              .contains("to finish entering the queue")) {
            reported.countDown();
          }
        })) {
      FaultInjection.stallReportParks = 20; // about 2 ms of parking, not a second
      Thread first = new Thread(() -> boc.run(c, l -> l.get().add("first")), "half-enqueued");
      FaultInjection.swap = () -> {
        if (Thread.currentThread() == first) {
          held.countDown();
          await(letGo);
        }
      };
      first.start();
      assertTrue(held.await(10, TimeUnit.SECONDS), "the first when never reached its swap");

      // The first behaviour is in c's queue but not marked scheduled: this when waits for it. The
      // releaser lets the first one go on once the stall is reported, or after 15 s without a
      // report, so that a missing report fails the assertions below instead of hanging the test.
      Thread releaser = new Thread(() -> {
        try {
          reported.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        letGo.countDown();
      }, "releaser");
      releaser.start();
      boc.run(c, l -> l.get().add("second"));

      first.join(TimeUnit.SECONDS.toMillis(10));
      releaser.join(TimeUnit.SECONDS.toMillis(10));
      boc.quiesce(Duration.ofSeconds(10));
      assertEquals(List.of("first", "second"), boc.when(c, l -> List.copyOf(l.get()))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      long reports = log.records.stream()
          .filter(r -> String.valueOf(r.getMessage()).contains("to finish entering the queue"))
          .count();
      assertEquals(1, reports, "the stall is reported exactly once per wait");
      assertTrue(log.has(Level.WARNING, "cown #" + c.id(), "is stuck there", "keeps waiting"),
          "the report names the cown, the likely cause and what to do: " + log.records);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for " + latch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
