package io.boc4j;

/**
 * Receives the timings of a random sample of behaviours: how long each waited between being scheduled
 * and its body starting, and how long its body ran. For sampled timers in metrics, and for tracing.
 * Register one with {@link Boc#sampleBehaviours(int, BehaviourObserver)}.
 *
 * <p>Without a registered observer the runtime samples nothing and pays one volatile read of an empty
 * slot per scheduled behaviour.
 *
 * <p>What is sampled: every behaviour that runs a body (worker and pinned, typed and fire-and-forget,
 * the runtime's own noticeboard rounds included). Synchronous takes ({@link Boc#acquire}) and
 * behaviours dropped at shutdown run no body and are never reported.
 *
 * <p>Threading: called on the thread that ran the body (a worker, or the main thread for pinned
 * behaviours), after the behaviour has released its cowns, possibly on several threads at once. Keep
 * it short and non-blocking: it delays the next behaviour on that thread. An exception it throws is
 * logged (logger {@code io.boc4j.runtime}) and the runtime goes on.
 */
@FunctionalInterface
public interface BehaviourObserver {

  /**
   * One sampled behaviour finished.
   *
   * @param queuedNanos from the moment {@code when} (or {@code run}) scheduled it, after any
   *     back-pressure wait, to the moment its body started: waiting for its cowns, then for a worker
   *     (or for the main thread to pump)
   * @param runNanos how long its body ran
   * @param pinned whether it ran on the main thread (its request set held a {@link PinnedCown})
   * @param failed whether its body threw
   */
  void onSample(long queuedNanos, long runNanos, boolean pinned, boolean failed);
}
