package io.boc4j.internal.mailbox;

import static io.boc4j.internal.Racers.race;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Message;
import io.boc4j.internal.LineLayout;
import io.boc4j.internal.Racers;
import java.lang.reflect.Field;
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
  void countsEveryIncrementFromConcurrentThreads() {
    PaddedLongAdder adder = new PaddedLongAdder();
    int each = 100_000;
    Racers.Body incrementer = () -> {
      for (int i = 0; i < each; i++) {
        adder.increment();
      }
    };
    race("adder", 20, incrementer, incrementer, incrementer, incrementer);
    assertEquals(4L * each, adder.sum());
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
