package io.boc4j;

import static io.boc4j.PinSupport.WAIT;
import static io.boc4j.PinSupport.assertThrowsWith;
import static io.boc4j.PinSupport.newBoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.StarvationHandler.Severity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5: the pump watchdog (P27–P33, F12, F13). Where a test "wedges" the main thread it blocks
 * the JUnit thread (the main thread) on purpose, without pumping, while pinned work is queued.
 */
@Timeout(60)
class PumpWatchdogTest {

  private static final Pattern AGE_AND_DEPTH =
      Pattern.compile("non-empty for (\\d+) ms with (\\d+) pinned behaviour");

  private final Boc boc = newBoc(2);

  @AfterEach
  void tearDown() {
    boc.close();
  }

  record Report(Severity severity, String message, Thread thread, long atNanos) {
    long ageMillis() {
      Matcher m = AGE_AND_DEPTH.matcher(message);
      assertTrue(m.find(), message);
      return Long.parseLong(m.group(1));
    }

    long depth() {
      Matcher m = AGE_AND_DEPTH.matcher(message);
      assertTrue(m.find(), message);
      return Long.parseLong(m.group(2));
    }
  }

  /** An onStarve sink that records every report. */
  static class Recorder implements StarvationHandler {
    final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();

    @Override
    public void onStarve(Severity severity, String message) {
      reports.add(new Report(severity, message, Thread.currentThread(), System.nanoTime()));
    }

    /** Waits (the main thread wedged, not pumping) for the next report. */
    Report next() throws InterruptedException {
      Report r = reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(r, "no watchdog report arrived");
      return r;
    }
  }

  private void queuePinned(int n) {
    for (int i = 0; i < n; i++) {
      boc.run(PinnedCown.of(i), c -> {});
    }
  }

  /** Blocks the main thread on purpose, without pumping. */
  private static void wedge(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  @Test
  void p27_offUntilConfigured_thenWarnDefaultsTo1000ms() throws Exception {
    try (PinSupport.LogCapture log = new PinSupport.LogCapture()) {
      queuePinned(1);
      wedge(1_200);
      assertTrue(log.matching("pump watchdog").isEmpty(), "nothing is reported while off");
      assertEquals(0, boc.mainThread().stats().watchdogWarnings());
      boc.mainThread().pump();

      Recorder rec = new Recorder();
      boc.mainThread().setPumpWatchdog(rec); // warn omitted: 1000 ms
      long t0 = System.nanoTime();
      queuePinned(1);
      Report r = rec.next();
      assertEquals(Severity.WARN, r.severity());
      assertTrue(r.ageMillis() >= 1_000, r.message());
      assertTrue(r.atNanos() - t0 >= TimeUnit.MILLISECONDS.toNanos(1_000));
    }
  }

  @Test
  void p28_f12_unpinnedWorkNeverTripsIt_evenWithWarnMs20() throws Exception {
    Recorder rec = new Recorder();
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(20), Duration.ofMillis(20), rec);
    for (int i = 0; i < 8; i++) {
      boc.run(Cown.of(i), c -> spin(TimeUnit.MILLISECONDS.toNanos(20)));
    }
    boc.quiesce(WAIT);
    wedge(100); // longer than both thresholds, with nothing pinned
    assertTrue(rec.reports.isEmpty(), () -> "unexpected " + rec.reports);
    assertEquals(0, boc.mainThread().stats().watchdogWarnings());
    assertEquals(0, boc.mainThread().stats().watchdogRaises());
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  @Test
  void p29_reportsOncePerNonEmptyPeriod_withAgeAndDepth() throws Exception {
    Recorder rec = new Recorder();
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(50), null, rec);
    queuePinned(3);
    Report first = rec.next();
    assertEquals(Severity.WARN, first.severity());
    assertTrue(first.ageMillis() >= 50, first.message());
    assertEquals(3, first.depth());
    assertNull(rec.reports.poll(200, TimeUnit.MILLISECONDS), "one report per period");
    assertEquals(1, boc.mainThread().stats().watchdogWarnings());

    assertEquals(3, boc.mainThread().pump().executed()); // the period ends when the queue drains
    queuePinned(1);
    Report second = rec.next();
    assertEquals(1, second.depth());
    assertEquals(2, boc.mainThread().stats().watchdogWarnings());
  }

