package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, by the JVM's own field offsets, that a class keeps some fields on cache lines of their
 * own: at least a line of the object's bytes before the first of them (the header's class word,
 * never written after allocation, may fall on that line) and at least a line minus the next
 * object's class word after the last, so that no other object's field can share their lines
 * wherever the heap places the object.
 */
public final class LineLayout {

  static final int LINE = 64;

  private LineLayout() {}

  /**
   * Asserts that the instance fields {@code owner} declares are alone on their lines in an object
   * of class {@code leaf}.
   *
   * @param leaf the class of the objects (a subclass of {@code owner}, or {@code owner})
   * @param owner the class declaring the fields to keep apart
   */
  public static void assertFieldsAlone(Class<?> leaf, Class<?> owner)
      throws ReflectiveOperationException {
    sun.misc.Unsafe unsafe = unsafe();
    long first = Long.MAX_VALUE;
    for (Field f : instanceFields(owner)) {
      first = Math.min(first, unsafe.objectFieldOffset(f));
    }
    assertTrue(first != Long.MAX_VALUE, owner + " declares no instance field");
    assertTrue(first >= LINE, owner.getSimpleName() + "'s first field at offset " + first
        + " has less than a line before it");
    assertLineAfter(leaf, owner);
  }

  /**
   * Asserts that in an object of class {@code leaf} the instance fields {@code owner} declares are
   * followed by at least a line minus the next object's class word of the object's own bytes, so
   * that no field of the object allocated after it can share their last line.
   *
   * @param leaf the class of the objects (a subclass of {@code owner}, or {@code owner})
   * @param owner the class declaring the fields to keep apart from what follows
   */
  public static void assertLineAfter(Class<?> leaf, Class<?> owner)
      throws ReflectiveOperationException {
    sun.misc.Unsafe unsafe = unsafe();
    long last = 0;
    for (Field f : instanceFields(owner)) {
      last = Math.max(last, unsafe.objectFieldOffset(f) + size(f.getType()));
    }
    long objectEnd = 0;
    for (Class<?> c = leaf; c != Object.class; c = c.getSuperclass()) {
      for (Field f : instanceFields(c)) {
        objectEnd = Math.max(objectEnd, unsafe.objectFieldOffset(f) + size(f.getType()));
      }
    }
    assertTrue(last > 0, owner + " declares no instance field");
    assertTrue(objectEnd - last >= LINE - 8,
        "the object ends " + (objectEnd - last) + " bytes after " + owner.getSimpleName()
            + "'s last field");
  }

  private static List<Field> instanceFields(Class<?> c) {
    List<Field> fields = new ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.add(f);
      }
    }
    return fields;
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
