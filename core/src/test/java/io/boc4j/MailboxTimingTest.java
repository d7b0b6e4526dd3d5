package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Timing bands of {@link Mailbox} receive (M08, M12 / F16). These are correctness bounds on how
 * long a receive waits, not performance claims: a timed-out receive takes at least 0.9 x its
 * timeout and at most timeout + 100 ms.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailboxTimingTest {

  static final long SLACK_MS = 100;

  final Mailbox mb = new Mailbox();

  /** Loads and links the receive paths once, so class loading is not timed. */
  @BeforeAll
  static void warmUp() {
    Mailbox warm = new Mailbox();
    warm.send("warm", 1);
    warm.receive("warm", Duration.ZERO);
    warm.receive("warm", Duration.ZERO);
    warm.receive(List.of("warm", "w2"), Duration.ofMillis(1));
    warm.receive("warm", Duration.ofMillis(1), () -> 0);
  }

  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  static void assertInBand(long timeoutMs, long elapsedNanos) {
    double elapsedMs = elapsedNanos / 1e6;
    assertTrue(elapsedMs >= 0.9 * timeoutMs,
        "timed-out receive returned after " + elapsedMs + " ms, before 0.9 x " + timeoutMs + " ms");
    assertTrue(elapsedMs <= timeoutMs + SLACK_MS,
        "timed-out receive returned after " + elapsedMs + " ms, later than " + timeoutMs + " + "
            + SLACK_MS + " ms");
  }

  @Test
  @DisplayName("M08 Duration.ZERO with nothing queued returns TIMEOUT at once (under 10 ms)")
  void m08_zeroTimeoutReturnsAtOnce() {
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      Message m = mb.receive("zero_" + i, Duration.ZERO);
      long elapsed = millisSince(start);
      assertSame(Message.TIMEOUT, m);
      assertTrue(elapsed < 10, "ZERO receive took " + elapsed + " ms");
    }
    long start = System.nanoTime();
    assertSame(Message.TIMEOUT, mb.receive(List.of("z1", "z2", "z3"), Duration.ZERO));
    assertTrue(millisSince(start) < 10);
    mb.send("zero_msg", "ready");
    start = System.nanoTime();
    assertEquals("ready", mb.receive("zero_msg", Duration.ZERO).payload());
    assertTrue(millisSince(start) < 10);
  }

  @ParameterizedTest(name = "M12 single tag, {0} ms")
  @ValueSource(ints = {50, 100, 200})
  @DisplayName("M12 a timed-out single-tag receive takes 0.9 x timeout .. timeout + 100 ms")
  void m12_singleTagTimeoutBand(int timeoutMs) {
    long start = System.nanoTime();
    Message m = mb.receive("band_" + timeoutMs, Duration.ofMillis(timeoutMs));
    long elapsed = System.nanoTime() - start;
    assertSame(Message.TIMEOUT, m);
    assertInBand(timeoutMs, elapsed);
  }

  @ParameterizedTest(name = "M12 multi-tag, {0} ms")
  @ValueSource(ints = {50, 100, 200})
  @DisplayName("M12 a timed-out multi-tag receive takes 0.9 x timeout .. timeout + 100 ms")
  void m12_multiTagTimeoutBand(int timeoutMs) {
    long start = System.nanoTime();
    Message m = mb.receive(List.of("mb_a", "mb_b", "mb_c"), Duration.ofMillis(timeoutMs));
    long elapsed = System.nanoTime() - start;
    assertSame(Message.TIMEOUT, m);
    assertInBand(timeoutMs, elapsed);
  }

  @ParameterizedTest(name = "M12 with after, {0} ms")
  @ValueSource(ints = {50, 100, 200})
  @DisplayName("M12 a timed-out receive with after takes 0.9 x timeout .. timeout + 100 ms")
  void m12_afterTimeoutBand(int timeoutMs) {
    Object fallback = List.of("fallback", timeoutMs);
    Supplier<Object> after = () -> fallback;
    long start = System.nanoTime();
    Object r = mb.receive("after_" + timeoutMs, Duration.ofMillis(timeoutMs), after);
    long elapsed = System.nanoTime() - start;
    assertSame(fallback, r);
    assertInBand(timeoutMs, elapsed);
  }

  @ParameterizedTest(name = "M12 message on another tag, {0} ms")
  @ValueSource(ints = {50, 100, 200})
  @DisplayName("M12 messages on other tags do not cut a timed receive short")
  void m12_otherTagTrafficDoesNotShortenTimeout(int timeoutMs) {
    mb.send("unrelated", "stays queued");
    long start = System.nanoTime();
    Message m = mb.receive("quiet_" + timeoutMs, Duration.ofMillis(timeoutMs));
    long elapsed = System.nanoTime() - start;
    assertSame(Message.TIMEOUT, m);
    assertInBand(timeoutMs, elapsed);
    assertEquals(1, mb.depth("unrelated"));
  }
}
