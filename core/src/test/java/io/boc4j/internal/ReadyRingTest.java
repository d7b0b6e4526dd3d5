package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker's own ready ring: FIFO, bounded, and under one producer and several consumers every
 * behaviour is taken exactly once, and each consumer sees them in the order they were offered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadyRingTest {

  @Test
  void fifoAndBoundedOnOneThread() {
    ReadyRing ring = new ReadyRing(4);
    assertTrue(ring.isEmpty());
    List<Item> in = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Item b = new Item(0, i);
      in.add(b);
      assertTrue(ring.offer(b));
    }
    assertFalse(ring.offer(new Item(0, 4)), "a full ring refuses");
    assertSame(in.get(0), ring.poll(true));
    assertTrue(ring.offer(new Item(0, 5)), "room again after a take");
    assertSame(in.get(1), ring.poll(false));
    assertSame(in.get(2), ring.poll(true));
    assertSame(in.get(3), ring.poll(false));
    assertEquals(5, ((Item) ring.poll(true)).seq);
    assertNull(ring.poll(true));
    assertTrue(ring.isEmpty());
  }

  @Test
  void capacityMustBeAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new ReadyRing(6));
  }

  @Test
  @Tag("stress")
  void everyBehaviourIsTakenOnceAndInOrderPerConsumer() throws Exception {
    int total = 200_000;
    ReadyRing ring = new ReadyRing(64); // small: the producer wraps round many times
    AtomicIntegerArray taken = new AtomicIntegerArray(total);
    List<String> errors = new CopyOnWriteArrayList<>();
    AtomicBoolean producing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> thieves = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thief = new Thread(() -> {
        int last = -1;
        await(start);
        while (producing.get() || !ring.isEmpty()) {
          Behaviour b = ring.poll(false);
          if (b != null) {
            last = take((Item) b, last, taken, errors);
          }
        }
      }, "thief-" + t);
      thieves.add(thief);
      thief.start();
    }
    start.countDown();
    int next = 0;
    int lastOwn = -1;
    while (next < total) { // the owner offers and, now and then, takes from its own ring
      if (ring.offer(new Item(0, next))) {
        next++;
      }
      if ((next & 7) == 0) {
        Behaviour b = ring.poll(true);
        if (b != null) {
          lastOwn = take((Item) b, lastOwn, taken, errors);
        }
      }
    }
    producing.set(false);
    Behaviour b;
    while ((b = ring.poll(true)) != null) {
      lastOwn = take((Item) b, lastOwn, taken, errors);
    }
    for (Thread thief : thieves) {
      thief.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertEquals(List.of(), errors);
    for (int i = 0; i < total; i++) {
      assertEquals(1, taken.get(i), "behaviour " + i + " taken " + taken.get(i) + " times");
    }
  }

  private static int take(Item b, int last, AtomicIntegerArray taken, List<String> errors) {
    taken.incrementAndGet(b.seq);
    if (b.seq <= last) {
      errors.add(Thread.currentThread().getName() + " took " + b.seq + " after " + last);
    }
    return b.seq;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
