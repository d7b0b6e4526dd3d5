package io.boc4j;

import static io.boc4j.PinSupport.WAIT;
import static io.boc4j.PinSupport.assertThrowsWith;
import static io.boc4j.PinSupport.failure;
import static io.boc4j.PinSupport.newBoc;
import static io.boc4j.PinSupport.onOtherThread;
import static io.boc4j.PinSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5: {@code pump} — bounds, results and errors (P11–P22), the main-thread rules (P23, P24),
 * the auto-pump of waitAll/quiesce (P25, P26), and fault injection around a pinned behaviour's
 * acquire, run and release. The JUnit test thread is the main thread.
 */
@Timeout(60)
class PumpTest {

  private Boc boc = newBoc(2);

  @AfterEach
  void tearDown() {
    FaultInjection.reset();
    boc.close();
  }

  /** Schedules n pinned behaviours on n distinct (free) pinned cowns, so all n are queued. */
  private List<ResultCown<Integer>> queueFree(int n, Body.Of1<Cown<Integer>, Integer> body) {
    List<ResultCown<Integer>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(boc.when(PinnedCown.of(i), body));
    }
    return out;
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  @Test
  void p11_maxBehavioursIsAHardCount() {
    queueFree(10, Cown::get);
    assertEquals(new PumpResult(3, false, 0), boc.mainThread().pump(PumpLimits.maxBehaviours(3)));
    assertEquals(7, boc.mainThread().stats().depth());
    assertEquals(new PumpResult(7, false, 0), boc.mainThread().pump());
    assertEquals(0, boc.mainThread().stats().depth());
  }

  @Test
  void p12_aDeadlineOf1msOver50Behaviours() {
    queueFree(50, c -> {
      spin(100_000);
      return c.get();
    });
    PumpResult r = boc.mainThread().pump(PumpLimits.deadline(Duration.ofMillis(1)));
    assertEquals(0, r.raised());
    if (r.deadlineReached()) {
      assertTrue(r.executed() > 0 && r.executed() < 50, r.toString());
      assertEquals(new PumpResult(50 - r.executed(), false, 0), boc.mainThread().pump());
    } else {
      assertEquals(50, r.executed());
    }
    assertEquals(0, boc.mainThread().stats().depth());
  }

