package io.boc4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A new topic unknown to the broker for a moment is waited out, within a bound; any other failure
 * is not retried.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnknownTopicRetryTest {

  private static ExecutionException unknown() {
    return new ExecutionException(new UnknownTopicOrPartitionException("not yet"));
  }

  @Test
  void anUnknownTopicIsRetriedUntilTheCallSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result = UnknownTopicRetry.call(() -> {
      if (calls.incrementAndGet() <= 3) {
        throw unknown();
      }
      return "known";
    }, Duration.ofSeconds(10), "t");
    assertEquals("known", result);
    assertEquals(4, calls.get());
  }

  @Test
  void aTopicStillUnknownAfterTheWaitIsReportedWithTheLastFailure() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> UnknownTopicRetry.call(() -> {
          calls.incrementAndGet();
          throw unknown();
        }, Duration.ofMillis(100), "the new topics a and b"));
    assertTrue(e.getMessage().contains("the new topics a and b"), e.getMessage());
    assertInstanceOf(UnknownTopicOrPartitionException.class, e.getCause().getCause());
    assertTrue(calls.get() >= 2, "retried before giving up: " + calls.get());
  }

  @Test
  void anyOtherFailureIsThrownAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    ExecutionException denied = new ExecutionException(new TopicAuthorizationException("no"));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> UnknownTopicRetry.call(() -> {
          calls.incrementAndGet();
          throw denied;
        }, Duration.ofSeconds(10), "t"));
    assertSame(denied, e);
    assertEquals(1, calls.get());
  }
}
