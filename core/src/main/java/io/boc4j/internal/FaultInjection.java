package io.boc4j.internal;

/**
 * Test-only failure points inside the runtime. Each hook is null in production and costs one
 * volatile read on a path that is already taking a volatile RMW. Tests set a hook to throw and verify
 * that the runtime rolls back and stays usable.
 */
public final class FaultInjection {

  /** Runs before a worker thread is started. */
  public static volatile Runnable threadStart;

  /** Runs before an external {@code when} increments the in-flight count. */
  public static volatile Runnable inFlightIncrement;

  /** Runs before an external {@code when} enqueues its requests. */
  public static volatile Runnable enqueue;

  private FaultInjection() {}

  static void beforeThreadStart() {
    run(threadStart);
  }

  static void beforeInFlightIncrement() {
    run(inFlightIncrement);
  }

  static void beforeEnqueue() {
    run(enqueue);
  }

  private static void run(Runnable hook) {
    if (hook != null) {
      hook.run();
    }
  }

  /** Clears every hook. */
  public static void reset() {
    threadStart = null;
    inFlightIncrement = null;
    enqueue = null;
  }
}
