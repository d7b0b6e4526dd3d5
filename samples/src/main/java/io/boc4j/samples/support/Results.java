package io.boc4j.samples.support;

import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting, from a plain thread, for what a behaviour returned. */
public final class Results {

  private Results() {}

  /**
   * Waits for {@code result}'s body to finish and returns its value. Not for use inside bodies.
   *
   * @param result the result cown of a {@code when}
   * @param timeout how long to wait
   * @param <T> the body's return type
   * @return the body's value
   * @throws Exception the very exception the body threw, {@link TimeoutException} if it did not
   *     finish in time, or {@link InterruptedException}
   */
  public static <T> T await(ResultCown<T> result, Duration timeout) throws Exception {
    try {
      return result.toCompletionStage().toCompletableFuture()
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
