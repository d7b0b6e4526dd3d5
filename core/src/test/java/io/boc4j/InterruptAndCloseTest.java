package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The interrupt policy of workers (a flag never leaks from one body into the next, never makes an
 * idle worker spin, and still reaches the body it was aimed at) and close()'s time bound.
 */
@Timeout(60)
class InterruptAndCloseTest extends BocTestSupport {

  @Test
  void anInterruptABodyLeavesSetDoesNotLeakIntoLaterBodies() throws Exception {
    newBoc(1);
    Cown<Integer> c = Cown.of(0);
    boc.run(c, x -> Thread.currentThread().interrupt()); // the usual "restore the flag" idiom
    AtomicInteger startedInterrupted = new AtomicInteger();
    for (int i = 0; i < 400; i++) {
      boc.run(c, x -> {
        if (Thread.currentThread().isInterrupted()) {
          startedInterrupted.incrementAndGet();
        }
        Thread.currentThread().interrupt(); // every body leaves it set again
      });
    }
    boc.quiesce(WAIT);
    assertEquals(0, startedInterrupted.get(), "bodies that started with the flag set");
  }

  @Test
  void anInterruptSentToAnIdleWorkerDoesNotMakeItSpin() throws Exception {
    newBoc(1);
    ResultCown<Thread> worker = boc.when(() -> Thread.currentThread());
    boc.quiesce(WAIT);
    Thread w = worker.unwrap();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    w.interrupt();
    boc.when(() -> 1); // wake it once, so it parks again after seeing the flag
    boc.quiesce(WAIT);
    w.interrupt(); // and once more while it is parked
    long cpu0 = mx.getThreadCpuTime(w.getId());
    long wall0 = System.nanoTime();
    CountDownLatch idle = new CountDownLatch(1);
    assertTrue(!idle.await(300, TimeUnit.MILLISECONDS)); // measure 300 ms of idleness
    long cpu = mx.getThreadCpuTime(w.getId()) - cpu0;
    long wall = System.nanoTime() - wall0;
    assertTrue(cpu < wall / 2, "an idle worker used " + cpu / 1_000_000 + " ms of CPU in "
        + wall / 1_000_000 + " ms");
    assertEquals(2, valueOf(boc.when(() -> 2)), "and it still runs behaviours");
  }

  @Test
  void anInterruptAimedAtARunningBodyReachesIt() throws Exception {
    newBoc(1);
    CountDownLatch sleeping = new CountDownLatch(1);
    AtomicReference<Thread> runner = new AtomicReference<>();
    ResultCown<String> r = boc.when(() -> {
      runner.set(Thread.currentThread());
      sleeping.countDown();
      try {
        Thread.sleep(30_000);
        return "slept";
      } catch (InterruptedException e) {
        return "interrupted";
      }
    });
    awaitLatch(sleeping);
    runner.get().interrupt();
    assertEquals("interrupted", valueOf(r));
  }

  @Test
  void closeIsBoundedByItsShutdownTimeoutPlusAShortGrace() throws Exception {
    boc = Boc.builder().workers(1).shutdownTimeout(Duration.ofSeconds(2)).build();
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Cown<Integer> c = Cown.of(0);
    boc.run(c, x -> {
      started.countDown();
      awaitLatch(never); // a body that does not return while close waits
    });
    ResultCown<Integer> queued = boc.when(Cown.of(1), x -> 1); // waits for the only worker
    awaitLatch(started);
    long t0 = System.nanoTime();
    try (LogCapture log = new LogCapture()) {
      boc.close();
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    never.countDown();
    assertTrue(tookMs < 3_000, "close took " + tookMs + " ms with a 2 s shutdown timeout");
    assertTrue(tookMs >= 1_900, "close waited its timeout first: " + tookMs + " ms");
    assertTrue(failureOf(queued).getMessage().contains("dropped at shutdown"));
  }
}
