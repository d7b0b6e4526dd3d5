package io.boc4j.kafka;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting for a condition that no event announces (a rebalance settling, a sum adding up). */
final class Poll {

  private static final long PAUSE_MILLIS = 20;

  private Poll() {}

  /**
   * Checks {@code condition} every 20 ms until it holds.
   *
   * @param what the condition in words, for the timeout message
   * @throws TimeoutException if it still does not hold after {@code timeout}
   */
  static void until(BooleanSupplier condition, Duration timeout, String what)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("waited " + timeout + " for " + what);
      }
      Thread.sleep(PAUSE_MILLIS); // a poll interval: nothing can notify us of the condition
    }
  }
}