  @Test
  void p29_theDefaultSinkIsTheIoBoc4jLoggerAtWarning() throws Exception {
    try (PinSupport.LogCapture log = new PinSupport.LogCapture()) {
      boc.mainThread().setPumpWatchdog(Duration.ofMillis(50), null, null);
      queuePinned(2);
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<LogRecord> found;
      while ((found = log.matching("pump watchdog")).isEmpty() && System.nanoTime() < deadline) {
        wedge(5);
      }
      assertEquals(1, found.size());
      assertEquals(Level.WARNING, found.get(0).getLevel());
      assertTrue(AGE_AND_DEPTH.matcher(found.get(0).getMessage()).find());
      assertTrue(found.get(0).getMessage().contains("with 2 pinned"));
    }
  }

  @Test
  void p30_f12_theReportArrivesOnTheTimerThreadWhileTheMainThreadIsStillWedged()
      throws Exception {
    Recorder rec = new Recorder();
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(50), null, rec);
    long t0 = System.nanoTime();
    queuePinned(1);
    wedge(150);
    Report r = rec.reports.poll();
    if (r == null) { // a very loaded machine: keep wedging; it must still come before any pump
      r = rec.next();
    }
    assertEquals(Severity.WARN, r.severity());
    assertNotSame(Thread.currentThread(), r.thread());
    assertEquals("boc4j-pump-watchdog", r.thread().getName());
    assertEquals(1, boc.mainThread().stats().depth(), "the main thread has not pumped");
    assertTrue(r.atNanos() - t0 >= TimeUnit.MILLISECONDS.toNanos(50));
    System.out.printf("P30: report after %d ms of a 150 ms wedge%n",
        TimeUnit.NANOSECONDS.toMillis(r.atNanos() - t0));

