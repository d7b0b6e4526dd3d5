package io.boc4j;

/**
 * Thrown by the main thread's {@link MainThread#pump}, {@link Boc#waitAll} or {@link Boc#quiesce} when the
 * main queue has been non-empty for longer than the watchdog's raise threshold: the main thread is
 * not pumping often enough. Thrown once per non-empty period, before anything runs; the next pump
 * proceeds normally. Opt-in, see {@link MainThread#setPumpWatchdog(java.time.Duration,
 * java.time.Duration, StarvationHandler)}.
 */
public final class PumpStarvationException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** How long the main queue had been non-empty, in ms. */
  private final long ageMillis;

  /** How many pinned behaviours were queued. */
  private final long depth;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do
   * @param ageMillis how long the main queue had been non-empty
   * @param depth how many pinned behaviours were queued
   */
  public PumpStarvationException(String message, long ageMillis, long depth) {
    super(message);
    this.ageMillis = ageMillis;
    this.depth = depth;
  }

  /**
   * How long the main queue had been non-empty when this was thrown.
   *
   * @return milliseconds
   */
  public long ageMillis() {
    return ageMillis;
  }

  /**
   * How many pinned behaviours were queued when this was thrown.
   *
   * @return the depth
   */
  public long depth() {
    return depth;
  }
}
