package io.boc4j;

/**
 * Observes runtime events that are not counters, for integrations (metrics, health checks, tracing).
 * Every method has a no-op default; implement the ones you need and register the listener with
 * {@link Boc.Builder#listener} or {@link Boc#addListener}.
 *
 * <p>Threading: methods are called on the thread where the event happened (a watchdog's timer
 * thread, a worker, the main thread), possibly concurrently. Keep them short and non-blocking; never
 * call {@code waitAll}, {@code quiesce} or {@code acquire} from them. A listener that throws is logged
 * (logger {@code io.boc4j.runtime}) and the runtime goes on; the other listeners still run.
 */
public interface BocListener {

  /**
   * The pump watchdog reported that the main queue has held pinned work too long (see {@link
   * MainThread#setPumpWatchdog}). Called in addition to the watchdog's own handler or logger.
   *
   * @param severity WARN past the warn threshold; ERROR past the raise threshold
   * @param message how long the queue has been non-empty (ms), its depth, and what to do
   */
  default void onStarvation(StarvationHandler.Severity severity, String message) {}

  /**
   * A fire-and-forget body ({@code boc.run(...)}) threw: there is no result cown to carry the
   * failure, so this is the only place it can be observed (it is also logged and counted as failed).
   *
   * @param failure the very Throwable the body threw
   */
  default void onUnobservedFailure(Throwable failure) {}

  /**
   * A worker has been running one behaviour for longer than {@link Boc.Builder#slowBodyThreshold}
   * (off unless that is set). Called once per behaviour, on the detector's own thread while the
   * behaviour still runs (or, with a {@link VirtualClock}, on the thread that advanced it), in
   * addition to the warning logged on {@code io.boc4j.runtime}.
   *
   * @param report which thread, for how long, and its stack
   */
  default void onSlowBody(SlowBody report) {}
}
