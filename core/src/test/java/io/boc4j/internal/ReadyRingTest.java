package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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
  void aThiefTakesTheOlderHalfOldestFirstBoundedByItsBuffer() {
    ReadyRing ring = new ReadyRing(8);
    Behaviour[] into = new Behaviour[8];
    assertEquals(0, ring.pollHalf(into), "an empty ring gives nothing");
    for (int i = 0; i < 6; i++) { // move the indices on, so that the batches below wrap round
      assertTrue(ring.offer(new Item(0, -1)));
      assertEquals(-1, ((Item) ring.poll(true)).seq);
    }
    for (int i = 0; i < 7; i++) {
      assertTrue(ring.offer(new Item(0, i)));
    }
    assertEquals(4, ring.pollHalf(into), "half of 7, rounded up");
    assertSeqs(into, 0, 1, 2, 3);
    assertEquals(2, ring.pollHalf(new Behaviour[2]), "no more than the buffer holds");
    assertEquals(6, ((Item) ring.poll(true)).seq, "the batches took the oldest; 4 and 5 went");
    assertTrue(ring.isEmpty());
    assertTrue(ring.offer(new Item(0, 7)));
    assertEquals(1, ring.pollHalf(into), "a single behaviour is half of one");
    assertSeqs(into, 7);
  }

  private static void assertSeqs(Behaviour[] taken, int... seqs) {
    for (int i = 0; i < seqs.length; i++) {
      assertEquals(seqs[i], ((Item) taken[i]).seq, "taken[" + i + "]");
    }
  }

  @Test
  void capacityMustBeAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new ReadyRing(6));
    assertThrows(IllegalArgumentException.class, () -> new ReadyRing(8, 0));
  }

  @Test
  void theSlotsAreReplacedOnlyByAnOfferIntoAnEmptyRingEveryRenewEveryOfThem() {
    ReadyRing ring = new ReadyRing(4, 2);
    Behaviour[] first = ring.slotsForTest();
    assertTrue(ring.offer(new Item(0, 0))); // empty: the first of two
    assertTrue(ring.offer(new Item(0, 1))); // not empty: not counted
    assertSame(first, ring.slotsForTest());
    assertEquals(0, ((Item) ring.poll(true)).seq);
    assertEquals(1, ((Item) ring.poll(false)).seq);
    assertTrue(ring.offer(new Item(0, 2))); // empty again: the second, so the slots are replaced
    Behaviour[] second = ring.slotsForTest();
    assertNotSame(first, second);
    assertEquals(4, second.length);
    assertEquals(2, ((Item) ring.poll(true)).seq, "the offer that replaced them is in the new ones");
    assertNull(ring.poll(false));
    for (int i = 3; i < 7; i++) { // wraps round the new array: FIFO and bounded as before
      assertTrue(ring.offer(new Item(0, i)));
    }
    assertFalse(ring.offer(new Item(0, 7)));
    for (int i = 3; i < 7; i++) {
      assertEquals(i, ((Item) ring.poll(i % 2 == 0)).seq);
    }
  }

  @Test
  @Tag("stress")
  void everyBehaviourIsTakenOnceAndInOrderPerConsumer() throws Exception {
    takenOnceAndInOrder(false);
  }

  @Test
  @Tag("stress")
  void everyBehaviourIsTakenOnceAndInOrderWhenThievesTakeHalves() throws Exception {
    takenOnceAndInOrder(true);
  }

  @Test
  @Tag("stress")
  void everyBehaviourIsTakenOnceAndInOrderWhenTheSlotsAreReplacedAtEveryEmptyOffer()
      throws Exception {
    takenOnceAndInOrder(false, 1);
    takenOnceAndInOrder(true, 1);
  }

  private static void takenOnceAndInOrder(boolean halves) throws Exception {
    takenOnceAndInOrder(halves, ReadyRing.RENEW_EVERY);
  }

  /**
   * One producer-owner, two thieves; with {@code halves} the thieves alternate single and half takes.
   * The ring replaces its slots every {@code renewEvery} offers into it while empty.
   */
  private static void takenOnceAndInOrder(boolean halves, int renewEvery) throws Exception {
    int total = 200_000;
    ReadyRing ring = new ReadyRing(64, renewEvery); // small: the producer wraps round many times
    AtomicIntegerArray taken = new AtomicIntegerArray(total);
    List<String> errors = new CopyOnWriteArrayList<>();
    AtomicBoolean producing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> thieves = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thief = new Thread(() -> {
        int last = -1;
        Behaviour[] batch = new Behaviour[5];
        boolean half = false;
        await(start);
        while (producing.get() || !ring.isEmpty()) {
          half = halves && !half;
          if (half) {
            int k = ring.pollHalf(batch);
            for (int i = 0; i < k; i++) {
              last = take((Item) batch[i], last, taken, errors);
            }
          } else {
            Behaviour b = ring.poll(false);
            if (b != null) {
              last = take((Item) b, last, taken, errors);
            }
          }
        }
      }, "thief-" + t);
      thief.setDaemon(true); // a broken ring fails the test by its timeout, not by hanging the JVM
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
