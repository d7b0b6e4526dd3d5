package io.boc4j;

/**
 * Receives the pump watchdog's reports (see {@link MainThread#setPumpWatchdog(java.time.Duration,
 * java.time.Duration, StarvationHandler)}): the runtime's main queue has held pinned work for longer
 * than a threshold.
 *
 * <p>Threading: called on the watchdog's own timer thread while the main thread is still stuck (for
 * {@link Severity#ERROR}, possibly on the main thread itself if its next pump notices first; with a
 * {@link VirtualClock}, on the thread that advances it). Keep it
 * short and non-blocking: the watchdog checks nothing else while it runs. An exception it throws is
 * logged and the watchdog keeps running.
 */
@FunctionalInterface
public interface StarvationHandler {

  /** How serious a report is. */
  enum Severity {
    /** The queue has been non-empty longer than the warn threshold. */
    WARN,
    /**
     * The queue has been non-empty longer than the raise threshold; the main thread's next pump,
     * waitAll or quiesce throws {@link PumpStarvationException}.
     */
    ERROR
  }

  /**
   * Reports starvation of the main queue; called at most once per severity per non-empty period.
   *
   * @param severity WARN or ERROR
   * @param message says how long the queue has been non-empty (in ms), its depth, and what to do
   */
  void onStarve(Severity severity, String message);
}
