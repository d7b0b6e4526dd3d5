package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC section 4 (runtime lifecycle): CONTRACT.md area L. L13, L14, L16 and the noticeboard part of
 * L20 are noticeboard rules, L25 belongs to the Reactor bridge. The injected-failure half of L17 is in
 * {@code internal.FaultInjectionTest} (F06).
 */
@Timeout(value = 30, unit = SECONDS)
class LifecycleTest extends BocTestSupport {

  /** Clears any injected failure before {@link BocTestSupport} closes the runtime. */
  @AfterEach
  void resetFaultInjection() {
    FaultInjection.reset();
  }

  private Boc newBoc(int workers, String threadPrefix) {
    boc = Boc.builder()
        .workers(workers)
        .threadNamePrefix(threadPrefix)
        .shutdownTimeout(SHUTDOWN_TIMEOUT)
        .build();
    return boc;
  }

  // --- L01 ----------------------------------------------------------------------------------

  @Test
  void l01_theFirstWhenStartsTheRuntime() throws Exception {
    newBoc(2);
    assertFalse(boc.isRunning());
    assertEquals(0, boc.workerCount());
    assertEquals(7, valueOf(boc.when(() -> 7)).intValue());
    assertTrue(boc.isRunning());
    assertEquals(2, boc.workerCount());

    Boc explicit = Boc.builder().workers(1).build();
    try {
      assertSame(explicit, explicit.start());
      assertTrue(explicit.isRunning());
      assertEquals(8, valueOf(explicit.when(() -> 8)).intValue());
    } finally {
      explicit.close();
    }
  }

  // --- L02 ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8})
  void l02_startSetsTheWorkerCount(int n) throws Exception {
    newBoc(3);
    boc.start(n);
    assertEquals(n, boc.workerCount());
    valueOf(boc.when(() -> 1));
    List<WorkerStats> stats = boc.waitAll(WAIT).stats();
    assertEquals(n, stats.size());
  }

  @Test
  void l02_aWorkerCountBelowOneIsRejected() {
    newBoc(2);
    assertThrows(IllegalArgumentException.class, () -> boc.start(0));
    assertThrows(IllegalArgumentException.class, () -> boc.start(-1));
    assertThrows(IllegalArgumentException.class, () -> Boc.builder().workers(0));
    assertFalse(boc.isRunning());
  }

  // --- L03 ----------------------------------------------------------------------------------

  @Test
  void l03_theDefaultWorkerCountIsTheNumberOfProcessors() throws Exception {
    boc = new Boc();
    boc.start();
    int cpus = Runtime.getRuntime().availableProcessors();
    assertEquals(cpus, boc.workerCount());
    assertEquals(cpus, boc.quiesce(WAIT).stats().size());
    Boc built = Boc.builder().build();
    try {
      valueOf(built.when(() -> 1));
      assertEquals(cpus, built.workerCount());
    } finally {
      built.close();
    }
  }

  // --- L04 ----------------------------------------------------------------------------------

  @Test
  void l04_startWhileRunningWithNoOrTheSameCountIsANoOp() throws Exception {
    newBoc(2, "l04-worker-");
    boc.start(2);
    Set<Thread> before = new HashSet<>(threadsNamed("l04-worker-"));
    valueOf(boc.when(() -> 1));
    long scheduled = boc.stats().scheduled();
    assertSame(boc, boc.start());
    assertSame(boc, boc.start(2));
    assertEquals(2, boc.workerCount());
    assertEquals(before, new HashSet<>(threadsNamed("l04-worker-")), "the workers were replaced");
    assertTrue(boc.stats().scheduled() >= scheduled, "the generation was replaced");
    assertEquals(2, valueOf(boc.when(() -> 2)).intValue());
  }

  // --- L05 ----------------------------------------------------------------------------------

