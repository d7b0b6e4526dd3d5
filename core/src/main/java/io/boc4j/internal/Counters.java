package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Single-writer statistics counters of one worker. The owning thread increments with a plain read
 * and an opaque write (no fence, no RMW); other threads read with opaque loads. Opaque is enough:
 * readers want a recent value of each counter, never a consistent cut across counters.
 *
 * <p>The array is padded at both ends so that two workers' counters never share a cache line.
 */
final class Counters {

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int PAD = 8; // 64 bytes of longs on each side

  static final int PUSHED_LOCAL = 0;
  static final int POPPED_LOCAL = 1;
  static final int POPPED_VIA_STEAL = 2;
  static final int STEAL_ATTEMPTS = 3;
  static final int STEAL_FAILURES = 4;
  static final int PARKED = 5;
  static final int BEHAVIOURS_RUN = 6;
  static final int SCHEDULED = 7;
  static final int FAILED = 8;

  /**
   * Behaviours entered plus behaviours left: odd exactly while the worker runs a behaviour (its body
   * and the completion callbacks after it), so one opaque read tells the slow-body detector both
   * whether a behaviour runs and which one. Two stores per behaviour on this worker's own padded
   * line, and no clock read: the detector times what it sees with its own clock.
   */
  static final int BODY_EDGES = 9;
  private static final int COUNT = 10;

  private final long[] slots = new long[PAD + COUNT + PAD];

  void increment(int counter) {
    add(counter, 1);
  }

  void add(int counter, long delta) {
    int i = PAD + counter;
    SLOTS.setOpaque(slots, i, slots[i] + delta); // owner-only writer: plain read, own last write
  }

  long get(int counter) {
    return (long) SLOTS.getOpaque(slots, PAD + counter);
  }
}
