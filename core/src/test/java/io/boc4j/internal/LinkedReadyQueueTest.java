package io.boc4j.internal;

import static io.boc4j.internal.Racers.SCALE;
import static io.boc4j.internal.Racers.race;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inbox and main-queue structure ({@link LinkedReadyQueue}): FIFO with exact sizes on one thread;
 * under several producers and several consumers every element is taken exactly once, each consumer
 * sees each producer's elements in order, and the size never goes negative.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkedReadyQueueTest {

  @Test
  void fifoWithExactSizeAndEmptyEdges() {
    LinkedReadyQueue<Item> q = new LinkedReadyQueue<>();
    assertTrue(q.isEmpty());
    assertEquals(0, q.size());
    assertTrue(q.offer(new Item(0, 0)), "an offer into an empty queue reports it");
    assertFalse(q.offer(new Item(0, 1)), "one behind another does not");
    assertFalse(q.offer(new Item(0, 2)));
    assertEquals(3, q.size());
    assertEquals(1, q.first().seq(), "numbers start at 1");
    assertEquals(0, q.poll().seq);
    assertEquals(2, q.size());
    assertEquals(1, q.poll().seq);
    assertEquals(2, q.poll().seq);
    assertNull(q.poll());
    assertEquals(0, q.size());
    assertTrue(q.offer(new Item(0, 3)), "empty again: the next offer begins a new period");
    assertEquals(4, q.first().seq());
  }

  @Test
  void aNodeKeepsItsProducersStamp() {
    LinkedReadyQueue<Item> q = new LinkedReadyQueue<>();
    q.offer(new Item(0, 0), 42);
    q.offer(new Item(0, 1));
    assertEquals(42, q.first().stamp());
    q.poll();
    assertEquals(0, q.first().stamp());
  }

  /** Three producers, two consumers, and a reader of the size racing them. */
  @Test
  @Tag("stress")
  void everyElementIsTakenOnceAndInOrderPerProducer() {
    LinkedReadyQueue<Item> q = new LinkedReadyQueue<>();
    int producers = 3;
    int n = 50_000 * SCALE;
    Ledger ledger = new Ledger(producers, n);
    AtomicInteger producing = new AtomicInteger(producers);
    AtomicInteger consuming = new AtomicInteger(2);
    Racers.Body[] bodies = new Racers.Body[producers + 3];
    for (int p = 0; p < producers; p++) {
      int producer = p;
      bodies[p] = () -> {
        for (int i = 0; i < n; i++) {
          q.offer(new Item(producer, i));
        }
        producing.decrementAndGet();
      };
    }
    for (int c = 0; c < 2; c++) {
      Ledger.Consumer consumer = ledger.consumer("consumer-" + c, true);
      bodies[producers + c] = () -> {
        while (producing.get() > 0 || !q.isEmpty()) {
          Item item = q.poll();
          if (item != null) {
            consumer.took(item.producer, item.seq);
          } else {
            Thread.onSpinWait();
          }
        }
        consuming.decrementAndGet();
      };
    }
    bodies[producers + 2] = () -> {
      while (consuming.get() > 0) {
        long size = q.size();
        if (size < 0 || size > (long) producers * n) {
          throw new AssertionError("size out of range: " + size);
        }
      }
    };
    race("linked-ready-queue", 100, bodies);
    ledger.assertEachTakenOnce();
    assertNull(q.poll());
    assertEquals(0, q.size());
  }
}
