package io.boc4j.samples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShutdownGateTest {

  @Test
  void closingWithNothingInFlightIsDrainedAtOnce() {
    ShutdownGate gate = new ShutdownGate();
    assertTrue(gate.close().isDone());
    assertFalse(gate.enter());
    assertEquals(1, gate.refused());
  }

  @Test
  void theDrainWaitsForTheLastAdmittedRequest() {
    ShutdownGate gate = new ShutdownGate();
    assertTrue(gate.enter());
    assertTrue(gate.enter());
    CompletableFuture<Void> drained = gate.close();
    assertEquals(2, gate.inFlightAtClose());
    assertFalse(gate.enter(), "admitted after close");
    gate.exit();
    assertFalse(drained.isDone());
    gate.exit();
    assertTrue(drained.isDone());
    assertEquals(0, gate.inFlight());
    assertEquals(2, gate.admitted());
  }

  @Test
  void noRequestSlipsInAfterTheCloseUnderContention() throws Exception {
    for (int round = 0; round < 200; round++) {
      ShutdownGate gate = new ShutdownGate();
      AtomicLong answered = new AtomicLong();
      CountDownLatch go = new CountDownLatch(1);
      Thread[] requests = new Thread[4];
      for (int t = 0; t < requests.length; t++) {
        requests[t] = new Thread(() -> {
          awaitQuietly(go);
          while (gate.enter()) {
            answered.incrementAndGet();
            gate.exit();
          }
        });
        requests[t].start();
      }
      go.countDown();
      CompletableFuture<Void> drained = gate.close();
      drained.get(10, TimeUnit.SECONDS);
      long atDrain = answered.get();
      for (Thread t : requests) {
        t.join();
      }
      assertEquals(0, gate.inFlight());
      assertEquals(atDrain, answered.get(), "a request was admitted after the drain completed");
      assertEquals(gate.admitted(), answered.get());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
