package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SharedCounter} counts like an {@code AtomicInteger}, and its value has at least a cache
 * line's worth of the object's own fields on each side, so no other object's field can share its
 * line wherever the heap places it.
 */
@Timeout(30)
class SharedCounterTest {

  private static final int LINE = 64;

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
    sun.misc.Unsafe unsafe = unsafe();
    long value = unsafe.objectFieldOffset(SharedCounterValue.class.getDeclaredField("value"));
    long lastFieldEnd = 0;
    for (Class<?> c = SharedCounter.class; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          lastFieldEnd = Math.max(lastFieldEnd, unsafe.objectFieldOffset(f) + 8);
        }
      }
    }
    // Bytes of the object before the value (header included: only its class word, never written,
    // can fall on the value's line) and the object's own bytes after it.
    assertTrue(value >= LINE, "the value at offset " + value + " has less than a line before it");
    assertTrue(lastFieldEnd - (value + 4) >= LINE - 8,
        "the object ends " + (lastFieldEnd - value - 4) + " bytes after the value");
  }

  private static sun.misc.Unsafe unsafe() throws ReflectiveOperationException {
    Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    return (sun.misc.Unsafe) f.get(null);
  }
}
