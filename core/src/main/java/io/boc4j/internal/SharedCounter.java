package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An {@code int} counter that every worker reads on its hot path and some write, alone on its cache
 * line: the workers' idle and searching counts, read on every local push, and the count of muted
 * behaviours, read on every turn of the run loop.
 *
 * <p>Why: as plain {@code AtomicInteger}s these sat next to each other and to the runtime's other
 * small objects, and which of them shared a 64-byte line depended on where the heap's compaction
 * placed them. When a line held a counter one worker writes (a worker entering its search) and one
 * the other reads on every behaviour, each write cost the reader a miss: at two workers with no work
 * the bank ran 0.7-0.8x as fast whenever another runtime had been created in the JVM before, which
 * moves the layout (see docs/benchmarks.md). The padding fields on both sides keep the value's line
 * its own wherever the object lands.
 */
final class SharedCounter extends SharedCounterValue {

  // Trailing padding: 56 bytes, so that whatever follows the object starts on a later line.
  @SuppressWarnings("unused")
  private long q1;
  @SuppressWarnings("unused")
  private long q2;
  @SuppressWarnings("unused")
  private long q3;
  @SuppressWarnings("unused")
  private long q4;
  @SuppressWarnings("unused")
  private long q5;
  @SuppressWarnings("unused")
  private long q6;
  @SuppressWarnings("unused")
  private long q7;

  @Override
  public String toString() {
    return Integer.toString(get());
  }
}

/** {@link SharedCounter}'s value, after the leading padding. */
abstract class SharedCounterValue extends LeadingLinePadding {
  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(SharedCounterValue.class, "value", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // written through VALUE
  private volatile int value;

  /**
   * The current value.
   *
   * @return it, read with volatile semantics
   */
  final int get() {
    return value;
  }

  /**
   * Adds one.
   *
   * @return the new value (a volatile read-modify-write)
   */
  final int incrementAndGet() {
    return (int) VALUE.getAndAdd(this, 1) + 1;
  }

  /**
   * Subtracts one.
   *
   * @return the new value (a volatile read-modify-write)
   */
  final int decrementAndGet() {
    return (int) VALUE.getAndAdd(this, -1) - 1;
  }
}
