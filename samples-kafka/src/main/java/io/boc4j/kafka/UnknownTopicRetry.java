package io.boc4j.kafka;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Retries an admin call while the broker does not know a topic yet. A topic that {@code
 * createTopics} has just made is in the controller's metadata before it is in the broker's, and
 * until the broker catches up it answers UNKNOWN_TOPIC_OR_PARTITION; the admin client's leader
 * lookup (as in {@code listOffsets}) takes that as final rather than retrying.
 */
final class UnknownTopicRetry {

  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long MAX_PAUSE_MILLIS = 200;

  private UnknownTopicRetry() {}

  /**
   * Calls {@code call} until it returns, pausing between attempts (10 ms, doubling to 200 ms) as long
   * as it fails with an unknown topic and {@code wait} has not passed since the first attempt.
   *
   * @param call an admin call whose future's failure arrives as an {@link ExecutionException}
   * @param wait how long the topic may take to become known
   * @param what what the call waits for, for the error message
   * @return what {@code call} returned
   * @throws IllegalStateException if the topic is still unknown after {@code wait}; its cause is the
   *     last failure
   * @throws ExecutionException if the call failed for another reason (at once, without retrying)
   * @throws InterruptedException if interrupted while waiting
   */
  static <T> T call(Callable<T> call, Duration wait, String what)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      try {
        return call.call();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException("the broker still does not know " + what + " after "
              + wait.toMillis() + " ms; check that the topics exist and the broker is healthy", e);
        }
      } catch (InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ExecutionException(e);
      }
      Thread.sleep(pause);
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }
}
