package io.boc4j;

/**
 * How back-pressure held producers back (see {@code docs/back-pressure.md}), part of {@link
 * BocStats}. The counts and times are cumulative over the runtime object's life; {@code mutedNow} is
 * a gauge. Each figure is individually recent.
 *
 * @param mutes times a body that scheduled two or more behaviours was muted (kept its cowns) because
 *     the runtime was over its limit
 * @param mutedMillis total time behaviours spent muted
 * @param mutedNow behaviours muted right now
 * @param producerWaits times a plain thread's {@code when} waited for the load to fall
 * @param producerWaitMillis total time plain threads spent waiting in {@code when}
 */
public record BackPressureStats(
    long mutes, long mutedMillis, int mutedNow, long producerWaits, long producerWaitMillis) {

  /** All zeros: a runtime that never held anyone back. */
  public static final BackPressureStats NONE = new BackPressureStats(0, 0, 0, 0, 0);
}
