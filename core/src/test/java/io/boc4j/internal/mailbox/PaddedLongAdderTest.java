package io.boc4j.internal.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Message;
import io.boc4j.internal.LineLayout;
import java.lang.reflect.Field;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PaddedLongAdder} counts like a {@link LongAdder}, and its base is followed by a line's
 * worth of the object's own fields, so the next object (a tag's second counter) cannot share its
 * line; {@link TagQueue} counts its pushes and pops in two of them.
 */
@Timeout(30)
class PaddedLongAdderTest {

  @Test
  void countsEveryIncrementFromConcurrentThreads() throws Exception {
    PaddedLongAdder adder = new PaddedLongAdder();
    int threads = 4;
    int each = 100_000;
    CountDownLatch start = new CountDownLatch(1);
    Thread[] running = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      running[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < each; i++) {
          adder.increment();
        }
      });
      running[t].start();
    }
    start.countDown();
    for (Thread t : running) {
      t.join();
    }
    assertEquals((long) threads * each, adder.sum());
  }

  @Test
  void theBaseHasALineOfTheObjectsOwnFieldsAfterIt() throws Exception {
    LineLayout.assertLineAfter(PaddedLongAdder.class, LongAdder.class.getSuperclass());
  }

  @Test
  void aTagCountsItsPushesAndPopsInPaddedAdders() throws Exception {
    TagQueue q = new TagQueue("t");
    assertTrue(q.offer(new Message("t", 1)));
    assertTrue(q.offer(new Message("t", 2)));
    assertEquals(1, q.poll().payload());
    assertEquals(2, q.pushedTotal());
    assertEquals(1, q.poppedTotal());
    for (String name : new String[] {"pushed", "popped"}) {
      Field f = TagQueue.class.getDeclaredField(name);
      f.setAccessible(true);
      assertEquals(PaddedLongAdder.class, f.get(q).getClass(), name);
    }
  }
}
