package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.util.concurrent.TimeUnit.SECONDS;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The interrupt policy of workers (a flag never leaks from one body into the next, never makes an
 * idle worker spin, and still reaches the body it was aimed at), close()'s time bound, and what
 * close() does to behaviours queued behind a body that never returns (L22, R09).
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

  @Test
  void closeSettlesEveryBehaviourWaitingBehindABodyThatNeverReturns() throws Exception {
    boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofMillis(500)).build();
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Cown<Integer> a = Cown.of(0);
    Cown<Integer> b = Cown.of(0);
    Cown<Integer> unrelated = Cown.of(0);
    ResultCown<String> blocker = boc.when(a, x -> {
      started.countDown();
      awaitLatch(never);
      return "returned";
    });
    awaitLatch(started);
    AtomicInteger bodiesRan = new AtomicInteger();
    List<ResultCown<?>> waiting = new ArrayList<>();
    ResultCown<Integer> onA = boc.when(a, x -> bodiesRan.incrementAndGet());
    waiting.add(onA);
    waiting.add(boc.when(a, b, (x, y) -> bodiesRan.incrementAndGet())); // holds b, waits for a
    waiting.add(boc.when(b, y -> bodiesRan.incrementAndGet())); // behind the pair: indirectly
    waiting.add(boc.when(Cown.read(a), x -> bodiesRan.incrementAndGet())); // a reader behind it
    waiting.add(boc.when(onA, r -> bodiesRan.incrementAndGet())); // on a waiting result cown
    boc.run(a, x -> bodiesRan.incrementAndGet()); // fire-and-forget: must not run either
    ResultCown<Integer> beside = boc.when(unrelated, u -> 1);
    assertEquals(Integer.valueOf(1), valueOf(beside), "work beside the blocked body still runs");

    try (LogCapture log = new LogCapture()) {
      boc.close();
    }
    assertSettledWhenCloseReturned(waiting);
    assertTrue(!blocker.isDone(), "the blocked body is still running");

    never.countDown(); // the body returns at last: what was settled passes its cowns on, unrun
    assertEquals("returned", blocker.toCompletionStage().toCompletableFuture().get(10, SECONDS));
    for (ResultCown<?> r : waiting) {
      assertTrue(failureOf(r).getMessage().contains("dropped at shutdown"), "outcome kept: " + r);
    }
    assertEquals(0, bodiesRan.get(), "bodies of settled behaviours that ran");
  }

  @Test
  void aBehaviourScheduledByABodyThatOutlivedTheTimeoutIsSettledAtOnce() throws Exception {
    boc = Boc.builder().workers(1).shutdownTimeout(Duration.ofMillis(300)).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch dropBegan = new CountDownLatch(1);
    CountDownLatch scheduled = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicReference<ResultCown<Integer>> late = new AtomicReference<>();
    AtomicInteger lateRan = new AtomicInteger();
    Cown<Integer> a = Cown.of(0);
    ResultCown<String> blocker = boc.when(a, x -> {
      started.countDown();
      awaitLatch(dropBegan);
      late.set(boc.when(a, y -> lateRan.incrementAndGet())); // queued behind this very body
      scheduled.countDown();
      awaitLatch(never);
      return "returned";
    });
    awaitLatch(started);
    // Settling completes observers on the closing thread: hold it there until the body has
    // scheduled, so the late behaviour is made while the drop is under way, not after close().
    boc.when(a, x -> 0).toCompletionStage().whenComplete((v, t) -> {
      dropBegan.countDown();
      try {
        awaitLatch(scheduled);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (LogCapture log = new LogCapture()) {
      boc.close();
    }
    assertTrue(scheduled.getCount() == 0, "the body scheduled while close() dropped");
    assertTrue(late.get().isDone(), "settled as it was scheduled, not when the body returns");
    assertTrue(failureOf(late.get()).getMessage().contains("dropped at shutdown"));
    never.countDown();
    assertEquals("returned", blocker.toCompletionStage().toCompletableFuture().get(10, SECONDS));
    assertEquals(0, lateRan.get(), "the late behaviour's body ran");
  }

  @Test
  void closeSettlesWhatWaitsBehindAPinnedBodyThatNeverReturns() throws Exception {
    boc = Boc.builder().workers(1).shutdownTimeout(Duration.ofMillis(300)).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    PinnedCown<Integer> p = PinnedCown.of(0);
    Cown<Integer> c = Cown.of(0);
    ResultCown<String> stuck = boc.when(p, x -> {
      started.countDown();
      awaitLatch(never);
      return "returned";
    });
    AtomicReference<Throwable> pumpFailure = new AtomicReference<>();
    Thread main = new Thread(() -> {
      try {
        boc.mainThread().pump(); // runs the stuck body here, as the runtime's main thread
      } catch (Throwable t) {
        pumpFailure.set(t);
      }
    }, "pinned-main");
    main.start();
    awaitLatch(started);
    AtomicInteger bodiesRan = new AtomicInteger();
    List<ResultCown<Integer>> waiting = List.of(
        boc.when(p, x -> bodiesRan.incrementAndGet()),
        boc.when(p, c, (x, y) -> bodiesRan.incrementAndGet()),
        boc.when(c, y -> bodiesRan.incrementAndGet())); // behind the pair, on a worker's cown

    try (LogCapture log = new LogCapture()) {
      boc.close();
    }
    assertSettledWhenCloseReturned(waiting);
    never.countDown();
    main.join(WAIT.toMillis());
    assertTrue(!main.isAlive(), "the pump returned once its body did; threw " + pumpFailure.get());
    assertEquals("returned", stuck.toCompletionStage().toCompletableFuture().get(10, SECONDS));
    assertEquals(0, bodiesRan.get(), "bodies of settled behaviours that ran");
  }

  /** Each of {@code waiting} is done, with the shutdown exception, as close() returns. */
  private static void assertSettledWhenCloseReturned(List<? extends ResultCown<?>> waiting)
      throws Exception {
    for (ResultCown<?> r : waiting) {
      assertTrue(r.isDone(), r + " still pending after close() returned");
      Throwable t = failureOf(r);
      assertTrue(t.getMessage().contains("dropped at shutdown"), r + ": " + t);
    }
  }
}
