package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Checks, by the JVM's own field offsets, that a class keeps some fields on cache lines of their
 * own: at least a line of the object's bytes before the first of them (the header's class word,
 * never written after allocation, may fall on that line) and at least a line minus the next
 * object's class word after the last, so that no other object's field can share their lines
 * wherever the heap places the object.
 */
final class LineLayout {

  static final int LINE = 64;

  private LineLayout() {}

  /**
   * Asserts that the instance fields {@code owner} declares are alone on their lines in an object
   * of class {@code leaf}.
   *
   * @param leaf the class of the objects (a subclass of {@code owner}, or {@code owner})
   * @param owner the class declaring the fields to keep apart
   */
  static void assertFieldsAlone(Class<?> leaf, Class<?> owner) throws ReflectiveOperationException {
    sun.misc.Unsafe unsafe = unsafe();
    long first = Long.MAX_VALUE;
    long last = 0;
    for (Field f : owner.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        long at = unsafe.objectFieldOffset(f);
        first = Math.min(first, at);
        last = Math.max(last, at + size(f.getType()));
      }
    }
    long objectEnd = 0;
    for (Class<?> c = leaf; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          objectEnd = Math.max(objectEnd, unsafe.objectFieldOffset(f) + size(f.getType()));
        }
      }
    }
    assertTrue(first != Long.MAX_VALUE, owner + " declares no instance field");
    assertTrue(first >= LINE, owner.getSimpleName() + "'s first field at offset " + first
        + " has less than a line before it");
    assertTrue(objectEnd - last >= LINE - 8,
        "the object ends " + (objectEnd - last) + " bytes after " + owner.getSimpleName()
            + "'s last field");
  }

  private static long size(Class<?> type) {
    if (type == long.class || type == double.class) {
      return 8;
    }
    if (type == int.class || type == float.class) {
      return 4;
    }
    if (type == short.class || type == char.class) {
      return 2;
    }
    if (type == byte.class || type == boolean.class) {
      return 1;
    }
    return 4; // a reference: compressed below 32 GiB of heap, as in every JVM the tests run in
  }

  private static sun.misc.Unsafe unsafe() throws ReflectiveOperationException {
    Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    return (sun.misc.Unsafe) f.get(null);
  }
}
