package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The 1.0 surface of SPEC §4–§5: lifetime statistics (S11, S12), the listener SPI (S13), admission
 * forms (L26–L28), completion callbacks (L29, L30), the main-thread binding across restarts (P22,
 * P23, P35), {@code unwrap} (R16), {@code repeat}, and the builder's settings.
 */
@Timeout(60)
class CoreSurfaceTest extends BocTestSupport {

  // --- S11, S12: statistics that never go backwards -----------------------------------------

  @Test
  void s11_lifetimeCountersNeverDecreaseAcrossWaitAllAndRestart() throws Exception {
    try (LogCapture log = new LogCapture()) { // the failing bodies are logged; keep them off the console
      lifetimeCountersAcrossRestarts();
    }
  }

  private void lifetimeCountersAcrossRestarts() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    BocStats before = boc.stats();
    for (int cycle = 1; cycle <= 3; cycle++) {
      for (int i = 0; i < 100; i++) {
        boc.run(c, x -> x.set(x.get() + 1));
      }
      boc.run(c, x -> {
        throw new IllegalStateException("counted as failed");
      });
      boc.quiesce(WAIT);
      BocStats quiet = boc.stats();
      assertNotDecreased(before, quiet);
      assertEquals(cycle * 101L, quiet.scheduled(), "cycle " + cycle);
      assertEquals(quiet.scheduled(), quiet.completed(), "scheduled == completed at quiescence");
      assertEquals(cycle, quiet.failed());
      boc.waitAll(WAIT);
      BocStats down = boc.stats();
      assertNotDecreased(quiet, down);
      assertFalse(down.running());
      assertEquals(0, down.workers());
      assertEquals(0, down.inFlight());
      before = down;
    }
    assertEquals(303, before.completed());
    assertEquals(303, before.perWorker().stream().mapToLong(WorkerStats::behavioursRun).sum(),
        "per-worker lifetime counts survive teardown");
  }

  private static void assertNotDecreased(BocStats a, BocStats b) {
    assertTrue(b.scheduled() >= a.scheduled(), "scheduled went down: " + a + " -> " + b);
    assertTrue(b.completed() >= a.completed(), "completed went down");
    assertTrue(b.failed() >= a.failed(), "failed went down");
    assertTrue(b.peakInFlight() >= a.peakInFlight(), "peak went down");
    assertTrue(b.pinned().pumped() >= a.pinned().pumped(), "pumped went down");
    assertTrue(b.backPressure().producerWaits() >= a.backPressure().producerWaits());
    for (int i = 0; i < a.perWorker().size(); i++) {
      assertTrue(b.perWorker().get(i).behavioursRun() >= a.perWorker().get(i).behavioursRun(),
          "worker " + i + " went down");
    }
  }

  @Test
  void s11_statsReadConcurrentlyWithTeardownNeverGoBackwards() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    AtomicReference<String> violation = new AtomicReference<>();
    CountDownLatch stop = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      long last = 0;
      while (stop.getCount() > 0) {
        long now = boc.stats().completed();
        if (now < last) {
          violation.compareAndSet(null, "completed went from " + last + " to " + now);
        }
        last = now;
      }
    }, "stats-reader");
    reader.start();
    try {
      for (int cycle = 0; cycle < 30; cycle++) {
        for (int i = 0; i < 50; i++) {
          boc.run(c, x -> x.set(x.get() + 1));
        }
        boc.waitAll(WAIT);
      }
    } finally {
      stop.countDown();
      reader.join();
    }
    assertEquals(null, violation.get());
    assertEquals(1500, boc.stats().completed());
  }

  @Test
  void s12_oneSnapshotHoldsCountersAndGauges() throws Exception {
    boc = Boc.builder().name("orders").workers(2).backPressureLimit(1000).build();
    CountDownLatch release = new CountDownLatch(1);
    Cown<Integer> c = Cown.of(0);
    boc.run(c, x -> awaitLatch(release));
    for (int i = 0; i < 9; i++) {
      boc.run(c, x -> x.set(x.get() + 1));
    }
    BocStats busy = boc.stats();
    assertEquals("orders", busy.runtime());
    assertTrue(busy.running());
    assertEquals(2, busy.workers());
    assertEquals(1000, busy.backPressureLimit());
    assertEquals(10, busy.inFlight());
    assertTrue(busy.peakInFlight() >= 10, busy.toString());
    boc.noticeboard().seed("k", 1);
    boc.mailbox().send("t", "m");
    release.countDown();
    boc.quiesce(WAIT);
    BocStats quiet = boc.stats();
    assertEquals(0, quiet.inFlight());
    assertTrue(quiet.peakInFlight() >= 10, "peak is kept after the load falls");
    assertEquals(1, quiet.noticeboard().size());
    assertEquals(64, quiet.noticeboard().capacity());
    assertEquals(Map.of("t", 1), quiet.mailboxDepth());
    assertEquals(List.of(new TagStats("t", 1, 0)), quiet.mailbox());
    assertThrows(UnsupportedOperationException.class, () -> quiet.perWorker().clear());
  }

  // --- S13: listener SPI ----------------------------------------------------------------------

  @Test
  void s13_listenersHearFireAndForgetFailures_aThrowingListenerIsLoggedAndHarmless()
      throws Exception {
    List<Throwable> heard = new CopyOnWriteArrayList<>();
    IllegalStateException boom = new IllegalStateException("fire-and-forget failure");
    try (LogCapture log = new LogCapture()) {
      boc = Boc.builder().workers(1)
          .listener(new BocListener() {
            @Override
            public void onUnobservedFailure(Throwable failure) {
              throw new IllegalArgumentException("listener bug");
            }
          })
          .listener(new BocListener() {
            @Override
            public void onUnobservedFailure(Throwable failure) {
              heard.add(failure);
            }
          })
          .build();
      boc.run(() -> {
        throw boom;
      });
      boc.quiesce(WAIT);
      assertEquals(List.of(boom), heard, "the very Throwable, once");
      assertTrue(log.has(Level.WARNING, "BocListener", "onUnobservedFailure"), "logged");
      ResultCown<Integer> after = boc.when(() -> 7);
      assertEquals(7, valueOf(after), "the runtime keeps working");
      boc.when(() -> {
        throw boom;
      });
      boc.quiesce(WAIT);
      assertEquals(1, heard.size(), "a failure on a result cown is observed there, not here");
    }
  }

  @Test
  void s13_listenersHearWatchdogReports_untilUnregistered() throws Exception {
    newBoc(1);
    List<String> reports = new CopyOnWriteArrayList<>();
    CountDownLatch reported = new CountDownLatch(1);
    Boc.Registration reg = boc.addListener(new BocListener() {
      @Override
      public void onStarvation(StarvationHandler.Severity severity, String message) {
        reports.add(severity + " " + message);
        reported.countDown();
      }
    });
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(20), null, (s, m) -> {});
    boc.mainThread().bind();
    boc.run(PinnedCown.of(0), p -> {});
    awaitLatch(reported);
    assertTrue(reports.get(0).startsWith("WARN"), reports.toString());
    assertTrue(boc.stats().pinned().watchdogWarnings() >= 1);
    reg.close();
    reg.close(); // idempotent
    boc.mainThread().pump();
    assertEquals(1, boc.stats().pinned().pumped());
  }

  // --- P22, P23, P35: a periodic pump loop survives waitAll and restart ------------------------

  @Test
  void p35_aScheduledExecutorPumpLoopSurvivesThreeRestarts_pinnedBodiesRunOnlyOnItsThread()
      throws Exception {
    newBoc(2);
    ScheduledExecutorService ui = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ui-thread");
      t.setDaemon(true);
      return t;
    });
    AtomicReference<Throwable> loopDied = new AtomicReference<>();
    CountDownLatch bound = new CountDownLatch(1);
    ui.execute(() -> {
      boc.mainThread().bind();
      bound.countDown();
    });
    awaitLatch(bound);
    ScheduledFuture<?> loop = ui.scheduleAtFixedRate(() -> {
      try {
        boc.mainThread().pump();
      } catch (Throwable t) {
        loopDied.compareAndSet(null, t);
        throw t;
      }
    }, 0, 2, TimeUnit.MILLISECONDS);
    try {
      PinnedCown<List<String>> window = PinnedCown.of(new CopyOnWriteArrayList<>());
      ExecutorService producer = Executors.newSingleThreadExecutor();
      try {
        for (int cycle = 0; cycle < 3; cycle++) {
          List<ResultCown<String>> threads = new CopyOnWriteArrayList<>();
          producer.submit(() -> {
            for (int i = 0; i < 20; i++) {
              threads.add(boc.when(window, w -> Thread.currentThread().getName()));
            }
          }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          boc.waitAll(WAIT); // from the test thread, which is not the main thread
          for (ResultCown<String> r : threads) {
            assertEquals("ui-thread", r.unwrap());
          }
          assertFalse(boc.isRunning());
          assertEquals("ui-thread", boc.mainThread().thread().orElseThrow().getName());
        }
      } finally {
        producer.shutdownNow();
      }
      assertEquals(null, loopDied.get());
      assertFalse(loop.isDone(), "the pump loop is still scheduled");
      assertEquals(60, boc.stats().pinned().pumped());
    } finally {
      loop.cancel(false);
      ui.shutdownNow();
    }
  }

  @Test
  void p23_closeEndsTheBinding() throws Exception {
    newBoc(1);
    boc.mainThread().bind();
    assertTrue(boc.mainThread().isCurrent());
    boc.close();
    assertTrue(boc.mainThread().thread().isEmpty());
    assertThrows(IllegalStateException.class, () -> boc.mainThread().bind());
  }

  // --- L26–L28: admission -------------------------------------------------------------------

  /** Holds a 1-worker runtime with limit 2 over its limit until {@code release} opens. */
  private void holdOverTheLimit(CountDownLatch release) {
    boc = Boc.builder().workers(1).backPressureLimit(2).producerTimeout(Duration.ofSeconds(30))
        .build();
    boc.run(Cown.of(0), x -> awaitLatch(release));
    boc.run(Cown.of(0), x -> {});
    assertTrue(boc.stats().inFlight() >= 2);
  }

  @Test
  void l26_theTimedFormWaitsAtMostItsTimeoutThenRejectsHavingScheduledNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    holdOverTheLimit(release);
    long scheduled = boc.stats().scheduled();
    long t0 = System.nanoTime();
    RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
        () -> boc.waitingAtMost(Duration.ofMillis(100)).run(Cown.of(0), x -> {}));
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(waitedMs >= 90, "waited " + waitedMs + " ms");
    assertTrue(e.getMessage().contains("nothing was scheduled"), e.getMessage());
    assertEquals(scheduled, boc.stats().scheduled(), "nothing was scheduled");
    release.countDown();
    boc.quiesce(WAIT);
    ResultCown<Integer> r = boc.waitingAtMost(Duration.ofMillis(100)).when(() -> 5);
    assertEquals(5, valueOf(r), "under the limit it admits at once");
  }

  @Test
  void l27_theNonBlockingFormRejectsAtOnce_andOnCapacitySignalsWhenToRetry() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    holdOverTheLimit(release);
    long t0 = System.nanoTime();
    RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
        () -> boc.nonBlocking().when(() -> 1));
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "never parks");
    assertTrue(e.getMessage().contains("onCapacity"), e.getMessage());
    CompletableFuture<Void> capacity = boc.onCapacity().toCompletableFuture();
    assertFalse(capacity.isDone(), "still over the limit");
    CompletableFuture<Integer> retried = capacity
        .thenCompose(v -> boc.nonBlocking().when(() -> 42).toCompletionStage())
        .toCompletableFuture();
    release.countDown();
    assertEquals(42, retried.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    boc.quiesce(WAIT);
    assertTrue(boc.onCapacity().toCompletableFuture().isDone(), "under the limit: at once");
  }

  @Test
  void l28_aMarkedThreadIsNeverParked_itGetsRejectedNamingTheNonBlockingForm() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    holdOverTheLimit(release);
    try (Boc.Registration mark =
        Boc.markNonBlocking(t -> t.getName().startsWith("event-loop"))) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      long[] tookNanos = new long[1];
      Thread loop = new Thread(() -> {
        long t0 = System.nanoTime();
        try {
          boc.run(Cown.of(0), x -> {});
        } catch (Throwable t) {
          thrown.set(t);
        }
        tookNanos[0] = System.nanoTime() - t0;
      }, "event-loop-1");
      loop.start();
      loop.join();
      assertInstanceOf(RejectedExecutionException.class, thrown.get());
      assertTrue(thrown.get().getMessage().contains("nonBlocking()"), thrown.get().getMessage());
      assertTrue(tookNanos[0] < TimeUnit.SECONDS.toNanos(1), "not parked");
    }
    release.countDown();
    boc.quiesce(WAIT);
  }

  // --- L29, L30: completion callbacks ------------------------------------------------------

  @Test
  void l29_aStageCompletesOnTheBodysThreadAfterRelease_theExecutorVariantMovesIt()
      throws Exception {
    newBoc(1);
    Cown<Integer> c = Cown.of(0);
    ResultCown<String> r = boc.when(c, x -> Thread.currentThread().getName());
    CompletableFuture<String> on = r.toCompletionStage()
        .thenApply(v -> v + "|" + Thread.currentThread().getName()
            + "|" + canRead(c)).toCompletableFuture();
    ExecutorService elsewhere = Executors.newSingleThreadExecutor(run -> new Thread(run, "moved"));
    try {
      CountDownLatch registered = new CountDownLatch(1);
      CompletableFuture<String> moved = boc.when(c, x -> {
        awaitLatch(registered); // the dependent below is registered before the stage completes
        return 1;
      }).toCompletionStage(elsewhere)
          .thenApply(v -> Thread.currentThread().getName()).toCompletableFuture();
      registered.countDown();
      String[] parts = on.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).split("\\|");
      assertTrue(parts[1].equals(parts[0]) || parts[1].equals("main") || parts[1].startsWith("Test"),
          "same thread as the body, or the caller if already complete: " + parts[1]);
      assertEquals("released", parts[2], "the callback holds no cown");
      assertEquals("moved", moved.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      elsewhere.shutdownNow();
    }
  }

  private static String canRead(Cown<?> c) {
    try {
      c.get();
      return "held";
    } catch (IllegalStateException e) {
      return "released";
    }
  }

  @Test
  void l30_blockingCallsInACallbackOnAWorkerSayWorkerThreadNotBody() throws Exception {
    newBoc(1);
    CountDownLatch gate = new CountDownLatch(1);
    Cown<Integer> c = Cown.of(0);
    ResultCown<Integer> r = boc.when(c, x -> {
      awaitLatch(gate); // keep the body running until the callback is registered
      return 1;
    });
    CompletableFuture<String> message = r.toCompletionStage().thenApply(v -> {
      try (Held<Integer> h = boc.acquire(Cown.of(1))) {
        return "acquired";
      } catch (IllegalStateException e) {
        return e.getMessage();
      }
    }).toCompletableFuture();
    gate.countDown();
    String m = message.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(m.contains("on worker thread"), m);
    assertFalse(m.contains("inside a behaviour body"), m);
    assertTrue(m.contains("toCompletionStage(executor)"), m);
  }

  // --- R16: unwrap --------------------------------------------------------------------------

  @Test
  void r16_unwrapReturnsTheValueOrRethrows_andRefusesWhileInFlight() throws Exception {
    newBoc(1);
    CountDownLatch gate = new CountDownLatch(1);
    ResultCown<Integer> pending = boc.when(() -> {
      awaitLatch(gate);
      return 1;
    });
    IllegalStateException early = assertThrows(IllegalStateException.class, pending::unwrap);
    assertTrue(early.getMessage().contains("still in flight"), early.getMessage());
    gate.countDown();
    IllegalArgumentException unchecked = new IllegalArgumentException("u");
    Exception checked = new Exception("c");
    ResultCown<Integer> ok = boc.when(() -> 41 + 1);
    ResultCown<Integer> bad = boc.when(() -> {
      throw unchecked;
    });
    ResultCown<Integer> badChecked = boc.when(() -> {
      throw checked;
    });
    boc.quiesce(WAIT);
    assertTrue(ok.isDone());
    assertEquals(42, ok.unwrap());
    assertSame(unchecked, assertThrows(IllegalArgumentException.class, bad::unwrap));
    assertSame(checked, assertThrows(CompletionException.class, badChecked::unwrap).getCause());
  }

  // --- repeat ---------------------------------------------------------------------------------

  @Test
  void repeatRunsRoundsWhileTheStepSaysSo_andLetsOtherBehavioursInBetween() throws Exception {
    newBoc(2);
    Cown<List<String>> log = Cown.of(new CopyOnWriteArrayList<>());
    AtomicInteger rounds = new AtomicInteger();
    CountDownLatch otherScheduled = new CountDownLatch(1);
    CompletionStage<Void> done = boc.repeat(log, l -> {
      l.get().add("round");
      if (rounds.get() == 0) {
        awaitLatch(otherScheduled); // round 2 is scheduled after "other": it must run after it
      }
      return rounds.incrementAndGet() < 50;
    });
    boc.run(log, l -> l.get().add("other"));
    otherScheduled.countDown();
    done.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    boc.quiesce(WAIT);
    List<String> seen = read(log);
    assertEquals(50, rounds.get());
    assertEquals(51, seen.size());
    assertEquals(1, seen.indexOf("other"), "the other behaviour ran between rounds: " + seen);
    IllegalStateException boom = new IllegalStateException("round failed");
    CompletableFuture<Void> failed = boc.repeat(log, l -> {
      throw boom;
    }).toCompletableFuture();
    assertSame(boom, assertThrows(Exception.class,
        () -> failed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).getCause());
  }

  // --- one configuration --------------------------------------------------------------------

  @Test
  void builderValidatesEverySettingNamingIt() {
    assertMessage(() -> Boc.builder().name(" "), "name");
    assertMessage(() -> Boc.builder().workers(0), "workers");
    assertMessage(() -> Boc.builder().backPressureLimit(1), "backPressureLimit");
    assertMessage(() -> Boc.builder().producerTimeout(Duration.ZERO), "producerTimeout");
    assertMessage(() -> Boc.builder().noticeboardCapacity(0), "noticeboardCapacity");
    assertMessage(() -> Boc.builder().noticeboardMaxKeyBytes(0), "noticeboardMaxKeyBytes");
    assertMessage(() -> Boc.builder().mailboxTagLimit(0), "mailboxTagLimit");
    assertMessage(() -> Boc.builder().waitPumpPoll(Duration.ZERO), "waitPumpPoll");
    assertMessage(() -> Boc.builder().pumpWatchdog(Duration.ofMillis(-1), null, null), "warn");
    assertMessage(() -> Boc.builder().pumpWatchdog(null, Duration.ZERO, null), "raise");
    assertMessage(() -> Boc.builder().shutdownTimeout(Duration.ofMillis(-1)), "shutdownTimeout");
    NullPointerException npe =
        assertThrows(NullPointerException.class, () -> Boc.builder().threadNamePrefix(null));
    assertTrue(npe.getMessage().contains("threadNamePrefix"), npe.getMessage());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void builderSettingsReachTheRuntime() throws Exception {
    List<String> reports = new CopyOnWriteArrayList<>();
    CountDownLatch reported = new CountDownLatch(1);
    boc = Boc.builder().name("pricing").workers(3).mailboxTagLimit(2)
        .waitPumpPoll(Duration.ofMillis(7))
        .pumpWatchdog(Duration.ofMillis(20), null, (s, m) -> {
          reports.add(m);
          reported.countDown();
        })
        .build();
    assertEquals("pricing", boc.name());
    assertEquals(Duration.ofMillis(7), boc.mainThread().waitPumpPoll());
    assertEquals(2, boc.mailbox().tagLimit());
    ResultCown<String> name = boc.when(() -> Thread.currentThread().getName());
    assertTrue(valueOf(name).startsWith("pricing-worker-"), valueOf(name));
    assertEquals(3, boc.workerCount());
    boc.mainThread().bind();
    boc.run(PinnedCown.of(0), p -> {});
    awaitLatch(reported);
    boc.mainThread().pump();
    Boc other = new Boc();
    try {
      assertNotSame(other.name(), boc.name());
      assertTrue(other.name().startsWith("boc-"), other.name());
    } finally {
      other.close();
    }
  }
}
