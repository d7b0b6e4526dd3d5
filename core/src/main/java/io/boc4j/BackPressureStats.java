package io.boc4j;

/**
 * How back-pressure held producers back in the current runtime generation (SPEC §4). Each figure is
 * cumulative for the generation and individually recent.
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

  /** The figures when no runtime is running. */
  public static final BackPressureStats NONE = new BackPressureStats(0, 0, 0, 0, 0);
}