  @Test
  void l05_startWithADifferentCountWhileRunningThrowsNamingBothCounts() throws Exception {
    newBoc(3);
    boc.start(3);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> boc.start(5));
    assertTrue(Pattern.compile("\\b3\\b").matcher(e.getMessage()).find(), e.getMessage());
    assertTrue(Pattern.compile("\\b5\\b").matcher(e.getMessage()).find(), e.getMessage());
    assertEquals(3, boc.workerCount(), "the running runtime is unchanged");
    assertEquals(1, valueOf(boc.when(() -> 1)).intValue());
  }

  // --- L06 ----------------------------------------------------------------------------------

  @Test
  void l06_startFromAWorkerThreadThrows() throws Exception {
    newBoc(2);
    ResultCown<Object> plain = boc.when(() -> boc.start());
    ResultCown<Object> counted = boc.when(() -> boc.start(2));
    assertInstanceOf(IllegalStateException.class, failureOf(plain));
    assertInstanceOf(IllegalStateException.class, failureOf(counted));
  }

  // --- L07 ----------------------------------------------------------------------------------

  @Test
  void l07_waitAllQuiesceAndCloseInsideABodyThrowSayingTheyWouldDeadlock() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    List<ResultCown<Object>> attempts = List.of(
        boc.when(c, x -> boc.waitAll(WAIT)),
        boc.when(c, x -> boc.quiesce(WAIT)),
        boc.when(() -> {
          boc.close();
          return null;
        }));
    for (ResultCown<Object> r : attempts) {
      Throwable t = assertInstanceOf(IllegalStateException.class, failureOf(r));
      assertTrue(t.getMessage().contains("deadlock"), t.getMessage());
    }
    assertFalse(boc.isClosed());
    assertTrue(boc.isRunning());
    assertEquals(0, valueOf(boc.when(c, x -> x.get())).intValue());
  }

  // --- L08 ----------------------------------------------------------------------------------

  @Test
  void l08_quiesceWaitsForWorkScheduledMeanwhileAndTearsNothingDown() throws Exception {
    newBoc(2, "l08-worker-");
    AtomicInteger done = new AtomicInteger();
    Cown<Integer> c = Cown.of(0);
    int depth = 200;
    boc.run(c, x -> chain(c, depth - 1, done));
    for (int i = 0; i < 50; i++) {
      boc.run(Cown.of(i), x -> fanOut(3, done));
    }
    boc.quiesce(WAIT);
    assertEquals(depth + 50 * (1 + 3 + 9 + 27), done.get(), "quiesce returned before all work ended");
    assertEquals(0, boc.stats().inFlight());

    assertTrue(boc.isRunning());
    Set<Thread> workers = new HashSet<>(threadsNamed("l08-worker-"));
    assertEquals(2, workers.size());
    long scheduled = boc.stats().scheduled();
    assertEquals(1, valueOf(boc.when(() -> 1)).intValue());
    assertEquals(workers, new HashSet<>(threadsNamed("l08-worker-")), "quiesce replaced the workers");
    assertTrue(boc.stats().scheduled() > scheduled, "quiesce started a new generation");
  }

  private void chain(Cown<Integer> c, int remaining, AtomicInteger done) {
    done.incrementAndGet();
    if (remaining > 0) {
      boc.run(c, x -> chain(c, remaining - 1, done));
    }
  }

  private void fanOut(int level, AtomicInteger done) {
    done.incrementAndGet();
    if (level > 0) {
      for (int i = 0; i < 3; i++) {
        boc.run(Cown.of(i), x -> fanOut(level - 1, done));
      }
    }
  }

  // --- L09 ----------------------------------------------------------------------------------

  @Test
  void l09_waitAllTearsDownAndTheNextWhenStartsAFreshRuntime() throws Exception {
    newBoc(2, "l09-worker-");
    Cown<Integer> c = Cown.of(1);
    boc.noticeboard().seed("l09", "before");
    AtomicInteger done = new AtomicInteger();
    boc.run(c, x -> chain(c, 99, done));
    List<Thread> firstWorkers = threadsNamed("l09-worker-");
    assertEquals(2, firstWorkers.size());

    WaitResult result = boc.waitAll(WAIT);
    assertEquals(100, done.get(), "waitAll returned before all work ended");
    assertEquals("before", result.noticeboard().get("l09"));
    assertFalse(boc.isRunning());
    for (Thread t : firstWorkers) {
      assertFalse(t.isAlive(), t + " was not joined");
    }
    assertEquals(0, boc.stats().inFlight());

    assertEquals(2, valueOf(boc.when(c, x -> x.get() + 1)).intValue(), "the cown keeps working");
    assertTrue(boc.isRunning());
    List<Thread> secondWorkers = threadsNamed("l09-worker-");
    assertEquals(2, secondWorkers.size());
    for (Thread t : secondWorkers) {
      assertFalse(firstWorkers.contains(t), "a worker of the old generation is still in use");
    }
    assertTrue(boc.noticeboard().snapshot().isEmpty(), "the board survived the restart");
  }

  // --- L10 ----------------------------------------------------------------------------------

  @Test
  void l10_waitAllAndQuiesceReturnStatsAndBoardAsAWaitResult() throws Exception {
    newBoc(2);
    boc.noticeboard().seed("l10", 10);
    valueOf(boc.when(() -> 1));
    WaitResult q = boc.quiesce(WAIT);
    assertEquals(2, q.stats().size());
    assertEquals(Map.of("l10", 10), q.noticeboard());
    WaitResult w = boc.waitAll(WAIT);
    assertEquals(2, w.stats().size());
    assertEquals(Map.of("l10", 10), w.noticeboard());

    List<WorkerStats> stats = w.stats();
    Map<String, Object> board = w.noticeboard();
    WaitResult both = new WaitResult(stats, board);
    assertSame(stats, both.stats());
    assertSame(board, both.noticeboard());
  }

  // --- L11 ----------------------------------------------------------------------------------

  @Test
  void l11_withNoRuntimeRunningBothReturnAtOnceWithEmptyForms() throws Exception {
    newBoc(2);
    Duration long_ = Duration.ofDays(1); // "at once": the test's timeout would catch a wait
    assertEmpty(boc.quiesce(long_));
    assertEmpty(boc.waitAll(long_));
    assertFalse(boc.isRunning(), "waiting started the runtime");

    valueOf(boc.when(() -> 1));
    boc.waitAll(WAIT);
    assertEmpty(boc.quiesce(long_));
    assertEmpty(boc.waitAll(long_));
    assertFalse(boc.isRunning());
  }

  private static void assertEmpty(WaitResult r) {
    assertNotNull(r.stats());
    assertNotNull(r.noticeboard());
    assertTrue(r.stats().isEmpty());
    assertTrue(r.noticeboard().isEmpty());
  }

  // --- L12 ----------------------------------------------------------------------------------

  @Test
  void l12_waitAllIsIdempotent() throws Exception {
    newBoc(2);
    valueOf(boc.when(() -> 1));
    assertEquals(2, boc.waitAll(WAIT).stats().size());
    boc.waitAll(WAIT);
    boc.waitAll(WAIT);
    assertFalse(boc.isRunning());

    // Concurrent callers: both return, one tears down.
    valueOf(boc.when(() -> 2));
    CompletableFuture<WaitResult> other = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        other.complete(boc.waitAll(WAIT));
      } catch (Throwable e) {
        other.completeExceptionally(e);
      }
    });
    t.start();
    boc.waitAll(WAIT);
    assertNotNull(other.get(WAIT.toSeconds(), SECONDS));
    assertFalse(boc.isRunning());
  }

  // --- L15 ----------------------------------------------------------------------------------

  @Test
  void l15_onTimeoutWaitAllAndQuiesceThrowNamingTheTimeoutAndTearNothingDown() throws Exception {
    newBoc(2, "l15-worker-");
    CountDownLatch gate = new CountDownLatch(1);
    try {
      ResultCown<Integer> blocked = boc.when(Cown.of(0), x -> {
        awaitLatch(gate);
        return 15;
      });
      Duration shortWait = Duration.ofMillis(100);
      TimeoutException q = assertThrows(TimeoutException.class, () -> boc.quiesce(shortWait));
      assertTrue(q.getMessage().contains(shortWait.toString()), q.getMessage());
      TimeoutException w = assertThrows(TimeoutException.class, () -> boc.waitAll(shortWait));
      assertTrue(w.getMessage().contains(shortWait.toString()), w.getMessage());

      assertTrue(boc.isRunning());
      assertEquals(2, threadsNamed("l15-worker-").size(), "a timed-out wait tore the workers down");
      assertEquals(3, valueOf(boc.when(() -> 3)).intValue(), "the runtime still schedules");

      gate.countDown();
      boc.waitAll(WAIT);
      assertEquals(15, valueOf(blocked).intValue());
      assertFalse(boc.isRunning());
    } finally {
      gate.countDown();
    }
  }

  // --- L17 ----------------------------------------------------------------------------------

  @Test
  void l17_aWhenWithBadArgumentsThrowsSchedulesNothingAndLeavesTheRuntimeUsable() throws Exception {
    newBoc(2).start();
    Cown<Integer> c = Cown.of(1);
    Cown<Integer> nil = null;
    boc.quiesce(WAIT);
    long scheduled = boc.stats().scheduled();
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> boc.when(c, nil, (x, y) -> 1));
    assertTrue(e.getMessage() != null && e.getMessage().contains("null"), e.getMessage());
    assertThrows(NullPointerException.class, () -> boc.whenAll(java.util.Arrays.asList(c, null), d -> 1));
    // A group first: the second argument is still checked, by position.
    CownGroup<Integer> g = Cown.group(java.util.List.of(c));
    CownGroup<Integer> nilGroup = null;
    String second = "when/run: argument 2 is null; pass a Cown or a Cown.group(...)";
    assertEquals(second, assertThrows(NullPointerException.class,
        () -> boc.when(g, nil, (x, y) -> 1)).getMessage());
    assertEquals(second, assertThrows(NullPointerException.class,
        () -> boc.run(g, nilGroup, (x, y) -> { })).getMessage());
    assertEquals(second, assertThrows(NullPointerException.class,
        () -> boc.run(c, nilGroup, (x, y) -> { })).getMessage());
    assertEquals(scheduled, boc.stats().scheduled());
    assertEquals(0, boc.stats().inFlight());
    assertTrue(boc.isRunning());
    assertEquals(1, valueOf(boc.when(c, x -> x.get())).intValue(), "c was left queued");
  }

  // --- L18 ----------------------------------------------------------------------------------

  @Test
  void l18_aWhenRacingTeardownEitherSchedulesOrSaysShuttingDown() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    AtomicBoolean stop = new AtomicBoolean();
    List<ResultCown<Integer>> accepted = new ArrayList<>();
    List<Throwable> refused = new ArrayList<>();
    CompletableFuture<Void> producerDone = new CompletableFuture<>();
    // One behaviour at a time, so that the runtime keeps reaching quiescence and waitAll keeps
    // tearing it down while the next when arrives.
    Thread producer = new Thread(() -> {
      try {
        while (!stop.get()) {
          try {
            ResultCown<Integer> r = boc.when(c, x -> {
              x.set(x.get() + 1);
              return x.get();
            });
            accepted.add(r);
            valueOf(r);
          } catch (IllegalStateException e) {
            refused.add(e);
          }
        }
        producerDone.complete(null);
      } catch (Throwable t) {
        producerDone.completeExceptionally(t);
      }
    });
    producer.start();
    int teardowns = 0;
    long end = System.nanoTime() + SECONDS.toNanos(3);
    try {
      while (teardowns < 200 && System.nanoTime() < end) {
        if (!boc.waitAll(WAIT).stats().isEmpty()) {
          teardowns++;
        }
      }
    } finally {
      stop.set(true);
    }
    producerDone.get(WAIT.toSeconds(), SECONDS);
    boc.waitAll(WAIT);
    System.out.println("l18: " + teardowns + " teardowns, " + accepted.size() + " accepted, "
        + refused.size() + " refused");
    assertTrue(teardowns > 0);
    for (Throwable t : refused) {
      assertTrue(t.getMessage().contains("shutting down"), t.getMessage());
    }
    // Every accepted behaviour ran exactly once, in order.
    for (int i = 0; i < accepted.size(); i++) {
      assertEquals(i + 1, valueOf(accepted.get(i)).intValue());
    }
    assertFalse(boc.isRunning());
    assertEquals(accepted.size(), valueOf(boc.when(c, x -> x.get())).intValue());
    assertTrue(boc.isRunning(), "the first when after waitAll starts a fresh runtime");
  }

  // --- L19 ----------------------------------------------------------------------------------

  @Test
  void l19_aFailedStartLeavesTheRuntimeDownAndTheNextWhenWorks() throws Exception {
    newBoc(2, "l19-worker-");
    RuntimeException injected = new RuntimeException("l19: injected thread-start failure");
    AtomicInteger starts = new AtomicInteger();
    FaultInjection.threadStart = () -> {
      if (starts.incrementAndGet() == 2) { // the first worker starts, the second fails
        throw injected;
      }
    };
    assertSame(injected, assertThrows(RuntimeException.class, () -> boc.start()));
    assertFalse(boc.isRunning());
    assertTrue(boc.workerStats().isEmpty());
    awaitNoThreadsNamed("l19-worker-");

    starts.set(0);
    Cown<Integer> c = Cown.of(19);
    assertSame(injected, assertThrows(RuntimeException.class, () -> boc.when(c, x -> x.get())));
    assertFalse(boc.isRunning());
    awaitNoThreadsNamed("l19-worker-");

    FaultInjection.reset();
    assertEquals(19, valueOf(boc.when(c, x -> x.get())).intValue(), "c was left queued");
    assertTrue(boc.isRunning());
    assertEquals(2, boc.workerCount());
  }

  // --- L20 ----------------------------------------------------------------------------------

  @Test
  void l20_aWhenFromAnotherThreadDuringQuiesceIsWaitedFor() throws Exception {
    newBoc(2);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicBoolean lateFinished = new AtomicBoolean();
    CompletableFuture<Void> scheduler = new CompletableFuture<>();
    Thread quiescer = Thread.currentThread();
    try {
      boc.run(Cown.of(0), x -> awaitLatch(gate)); // keeps the runtime busy
      Thread other = new Thread(() -> {
        try {
          awaitWaiting(quiescer);
          // Scheduled while the blocked body is still in flight, so before quiescence.
          boc.run(Cown.of(1), x -> {
            spinMicros(20_000);
            lateFinished.set(true);
          });
          gate.countDown();
          scheduler.complete(null);
        } catch (Throwable t) {
          scheduler.completeExceptionally(t);
        }
      });
      other.setDaemon(true);
      other.start();
      boc.quiesce(WAIT);
      assertTrue(lateFinished.get(), "quiesce returned before a behaviour scheduled meanwhile ran");
      scheduler.get(WAIT.toSeconds(), SECONDS);
    } finally {
      gate.countDown();
    }
  }

  // --- L21 ----------------------------------------------------------------------------------

  @Test
  void l21_afterWaitAllTheInFlightCountIsZero() throws Exception {
    newBoc(2);
    List<Cown<Integer>> cs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      cs.add(Cown.of(0));
    }
    for (int i = 0; i < 256; i++) {
      boc.run(cs.get(i % 8), x -> x.set(x.get() + 1));
    }
    boc.quiesce(WAIT);
    assertEquals(0, boc.stats().inFlight());
    BocStats t = boc.stats();
    assertEquals(0, t.inFlight());
    assertEquals(256, t.scheduled());
    assertEquals(256, t.completed());
    boc.waitAll(WAIT);
    assertEquals(0, boc.stats().inFlight());
    BocStats after = boc.stats();
    assertEquals(0, after.inFlight());
    assertEquals(256, after.scheduled(), "lifetime counters survive teardown (S11)");
    assertEquals(256, after.completed(), "lifetime counters survive teardown (S11)");
  }

  // --- L22 ----------------------------------------------------------------------------------

  @Test
  void l22_closeWaitsForBehavioursThatFinishWithinTheShutdownTimeout() throws Exception {
    boc = Boc.builder().workers(2).shutdownTimeout(WAIT).build();
    Cown<Integer> c = Cown.of(0);
    AtomicInteger done = new AtomicInteger();
    boc.run(c, x -> chain(c, 499, done));
    List<ResultCown<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      results.add(boc.when(Cown.of(i), x -> {
        spinMicros(100);
        return x.get();
      }));
    }
    boc.close();
    assertEquals(500, done.get(), "close() returned before the work ended");
    for (int i = 0; i < 100; i++) {
      assertEquals(i, valueOf(results.get(i)).intValue(), "a behaviour was dropped");
    }
  }

  @Test
  void l22_closeNeverHangsOnABodyThatOutlivesTheShutdownTimeout() throws Exception {
    boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofMillis(100)).build();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try {
      boc.run(Cown.of(0), x -> {
        started.countDown();
        awaitLatch(gate);
      });
      awaitLatch(started);
      CompletableFuture<Void> closed = CompletableFuture.runAsync(boc::close);
      closed.get(WAIT.toSeconds(), SECONDS);
      assertTrue(boc.isClosed());
      assertFalse(boc.isRunning());
    } finally {
      gate.countDown();
    }
  }

  // --- L23 ----------------------------------------------------------------------------------

  @Test
  void l23_closeIsIdempotentAndAfterwardsTheRuntimeRefusesWork() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    valueOf(boc.when(c, x -> x.get()));
    boc.close();
    boc.close();
    assertTrue(boc.isClosed());
    assertFalse(boc.isRunning());

    Map<String, Function<Boc, Object>> calls = new HashMap<>();
    calls.put("when", b -> b.when(c, x -> x.get()));
    calls.put("when0", b -> b.when(() -> 1));
    calls.put("whenAll", b -> b.whenAll(List.of(c), d -> 1));
    calls.put("run", b -> {
      b.run(c, x -> {});
      return null;
    });
    calls.put("runAll", b -> {
      b.runAll(List.of(c), d -> {});
      return null;
    });
    calls.put("start", Boc::start);
    calls.put("start(n)", b -> b.start(2));
    calls.put("acquire", b -> b.acquire(c));
    calls.put("pump", b -> b.mainThread().pump());
    calls.put("noticeboard.write", b -> {
      b.noticeboard().write("l23", 1);
      return null;
    });
    for (Map.Entry<String, Function<Boc, Object>> call : calls.entrySet()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> call.getValue().apply(boc), call.getKey() + " after close");
      assertTrue(e.getMessage().contains("closed"), call.getKey() + ": " + e.getMessage());
    }
    assertFalse(boc.isRunning(), "a refused call started the runtime");
  }

  @Test
  void l23_concurrentClosesAllReturn() throws Exception {
    newBoc(2);
    valueOf(boc.when(() -> 1));
    List<CompletableFuture<Void>> closes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      closes.add(CompletableFuture.runAsync(boc::close));
    }
    boc.close();
    for (CompletableFuture<Void> f : closes) {
      f.get(WAIT.toSeconds(), SECONDS);
    }
    assertTrue(boc.isClosed());
  }

  // --- L24 ----------------------------------------------------------------------------------

  @Test
  void l24_negativeTimeoutsAreRejectedAndNullOnlyWhereDocumented() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    Duration negative = Duration.ofMillis(-1);
    assertThrows(IllegalArgumentException.class, () -> boc.quiesce(negative));
    assertThrows(IllegalArgumentException.class, () -> boc.waitAll(negative));
    assertThrows(IllegalArgumentException.class, () -> boc.acquire(c, negative));
    assertThrows(IllegalArgumentException.class, () -> Boc.builder().shutdownTimeout(negative));
    assertThrows(NullPointerException.class, () -> boc.quiesce(null));
    assertThrows(NullPointerException.class, () -> boc.waitAll(null));
    assertThrows(NullPointerException.class, () -> Boc.builder().shutdownTimeout(null));
    // acquire documents null as "forever".
    try (Held<Integer> h = boc.acquire(c, null)) {
      assertEquals(0, h.get());
    }
  }

  @Test
  void l24_zeroChecksOnceWithoutWaiting() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    assertEmptyOrStats(boc.quiesce(Duration.ZERO));
    CountDownLatch gate = new CountDownLatch(1);
    try {
      boc.run(c, x -> awaitLatch(gate));
      assertThrows(TimeoutException.class, () -> boc.quiesce(Duration.ZERO));
      assertThrows(TimeoutException.class, () -> boc.waitAll(Duration.ZERO));
      assertThrows(TimeoutException.class, () -> boc.acquire(c, Duration.ZERO));
      try (Held<Integer> free = boc.acquire(Cown.of(5), Duration.ZERO)) {
        assertEquals(5, free.get());
      }
    } finally {
      gate.countDown();
    }
    // The timed-out take passed c on: later behaviours on it still run.
    assertEquals(0, valueOf(boc.when(c, x -> x.get())).intValue());
    boc.waitAll(WAIT);
  }

  private static void assertEmptyOrStats(WaitResult r) {
    assertNotNull(r.stats());
    assertNotNull(r.noticeboard());
  }

  @Test
  void l24_aDurationTooLongForNanosecondsWaitsForeverWithoutOverflow() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    List<Duration> huge = List.of(
        Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
        ChronoUnit.FOREVER.getDuration(),
        Duration.ofDays(365L * 300));
    for (Duration d : huge) {
      CountDownLatch gate = new CountDownLatch(1);
      try {
        ResultCown<Integer> blocked = boc.when(c, x -> {
          awaitLatch(gate);
          return 1;
        });
        openWhenWaiting(Thread.currentThread(), gate);
        boc.quiesce(d); // an overflowed deadline would throw TimeoutException at once
        assertEquals(1, valueOf(blocked).intValue());

        CountDownLatch gate2 = new CountDownLatch(1);
        boc.run(c, x -> awaitLatch(gate2));
        openWhenWaiting(Thread.currentThread(), gate2);
        try (Held<Integer> h = boc.acquire(c, d)) {
          assertEquals(0, h.get());
        }
      } finally {
        gate.countDown();
      }
    }
    boc.waitAll(ChronoUnit.FOREVER.getDuration());
    assertFalse(boc.isRunning());
  }

  /** Opens {@code gate} from another thread once {@code waiter} is blocked (parked or waiting). */
  private static void openWhenWaiting(Thread waiter, CountDownLatch gate) {
    Thread opener = new Thread(() -> {
      awaitWaiting(waiter);
      gate.countDown();
    });
    opener.setDaemon(true);
    opener.start();
  }

  /** Returns once {@code waiter} is blocked (parked or waiting), or after {@link #WAIT}. */
  private static void awaitWaiting(Thread waiter) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.State s = waiter.getState();
      if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  // --- support ------------------------------------------------------------------------------

  private static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .collect(Collectors.toList());
  }

  private static void awaitNoThreadsNamed(String prefix) throws InterruptedException {
    for (Thread t : threadsNamed(prefix)) {
      t.join(WAIT.toMillis());
      assertFalse(t.isAlive(), t + " of a failed start is still running");
    }
  }
}
