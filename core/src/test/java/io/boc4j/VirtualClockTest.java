package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.StarvationHandler.Severity;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdogs on virtual time ({@link VirtualClock}, {@link Boc.Builder#deterministic(long,
 * VirtualClock)}): a test moves the clock and sees the pump watchdog's warning and raise, and a
 * slow-body report, before {@code advance} returns, with no real waiting. Each test runs in a few
 * milliseconds although the thresholds are seconds.
 */
@Timeout(30)
class VirtualClockTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  record Report(Severity severity, String message) {}

  /** A starvation sink that records every report, on the thread that made it. */
  static final class Sink implements StarvationHandler {
    final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();

    @Override
    public void onStarve(Severity severity, String message) {
      reports.add(new Report(severity, message));
      threads.add(Thread.currentThread());
    }
  }

  @Test
  void deterministicMode_thePumpWatchdogWarnsAndRaisesAsTheTestAdvancesTheClock()
      throws Exception {
    VirtualClock clock = new VirtualClock();
    Sink sink = new Sink();
    try (Boc boc = Boc.builder().deterministic(42, clock)
        .pumpWatchdog(Duration.ofSeconds(1), Duration.ofSeconds(5), sink).build()) {
      boc.mainThread().bind();
      boc.run(PinnedCown.of(0), c -> {});
      boc.run(PinnedCown.of(1), c -> {});

      clock.advance(Duration.ofMillis(999));
      assertNull(sink.reports.poll(), "not before warn");
      assertEquals(999, boc.mainThread().stats().nonEmptyForMillis(), "the age is virtual too");

      clock.advance(Duration.ofMillis(1));
      Report warn = sink.reports.poll();
      assertEquals(Severity.WARN, warn.severity());
      assertTrue(warn.message().contains("non-empty for 1000 ms with 2 pinned"), warn.message());
      assertSame(Thread.currentThread(), sink.threads.poll(), "reported inside advance, here");

      clock.advance(Duration.ofSeconds(4));
      Report error = sink.reports.poll();
      assertEquals(Severity.ERROR, error.severity());
      assertTrue(error.message().contains("non-empty for 5000 ms"), error.message());
      assertNull(sink.reports.poll(), "each threshold once per non-empty period");

      PumpStarvationException e =
          assertThrows(PumpStarvationException.class, () -> boc.mainThread().pump());
      assertEquals(5000, e.ageMillis());
      assertEquals(2, boc.mainThread().pump().executed(), "the pump after that proceeds");
      PinnedStats stats = boc.mainThread().stats();
      assertEquals(1, stats.watchdogWarnings());
      assertEquals(1, stats.watchdogRaises());
      assertEquals(0, stats.nonEmptyForMillis());

      boc.run(PinnedCown.of(2), c -> {}); // a new non-empty period, reported afresh
      clock.advance(Duration.ofSeconds(1));
      assertEquals(Severity.WARN, sink.reports.poll().severity());
      boc.quiesce(WAIT);
      clock.advance(Duration.ofSeconds(60));
      assertNull(sink.reports.poll(), "an empty queue is never reported");
    }
  }

  @Test
  void deterministicMode_aBodyThatAdvancesTheClockItselfIsReportedAsSlow() throws Exception {
    VirtualClock clock = new VirtualClock();
    BlockingQueue<SlowBody> reports = new LinkedBlockingQueue<>();
    try (Boc boc = Boc.builder().deterministic(7, clock).slowBodyThreshold(Duration.ofSeconds(2))
        .listener(new BocListener() {
          @Override
          public void onSlowBody(SlowBody report) {
            reports.add(report);
          }
        }).build()) {
      boc.run(Cown.of(0), c -> clock.advance(Duration.ofMillis(100))); // a fast body
      boc.run(Cown.of(1), c -> clock.advance(Duration.ofMillis(2_500))); // a slow one: 1.25 x 2 s
      boc.quiesce(WAIT);
      SlowBody report = reports.poll();
      assertEquals(Thread.currentThread().getName(), report.thread(), "the driving thread");
      assertTrue(report.elapsed().compareTo(Duration.ofSeconds(2)) >= 0, report::toString);
      assertTrue(report.stack().stream().anyMatch(
          f -> f.getClassName().equals(VirtualClock.class.getName())
              && f.getMethodName().equals("advance")), report.stack()::toString);
      assertNull(reports.poll(), "the fast body was not reported");
      assertEquals(1, boc.stats().slowBodies());
      assertEquals(Duration.ofMillis(2_600), clock.elapsed());
    }
  }

  @Test
  void workersToo_thePumpWatchdogOnAVirtualClockNeedsNoRealWaiting() throws Exception {
    VirtualClock clock = new VirtualClock();
    Sink sink = new Sink();
    try (Boc boc = Boc.builder().workers(2).clock(clock).build()) {
      boc.mainThread().setPumpWatchdog(Duration.ofHours(1), null, sink);
      boc.run(PinnedCown.of(0), c -> {});
      clock.advance(Duration.ofHours(1));
      Report warn = sink.reports.poll();
      assertEquals(Severity.WARN, warn.severity());
      assertTrue(warn.message().contains("non-empty for 3600000 ms"), warn.message());

      boc.mainThread().setPumpWatchdog(null, null, null); // off: its timer leaves the clock
      boc.run(PinnedCown.of(1), c -> {});
      clock.advance(Duration.ofDays(1));
      assertNull(sink.reports.poll());
      boc.mainThread().pump();
    }
  }

  @Test
  void advanceRejectsNegativeDurations_andZeroRunsWhatIsDueNow() {
    VirtualClock clock = new VirtualClock();
    assertThrows(NullPointerException.class, () -> clock.advance(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
    assertTrue(e.getMessage().contains("never goes back"), e.getMessage());
    assertEquals(Duration.ZERO, clock.elapsed());
    clock.advance(Duration.ofDays(365L * 1000)); // saturates rather than wrapping
    clock.advance(Duration.ofDays(365L * 1000));
    assertTrue(clock.elapsed().compareTo(Duration.ofDays(365L * 200)) > 0);
    assertThrows(NullPointerException.class, () -> Boc.builder().deterministic(1, null));
  }
}