    boc.close(); // the timer stops with the runtime
    r.thread().join(WAIT.toMillis());
    assertFalse(r.thread().isAlive());
  }

  @Test
  void p31_f13_raiseMsReportsErrorAndTheNextPumpFailsFast_thePumpAfterProceeds()
      throws Exception {
    Recorder rec = new Recorder();
    boc.mainThread().setPumpWatchdog(null, Duration.ofMillis(50), rec);
    queuePinned(1);
    Report error = rec.next();
    assertEquals(Severity.ERROR, error.severity());
    PumpStarvationException e = assertThrows(PumpStarvationException.class, () -> boc.mainThread().pump());
    assertTrue(e.ageMillis() >= 50, e.getMessage());
    assertEquals(1, e.depth());
    assertTrue(e.getMessage().contains(e.ageMillis() + " ms with 1 pinned"), e.getMessage());
    assertEquals(1, boc.mainThread().stats().depth(), "nothing ran");
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump(), "once per period: this one proceeds");
    assertEquals(1, boc.mainThread().stats().watchdogRaises());

    // quiesce and waitAll on the main thread fail fast the same way.
    queuePinned(1);
    assertEquals(Severity.ERROR, rec.next().severity());
    assertThrows(PumpStarvationException.class, () -> boc.quiesce(WAIT));
    boc.quiesce(WAIT);
    queuePinned(2);
    assertEquals(Severity.ERROR, rec.next().severity());
    PumpStarvationException w = assertThrows(PumpStarvationException.class, () -> boc.waitAll(WAIT));
    assertEquals(2, w.depth());
    assertTrue(boc.isRunning(), "nothing torn down");
    boc.waitAll(WAIT);
    assertEquals(3, boc.mainThread().stats().watchdogRaises());
    assertEquals(0, boc.mainThread().stats().watchdogWarnings());
  }

  @Test
  void p31_warnAndRaiseTogether_eachOncePerPeriod() throws Exception {
    Recorder rec = new Recorder();
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(30), Duration.ofMillis(80), rec);
    queuePinned(1);
    assertEquals(Severity.WARN, rec.next().severity());
    assertEquals(Severity.ERROR, rec.next().severity());
    assertThrows(PumpStarvationException.class, () -> boc.mainThread().pump());
    assertNull(rec.reports.poll(150, TimeUnit.MILLISECONDS));
    assertEquals(1, boc.mainThread().pump().executed());
  }

  @Test
  void p32_invalidThresholdsThrowNamingTheParameter_nullTurnsOff_reconfigureWhileQueued()
      throws Exception {
    for (Duration bad : new Duration[] {
        Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(Long.MAX_VALUE)}) {
      assertThrowsWith(IllegalArgumentException.class, "warn",
          () -> boc.mainThread().setPumpWatchdog(bad, null, null));
      assertThrowsWith(IllegalArgumentException.class, "raise",
          () -> boc.mainThread().setPumpWatchdog(Duration.ofSeconds(1), bad, null));
    }
    boc.mainThread().setPumpWatchdog(null, null, null); // both off: allowed, compiles, nothing runs

    Recorder rec = new Recorder();
    boc.mainThread().setPumpWatchdog(Duration.ofSeconds(30), null, rec);
    queuePinned(1);
    wedge(60);
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(50), null, rec); // reconfigured while work is queued
    assertEquals(Severity.WARN, rec.next().severity());
  }

  @Test
  void p33_aThrowingOnStarveIsLoggedAndTheWatchdogKeepsRunning() throws Exception {
    try (PinSupport.LogCapture log = new PinSupport.LogCapture()) {
      AtomicInteger calls = new AtomicInteger();
      Recorder rec = new Recorder() {
        @Override
        public void onStarve(Severity severity, String message) {
          int n = calls.incrementAndGet(); // before the report is visible to the test thread
          super.onStarve(severity, message);
          if (n == 1) {
            throw new IllegalStateException("sink broke");
          }
        }
      };
      boc.mainThread().setPumpWatchdog(Duration.ofMillis(30), null, rec);
      queuePinned(1);
      rec.next();
      boc.mainThread().pump();
      queuePinned(1);
      rec.next(); // a new period is still reported
      assertEquals(2, calls.get());
      List<LogRecord> logged = log.matching("onStarve handler threw");
      assertEquals(1, logged.size());
      assertEquals("sink broke", logged.get(0).getThrown().getMessage());
    }
  }

  @Test
  void pinnedStatsExposeDepthAgeLastPumpAndCounts() throws Exception {
    boc.start();
    PinnedStats s = boc.mainThread().stats();
    assertEquals(new PinnedStats(0, 0, -1, 0, 0, 0, 0), s);
    queuePinned(2);
    wedge(30);
    s = boc.mainThread().stats();
    assertEquals(2, s.depth());
    assertTrue(s.nonEmptyForMillis() >= 30, s.toString());
    boc.mainThread().pump();
    s = boc.mainThread().stats();
    assertEquals(0, s.depth());
    assertEquals(0, s.nonEmptyForMillis());
    assertTrue(s.millisSinceLastPump() >= 0 && s.millisSinceLastPump() < WAIT.toMillis());
  }

  @Test
  void turningBothThresholdsOffStopsTheTimerThread() throws Exception {
    Recorder rec = new Recorder();
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(20), null, rec);
    queuePinned(1);
    Thread timer = rec.next().thread();
    boc.mainThread().setPumpWatchdog((Duration) null, null, null);
    timer.join(WAIT.toMillis());
    assertFalse(timer.isAlive());
  }
}