  @Test
  void p13_theDeadlineGatesStartsAndNeverInterruptsABody_atLeastOneRuns() {
    AtomicBoolean finished = new AtomicBoolean();
    queueFree(1, c -> {
      spin(TimeUnit.MILLISECONDS.toNanos(20));
      finished.set(true);
      return 0;
    });
    queueFree(1, Cown::get);
    PumpResult r = boc.mainThread().pump(PumpLimits.deadline(Duration.ofMillis(1)));
    assertEquals(new PumpResult(1, true, 0), r);
    assertTrue(finished.get(), "the running body was not interrupted");
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump(PumpLimits.deadline(Duration.ofNanos(1))));
  }

  @Test
  void p14_deadlineReachedOnlyIfWorkRemained() {
    queueFree(1, c -> {
      spin(TimeUnit.MILLISECONDS.toNanos(5));
      return 0;
    });
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump(PumpLimits.deadline(Duration.ofMillis(1))));
  }

  @Test
  void p15_drainsToEmptyByDefault_andReturnsAtOnceOnAnEmptyQueue() {
    boc.start();
    long t0 = System.nanoTime();
    assertEquals(new PumpResult(0, false, 0), boc.mainThread().pump());
    assertEquals(new PumpResult(0, false, 0), boc.mainThread().pump(
        PumpLimits.deadline(Duration.ofSeconds(5)).andMaxBehaviours(5).raisingOnError()));
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "pump must not block");
    queueFree(5, Cown::get);
    assertEquals(new PumpResult(5, false, 0), boc.mainThread().pump());
    assertEquals(0, boc.mainThread().stats().depth());
  }

  @Test
  void p16_executedCountsFailuresToo_raisedCountsBodyExceptions_deadlineFalseOnMaxOrEmpty() {
    queueFree(2, c -> {
      throw new IllegalStateException("body");
    });
    queueFree(2, Cown::get);
    assertEquals(new PumpResult(3, false, 2), boc.mainThread().pump(
        PumpLimits.deadline(Duration.ofSeconds(10)).andMaxBehaviours(3)));
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump(PumpLimits.deadline(Duration.ofSeconds(10))));
  }

  @Test
  void p17_withoutRaiseOnErrorABodyExceptionGoesToItsResultAndThePumpContinues() throws Exception {
    RuntimeException boom = new RuntimeException("p17");
    List<ResultCown<Integer>> bad = queueFree(1, c -> {
      throw boom;
    });
    List<ResultCown<Integer>> good = queueFree(1, c -> 7);
    assertEquals(new PumpResult(2, false, 1), boc.mainThread().pump());
    assertSame(boom, failure(bad.get(0)));
    assertEquals(7, value(good.get(0)));
  }

  @Test
  void p18_raiseOnErrorRethrowsTheFirstAfterTheDrainWithLaterOnesSuppressed() throws Exception {
    RuntimeException e1 = new RuntimeException("first");
    Exception e3 = new Exception("third (checked)");
    IllegalArgumentException e4 = new IllegalArgumentException("fourth");
    List<ResultCown<Integer>> rs = new ArrayList<>();
    rs.addAll(queueFree(1, c -> {
      throw e1;
    }));
    rs.addAll(queueFree(1, c -> 2));
    rs.addAll(queueFree(1, c -> {
      throw e3;
    }));
    rs.addAll(queueFree(1, c -> {
      throw e4;
    }));
    rs.addAll(queueFree(1, c -> 5));
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> boc.mainThread().pump(PumpLimits.NONE.raisingOnError()));
    assertSame(e1, thrown);
    assertEquals(List.of(e3, e4), List.of(thrown.getSuppressed()));
    assertEquals(0, boc.mainThread().stats().depth(), "the pump drained within its bounds first");
    assertSame(e1, failure(rs.get(0)));
    assertEquals(2, value(rs.get(1)));
    assertSame(e3, failure(rs.get(2)));
    assertSame(e4, failure(rs.get(3)));
    assertEquals(5, value(rs.get(4)));

    // A checked first exception is wrapped, with itself as the cause.
    Exception checked = new Exception("checked first");
    queueFree(1, c -> {
      throw checked;
    });
    CompletionException wrapped =
        assertThrows(CompletionException.class, () -> boc.mainThread().pump(PumpLimits.NONE.raisingOnError()));
    assertSame(checked, wrapped.getCause());
  }

  /** An Error a test throws on purpose. */
  static final class Boom extends Error {
    Boom(String m) {
      super(m);
    }
  }

  @Test
  void p19_anErrorLeavesPumpAtOnceAfterCleanup_theRestStayQueued() throws Exception {
    Cown<String> u = Cown.of("u");
    Boom boom = new Boom("p19");
    ResultCown<String> bad = boc.when(PinnedCown.of(1), u, (p, x) -> {
      throw boom;
    });
    ResultCown<String> followOn = boc.when(u, x -> "ok"); // a worker behaviour behind the Error
    List<ResultCown<Integer>> rest = queueFree(1, Cown::get);
    assertEquals(2, boc.mainThread().stats().depth());
    assertSame(boom, assertThrows(Boom.class, () -> boc.mainThread().pump()));
    assertEquals(1, boc.mainThread().stats().depth());
    assertSame(boom, failure(bad));
    assertEquals("ok", value(followOn), "the Error's cowns were released");
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
    assertEquals(0, value(rest.get(0)));
    boc.quiesce(WAIT);
    assertEquals(0, boc.stats().inFlight());
  }

  @Test
  void p20_pumpInsideAPinnedBodyIsNotReentrant() throws Exception {
    AtomicReference<IllegalStateException> inner = new AtomicReference<>();
    queueFree(1, c -> {
      try {
        boc.mainThread().pump();
      } catch (IllegalStateException e) {
        inner.set(e);
      }
      return 0;
    });
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
    assertTrue(inner.get().getMessage().contains("not reentrant"), inner.get().getMessage());
  }

  @Test
  void p21_invalidBoundsAreRejectedNamingTheParameter() {
    boc.start();
    for (Duration bad : new Duration[] {
        Duration.ZERO, Duration.ofMillis(-1), Duration.ofMillis(-1000),
        Duration.ofSeconds(Long.MAX_VALUE)}) {
      assertThrowsWith(IllegalArgumentException.class, "deadline", () -> boc.mainThread().pump(PumpLimits.deadline(bad)));
    }
    for (int bad : new int[] {0, -1, -1000}) {
      assertThrowsWith(
          IllegalArgumentException.class, "maxBehaviours", () -> boc.mainThread().pump(PumpLimits.maxBehaviours(bad)));
    }
    assertEquals(PumpResult.EMPTY, boc.mainThread().pump(
        PumpLimits.deadline(Duration.ofDays(365)).andMaxBehaviours(Integer.MAX_VALUE)));
  }

  @Test
  void p22_pumpWithNoRuntimeRunningReturnsEmpty_onAClosedOneThrows() throws Exception {
    assertEquals(PumpResult.EMPTY, boc.mainThread().pump(), "never started: empty, no throw");
    assertFalse(boc.isRunning(), "pump does not start the runtime");
    boc.start();
    boc.mainThread().pump();
    boc.waitAll(WAIT);
    assertEquals(PumpResult.EMPTY, boc.mainThread().pump(), "between waitAll and the next when");
    boc.close();
    assertThrowsWith(IllegalStateException.class, "closed", () -> boc.mainThread().pump()); // L23
  }

  @Test
  void p23_explicitBindingReleaseAndRebinding() throws Exception {
    boc.mainThread().bind();
    boc.mainThread().bind(); // idempotent
    String me = Thread.currentThread().getName();
    Throwable t = onOtherThread("other", () -> boc.mainThread().pump());
    assertInstanceOf(IllegalStateException.class, t);
    assertTrue(t.getMessage().contains("main thread is " + me), t.getMessage());
    assertInstanceOf(IllegalStateException.class,
        onOtherThread("other", () -> boc.mainThread().bind()));
    assertInstanceOf(IllegalStateException.class,
        onOtherThread("other", () -> boc.mainThread().release()));

    boc.mainThread().release();
    CountDownLatch otherBound = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      boc.mainThread().pump(); // binds
      otherBound.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        return;
      }
      boc.mainThread().release();
    }, "other");
    other.start();
    assertTrue(otherBound.await(10, TimeUnit.SECONDS));
    assertThrowsWith(IllegalStateException.class, "main thread is other", () -> boc.mainThread().pump());
    release.countDown();
    other.join();
    assertEquals(PumpResult.EMPTY, boc.mainThread().pump()); // free again: this thread binds
  }

  @Test
  void p23_aNonWorkerWaitThatFindsPinnedWorkBindsItsThread_untilItEnds() throws Exception {
    ResultCown<Thread> r = boc.when(PinnedCown.of(1), c -> Thread.currentThread());
    AtomicReference<Thread> waiter = new AtomicReference<>();
    assertNull(onOtherThread("waiter", () -> {
      waiter.set(Thread.currentThread());
      boc.quiesce(WAIT);
    }));
    assertSame(waiter.get(), value(r), "the waiting thread bound itself and pumped");
    assertSame(waiter.get(), boc.mainThread().thread().orElseThrow(), "the waiter is bound");
    assertNull(onOtherThread("waiter2", () -> boc.waitAll(WAIT)));
    assertSame(waiter.get(), boc.mainThread().thread().orElseThrow(),
        "teardown keeps the binding (P23)");
    // The waiter thread has ended: a binding to a terminated thread is free for the next binder.
    ResultCown<Thread> r2 = boc.when(PinnedCown.of(2), c -> Thread.currentThread());
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
    assertSame(Thread.currentThread(), value(r2));
  }

  @Test
  void p24_pumpFromAnotherThreadOrAConcurrentSecondPumperThrows_markClearedOnEveryExit()
      throws Exception {
    CountDownLatch inBody = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    queueFree(1, c -> {
      inBody.countDown();
      leave.await();
      return 0;
    });
    AtomicReference<Throwable> second = new AtomicReference<>();
    Thread other = new Thread(() -> {
      try {
        inBody.await();
        boc.mainThread().pump();
      } catch (Throwable e) {
        second.set(e);
      } finally {
        leave.countDown();
      }
    }, "second-pumper");
    other.start();
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
    other.join();
    assertInstanceOf(IllegalStateException.class, second.get());

    // Exit paths: return (above), a rethrown body exception, an Error: each leaves pump usable.
    queueFree(1, c -> {
      throw new RuntimeException("rethrown");
    });
    assertThrows(RuntimeException.class, () -> boc.mainThread().pump(PumpLimits.NONE.raisingOnError()));
    assertEquals(PumpResult.EMPTY, boc.mainThread().pump());
    queueFree(1, c -> {
      throw new Boom("error exit");
    });
    assertThrows(Boom.class, () -> boc.mainThread().pump());
    assertEquals(PumpResult.EMPTY, boc.mainThread().pump());
    boc.mainThread().release(); // not pumping any more: the release is accepted
    assertNull(onOtherThread("next-main", () -> boc.mainThread().pump()));
  }

  @Test
  void p25_waitOnMainPumpsWhileWaiting_wokenEarlyWhenPinnedWorkArrives() throws Exception {
    boc.mainThread().setWaitPumpPoll(Duration.ofMinutes(10)); // only an early wake can run the pinned work
    CountDownLatch go = new CountDownLatch(1);
    PinnedCown<String> p = PinnedCown.of("p");
    AtomicReference<ResultCown<Thread>> pinned = new AtomicReference<>();
    boc.run(() -> {
      go.await();
      pinned.set(boc.when(p, c -> Thread.currentThread())); // scheduled by a worker, later
    });
    boc.mainThread().pump(); // binds this thread
    Thread releaser = new Thread(go::countDown);
    releaser.start();
    long t0 = System.nanoTime();
    boc.quiesce(WAIT);
    assertTrue(System.nanoTime() - t0 < WAIT.toNanos());
    assertSame(Thread.currentThread(), value(pinned.get()));
    releaser.join();
  }

  @Test
  void p25_thePollIsReReadEveryIteration() throws Exception {
    assertEquals(Duration.ofMillis(50), boc.mainThread().waitPumpPoll());
    boc.mainThread().setWaitPumpPoll(Duration.ofMinutes(10));
    boc.mainThread().bind();
    CountDownLatch hold = new CountDownLatch(1);
    boc.run(hold::await); // keeps quiesce waiting
    AtomicReference<Throwable> observer = new AtomicReference<>();
    Thread watcher = new Thread(() -> {
      try {
        // 10 min -> 5 ms: the waiting main thread starts pumping every few ms.
        boc.mainThread().setWaitPumpPoll(Duration.ofMillis(5));
        awaitCondition(() -> { // -1 (never pumped) does not count
          long since = boc.mainThread().stats().millisSinceLastPump();
          return since >= 0 && since < 1_000;
        });
        // 5 ms -> 10 min: it stops, and the time since the last pump grows.
        boc.mainThread().setWaitPumpPoll(Duration.ofMinutes(10));
        awaitCondition(() -> boc.mainThread().stats().millisSinceLastPump() > 300);
      } catch (Throwable e) {
        observer.set(e);
      } finally {
        hold.countDown();
      }
    });
    assertEquals(-1, boc.mainThread().stats().millisSinceLastPump());
    watcher.start();
    boc.quiesce(WAIT);
    watcher.join();
    assertNull(observer.get());
  }

  private static void awaitCondition(java.util.function.BooleanSupplier c) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("condition not reached");
      }
      Thread.sleep(1); // polling an observable, not waiting for something to happen
    }
  }

  @Test
  void p25_onOtherThreadsWaitAllOnlyWaits_andTimesOutWithPinnedWorkNobodyPumps() throws Exception {
    boc.mainThread().bind();
    AtomicBoolean ran = new AtomicBoolean();
    queueFree(1, c -> {
      ran.set(true);
      return 0;
    });
    Throwable t = onOtherThread("elsewhere", () -> boc.waitAll(Duration.ofMillis(100)));
    assertInstanceOf(TimeoutException.class, t);
    assertTrue(t.getMessage().contains("1 pinned behaviour(s) wait for the main thread"),
        t.getMessage());
    assertFalse(ran.get());
    assertTrue(boc.isRunning(), "nothing torn down");
    boc.waitAll(WAIT); // the main thread finishes the job
    assertTrue(ran.get());
  }

  @Test
  void p26_setWaitPumpPollRejectsZeroAndNegative() {
    for (long bad : new long[] {0, -1, -50}) {
      assertThrowsWith(IllegalArgumentException.class, "poll",
          () -> boc.mainThread().setWaitPumpPoll(Duration.ofMillis(bad)));
    }
    assertThrows(NullPointerException.class, () -> boc.mainThread().setWaitPumpPoll(null));
    assertEquals(Duration.ofMillis(50), boc.mainThread().waitPumpPoll());
  }

  // --- fault injection: acquire, run, release -------------------------------------------------

  @Test
  void faultWhileAcquiringAPinnedBehaviour_releasesItUnrun_bindingCountAndQueueStayRight()
      throws Exception {
    Cown<String> u = Cown.of("u");
    AtomicBoolean firstRan = new AtomicBoolean();
    ResultCown<String> first = boc.when(PinnedCown.of(0), u, (p, x) -> {
      firstRan.set(true);
      return "first";
    });
    ResultCown<String> successor = boc.when(u, x -> "successor");
    List<ResultCown<Integer>> rest = queueFree(2, Cown::get);
    IllegalStateException injected = new IllegalStateException("injected acquire failure");
    AtomicInteger calls = new AtomicInteger();
    FaultInjection.pinnedAcquire = () -> {
      if (calls.getAndIncrement() == 0) {
        throw injected;
      }
    };
    assertSame(injected, assertThrows(IllegalStateException.class, () -> boc.mainThread().pump()));
    assertFalse(firstRan.get());
    assertSame(injected, failure(first));
    assertEquals("successor", value(successor), "its cowns were released");
    assertEquals(2, boc.mainThread().stats().depth(), "the queue is intact");
    assertEquals(new PumpResult(2, false, 0), boc.mainThread().pump(), "the in-pump mark was cleared");
    assertEquals(1, value(rest.get(1)));
    assertBindingFreeAndCountZero();
  }

  @Test
  void faultWhileRunningAPinnedBody_anError_bindingCountAndQueueStayRight() throws Exception {
    queueFree(1, c -> {
      throw new Boom("run");
    });
    queueFree(1, Cown::get);
    assertThrows(Boom.class, () -> boc.mainThread().pump());
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
    assertBindingFreeAndCountZero();
  }

  @Test
  void faultAfterReleasingAPinnedBehaviour_isAccounted_bindingCountAndQueueStayRight()
      throws Exception {
    List<ResultCown<Integer>> done = queueFree(1, c -> 41);
    queueFree(1, Cown::get);
    Boom injected = new Boom("injected release failure");
    AtomicInteger calls = new AtomicInteger();
    FaultInjection.pinnedRelease = () -> {
      if (calls.getAndIncrement() == 0) {
        throw injected;
      }
    };
    assertSame(injected, assertThrows(Boom.class, () -> boc.mainThread().pump()));
    assertEquals(41, value(done.get(0)), "it ran and released");
    assertEquals(1, boc.mainThread().stats().depth());
    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
    assertBindingFreeAndCountZero();
  }

  private void assertBindingFreeAndCountZero() throws Exception {
    boc.quiesce(WAIT);
    assertEquals(0, boc.stats().inFlight());
    BocStats totals = boc.stats();
    assertEquals(totals.scheduled(), totals.completed());
    boc.mainThread().release();
    assertNull(onOtherThread("rebinder", () -> {
      boc.mainThread().bind();
      boc.when(PinnedCown.of(9), c -> 9);
      assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
      boc.mainThread().release();
    }));
  }
}
