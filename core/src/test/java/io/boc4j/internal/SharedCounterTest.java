package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SharedCounter} counts like an {@code AtomicInteger}, and its value has at least a cache
 * line's worth of the object's own fields on each side, so no other object's field can share its
 * line wherever the heap places it.
 */
@Timeout(30)
class SharedCounterTest {

  @Test
  void countsUpAndDown() {
    SharedCounter c = new SharedCounter();
    assertEquals(0, c.get());
    assertEquals(1, c.incrementAndGet());
    assertEquals(2, c.incrementAndGet());
    assertEquals(1, c.decrementAndGet());
    assertEquals(1, c.get());
    assertEquals("1", c.toString());
  }

  @Test
  void theValueHasALineOfTheObjectsOwnFieldsOnEachSide() throws Exception {
    LineLayout.assertFieldsAlone(SharedCounter.class, SharedCounterValue.class);
  }
}
