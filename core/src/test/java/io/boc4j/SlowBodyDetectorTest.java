package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The slow-body detector ({@link Boc.Builder#slowBodyThreshold}): a worker running one behaviour
 * past the threshold is reported once, with its stack, to listeners, the log and the statistics; a
 * behaviour that ends within the threshold never is. Tests on virtual time ({@link VirtualClock})
 * place each report exactly; tests on the system clock show the real detector thread at work.
 */
@Timeout(60)
class SlowBodyDetectorTest extends BocTestSupport {

  private static final Duration THRESHOLD = Duration.ofSeconds(1);

  /** A listener that records every slow-body report. */
  static final class Reports implements BocListener {
    final BlockingQueue<SlowBody> queue = new LinkedBlockingQueue<>();

    @Override
    public void onSlowBody(SlowBody report) {
      queue.add(report);
    }

    /** The next report, waiting at most {@link #WAIT} (the detector's own thread makes it). */
    SlowBody next() throws InterruptedException {
      SlowBody r = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(r, "no slow-body report arrived within " + WAIT);
      return r;
    }
  }

  private static boolean mentions(SlowBody r, String className, String method) {
    return r.stack().stream().anyMatch(
        f -> f.getClassName().equals(className) && f.getMethodName().equals(method));
  }

  private static void release(CountDownLatch latch) {
    latch.countDown();
  }

  /**
   * Waits until {@code t} is parked (in the latch the body waits on), so that a report made now has
   * the await in its stack rather than the countDown of the latch that told the test it started.
   */
  private static void awaitParked(Thread t) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (t.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(t.getName() + " did not park within " + WAIT);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aBodyBlockedOnALatchIsReportedOnceWithTheLatchAwaitInItsStack_virtualTime()
      throws Exception {
    VirtualClock clock = new VirtualClock();
    Reports reports = new Reports();
    boc = Boc.builder().name("slow").workers(1).slowBodyThreshold(THRESHOLD).listener(reports)
        .clock(clock).shutdownTimeout(SHUTDOWN_TIMEOUT).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> worker = new AtomicReference<>();
    ResultCown<String> r = boc.when(Cown.of(0), c -> {
      worker.set(Thread.currentThread());
      started.countDown();
      release.await();
      return "done";
    });
    awaitLatch(started);
    awaitParked(worker.get());

    clock.advance(THRESHOLD.minusMillis(1));
    assertNull(reports.queue.poll(), "not before the threshold");
    assertEquals(0, boc.stats().slowBodies());

    clock.advance(Duration.ofMillis(1)); // the detector first saw it at 0: due at exactly 1 s
    SlowBody report = reports.queue.poll();
    assertNotNull(report, "reported once the clock reached the threshold");
    assertEquals("slow-worker-0", report.thread());
    assertEquals(THRESHOLD, report.elapsed());
    assertTrue(mentions(report, CountDownLatch.class.getName(), "await"), report.stack()::toString);
    assertEquals(1, boc.stats().slowBodies());

    clock.advance(THRESHOLD.multipliedBy(10));
    assertNull(reports.queue.poll(), "once per behaviour, however long it runs");
    assertEquals(1, boc.stats().slowBodies());

    release(release);
    assertEquals("done", valueOf(r));
    assertEquals(1, boc.stats().slowBodies(), "a lifetime counter");
  }

  @Test
  void aBodyThatEndsWithinTheThresholdIsNeverReported_theNextSlowOneIs_virtualTime()
      throws Exception {
    VirtualClock clock = new VirtualClock();
    Reports reports = new Reports();
    boc = Boc.builder().workers(2).slowBodyThreshold(THRESHOLD).listener(reports).clock(clock)
        .shutdownTimeout(SHUTDOWN_TIMEOUT).build();
    Cown<Integer> c = Cown.of(0);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    boc.run(c, x -> {
      started.countDown();
      release.await();
      x.set(x.get() + 1);
    });
    awaitLatch(started);
    clock.advance(THRESHOLD.minusMillis(1)); // seen running at every sample, not yet for 1 s
    release(release);
    boc.quiesce(WAIT); // it ended within the threshold of this clock
    clock.advance(THRESHOLD.multipliedBy(10));
    assertNull(reports.queue.poll(), "a behaviour that ended within the threshold");

    // Virtual time moves only between behaviours here: a worker the OS preempts mid-body must not
    // look slow, so the clock is advanced while the runtime is quiescent.
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 500; i++) {
        boc.run(c, x -> x.set(x.get() + 1));
      }
      boc.quiesce(WAIT);
      clock.advance(THRESHOLD.dividedBy(3));
    }
    assertNull(reports.queue.poll(), "idle workers are never reported");
    assertEquals(10_001, read(c));

    CountDownLatch started2 = new CountDownLatch(1);
    CountDownLatch release2 = new CountDownLatch(1);
    boc.run(c, x -> {
      started2.countDown();
      release2.await();
    });
    awaitLatch(started2);
    clock.advance(THRESHOLD.multipliedBy(5).dividedBy(4)); // 1.25 thresholds: always enough
    SlowBody report = reports.queue.poll();
    assertNotNull(report);
    assertTrue(report.elapsed().compareTo(THRESHOLD) >= 0, report::toString);
    release(release2);
    boc.quiesce(WAIT);
    assertEquals(1, boc.stats().slowBodies());
  }

  @Test
  void aBlockedBodyIsReportedByTheDetectorThread_andLogged_fastOnesNeverAre_systemClock()
      throws Exception {
    Reports reports = new Reports();
    // 200 ms: far above any preemption a busy 2-core machine inflicts on a microsecond body.
    boc = Boc.builder().name("real").workers(2).slowBodyThreshold(Duration.ofMillis(200))
        .listener(reports).shutdownTimeout(SHUTDOWN_TIMEOUT).build();
    Cown<Integer> c = Cown.of(0);
    for (int i = 0; i < 300_000; i++) { // microseconds each, over many 50 ms sample periods
      boc.run(c, x -> x.set(x.get() + 1));
    }
    boc.quiesce(WAIT);
    assertEquals(300_000, read(c));
    assertNull(reports.queue.poll(), "a fast body is never reported");

    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (LogCapture log = new LogCapture()) {
      long t0 = System.nanoTime();
      boc.run(c, x -> {
        started.countDown();
        release.await();
      });
      awaitLatch(started);
      SlowBody report = reports.next();
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(report.thread().startsWith("real-worker-"), report.thread());
      assertTrue(report.elapsed().toMillis() >= 200, report::toString);
      assertTrue(waitedMs >= 200, "reported after " + waitedMs + " ms, before the threshold");
      assertTrue(mentions(report, CountDownLatch.class.getName(), "await"), report.stack()::toString);
      List<LogRecord> logged = log.records.stream()
          .filter(rec -> String.valueOf(rec.getMessage()).startsWith("slow body: real-worker-"))
          .toList();
      assertEquals(1, logged.size(), "logged once");
      assertEquals(Level.WARNING, logged.get(0).getLevel());
      assertTrue(logged.get(0).getMessage().contains("slowBodyThreshold 200 ms"));
      assertEquals(report.stack(), List.of(logged.get(0).getThrown().getStackTrace()),
          "the log record carries the stack as its trace");
    } finally {
      release(release);
    }
    boc.quiesce(WAIT);
    assertNull(reports.queue.poll(), "only the blocked body was ever reported");
    assertEquals(1, boc.stats().slowBodies());
  }

  @Test
  void aCompletionCallbackThatBlocksAWorkerIsReportedWithItsStack() throws Exception {
    VirtualClock clock = new VirtualClock();
    Reports reports = new Reports();
    boc = Boc.builder().workers(1).slowBodyThreshold(THRESHOLD).listener(reports).clock(clock)
        .shutdownTimeout(SHUTDOWN_TIMEOUT).build();
    CountDownLatch inCallback = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> worker = new AtomicReference<>();
    ResultCown<Integer> r = boc.observing((v, t) -> {
      worker.set(Thread.currentThread());
      inCallback.countDown();
      try {
        release.await(); // a callback that blocks the worker that ran the body
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).when(Cown.of(1), x -> x.get());
    awaitLatch(inCallback);
    awaitParked(worker.get());
    clock.advance(THRESHOLD.multipliedBy(5).dividedBy(4));
    SlowBody report = reports.queue.poll();
    assertNotNull(report, "the behaviour's time on the worker includes its callbacks");
    assertTrue(mentions(report, CountDownLatch.class.getName(), "await"), report.stack()::toString);
    release(release);
    assertEquals(1, valueOf(r));
  }

  @Test
  void aListenerThatThrowsIsLogged_theOthersAreStillTold_andTheReportIsCounted() throws Exception {
    VirtualClock clock = new VirtualClock();
    Reports after = new Reports();
    AtomicInteger thrown = new AtomicInteger();
    BocListener throwing = new BocListener() {
      @Override
      public void onSlowBody(SlowBody report) {
        thrown.incrementAndGet();
        throw new IllegalStateException("listener bug");
      }
    };
    boc = Boc.builder().workers(1).slowBodyThreshold(THRESHOLD).listener(throwing)
        .listener(after).clock(clock).shutdownTimeout(SHUTDOWN_TIMEOUT).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    boc.run(Cown.of(0), x -> {
      started.countDown();
      release.await();
    });
    awaitLatch(started);
    try (LogCapture log = new LogCapture()) {
      clock.advance(THRESHOLD.multipliedBy(2));
      assertTrue(log.has(Level.WARNING, "threw from onSlowBody"));
    } finally {
      release(release);
    }
    assertEquals(1, thrown.get());
    assertNotNull(after.queue.poll());
    boc.quiesce(WAIT);
    assertEquals(1, boc.stats().slowBodies());
  }

  @Test
  void theDetectorThreadRunsFromBuildToClose_andIsGoneWhenCloseReturns() throws Exception {
    boc = Boc.builder().name("lifecycle").slowBodyThreshold(Duration.ofMillis(100)).build();
    assertTrue(threadNamed("boc4j-slow-bodies-lifecycle"), "started with the runtime");
    assertEquals(7, valueOf(boc.when(() -> 7)));
    boc.waitAll(WAIT);
    assertTrue(threadNamed("boc4j-slow-bodies-lifecycle"), "it outlives a teardown");
    boc.close();
    assertFalse(threadNamed("boc4j-slow-bodies-lifecycle"), "close() ends it");

    Boc off = Boc.builder().name("off").build();
    try {
      off.start();
      assertFalse(threadNamed("boc4j-slow-bodies-off"), "off by default: no thread");
      assertEquals(0, off.stats().slowBodies());
    } finally {
      off.close();
    }
  }

  private static boolean threadNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void theThresholdIsValidatedWhenSet_namingTheSetting() {
    Boc.Builder b = Boc.builder();
    assertThrows(NullPointerException.class, () -> b.slowBodyThreshold(null));
    for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-5), Duration.ofNanos(999_999),
        Duration.ofDays(365L * 300))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> b.slowBodyThreshold(bad));
      assertTrue(e.getMessage().contains("slowBodyThreshold"), e.getMessage());
    }
    b.slowBodyThreshold(Duration.ofMillis(1));
  }
}
