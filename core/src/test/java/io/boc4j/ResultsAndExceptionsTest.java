package io.boc4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC section 2 (results, exceptions, completion) and section 4 (the shutdown drop): CONTRACT.md
 * area R, R01–R12. R13–R15 belong to the Reactor bridge; R16 (a blocking read) is optional and has no
 * API in core.
 */
@Timeout(value = 30, unit = SECONDS)
@SuppressWarnings("try") // a LogCapture may only keep expected failures off the console
class ResultsAndExceptionsTest extends BocTestSupport {

  /** What a dropped behaviour's exception must say (R09). */
  private static final String DROPPED = "dropped at shutdown";

  /** An Error of the test's own, so that nothing else could have thrown it. */
  static final class TestError extends Error {
    TestError(String message) {
      super(message);
    }
  }

  // --- R01 ----------------------------------------------------------------------------------

  @Test
  void r01_aThrowingBodyStoresTheVeryExceptionOnItsResultCown() throws Exception {
    newBoc(2);
    IOException checked = new IOException("checked boom");
    IllegalArgumentException unchecked = new IllegalArgumentException("unchecked boom");
    ResultCown<Integer> r1 = boc.when(() -> {
      throw checked;
    });
    ResultCown<Integer> r2 = boc.when(Cown.of(1), x -> {
      throw unchecked;
    });
    // A behaviour on the failed result cown sees it as a holder.
    ResultCown<Throwable> seenByHolder = boc.when(r1, r -> r.isException() ? r.exception() : null);
    assertSame(checked, valueOf(seenByHolder));

    boc.quiesce(WAIT); // does not throw because bodies threw
    for (ResultCown<Integer> r : List.of(r1, r2)) {
      try (Held<Integer> h = boc.acquire(r)) {
        assertTrue(h.cown().isException());
        assertNull(h.get());
      }
    }
    try (Held<Integer> h = boc.acquire(r1)) {
      assertSame(checked, h.cown().exception());
      assertEquals("checked boom", h.cown().exception().getMessage());
    }
    try (Held<Integer> h = boc.acquire(r2)) {
      assertSame(unchecked, h.cown().exception());
      assertEquals("unchecked boom", h.cown().exception().getMessage());
    }
    boc.waitAll(WAIT); // nor does waitAll
  }

  // --- R02 ----------------------------------------------------------------------------------

  @Test
  void r02_aReturnedThrowableIsAPlainValue() throws Exception {
    newBoc(2);
    IOException returned = new IOException("returned, not thrown");
    try (LogCapture logs = new LogCapture()) {
      ResultCown<IOException> r = boc.when(() -> returned);
      assertSame(returned, valueOf(r));
      boc.quiesce(WAIT);
      try (Held<IOException> h = boc.acquire(r)) {
        assertFalse(h.cown().isException());
        assertNull(h.cown().exception());
        assertSame(returned, h.get());
      }
      assertEquals(0, boc.stats().failed());
      assertTrue(logs.records.stream().noneMatch(rec -> rec.getThrown() == returned),
          "a returned Throwable was reported: " + logs.records);
    }
  }

  // --- R03 ----------------------------------------------------------------------------------

  @Test
  void r03_setClearsTheExceptionAndAHolderMaySetAndClearItByHand() throws Exception {
    newBoc(2);
    IllegalStateException boom = new IllegalStateException("boom");
    ResultCown<Integer> r = boc.when(() -> {
      throw boom;
    });
    ResultCown<List<Object>> cleared = boc.when(r, x -> {
      List<Object> seen = new ArrayList<>();
      seen.add(x.isException());
      x.set(5);
      seen.add(x.isException());
      seen.add(x.exception());
      seen.add(x.get());
      return seen;
    });
    assertEquals(java.util.Arrays.asList(true, false, null, 5), valueOf(cleared));

    RuntimeException byHand = new RuntimeException("by hand");
    boc.quiesce(WAIT);
    try (Held<Integer> h = boc.acquire(r)) {
      Cown<Integer> c = h.cown();
      c.setException(byHand);
      assertTrue(c.isException());
      assertSame(byHand, c.exception());
      assertEquals(5, c.get(), "setException leaves the value unchanged");
      c.setException(null);
      assertFalse(c.isException());
      assertNull(c.exception());
      c.setException(byHand);
    }
    // The mark persists for the next holder, and set(v) clears it.
    ResultCown<Boolean> later = boc.when(r, x -> {
      boolean marked = x.isException() && x.exception() == byHand;
      x.set(6);
      return marked && !x.isException();
    });
    assertTrue(valueOf(later));
    // An ordinary cown can be marked too.
    Cown<String> plain = Cown.of("v");
    ResultCown<Boolean> plainMarked = boc.when(plain, x -> {
      x.setException(byHand);
      boolean marked = x.isException();
      x.set("w");
      return marked && !x.isException();
    });
    assertTrue(valueOf(plainMarked));
  }

  // --- R04 ----------------------------------------------------------------------------------

  @Test
  void r04_aBehaviourOnAFailedResultCownStillRunsAndSeesTheException() throws Exception {
    newBoc(2);
    UnsupportedOperationException boom = new UnsupportedOperationException("r04");
    ResultCown<Integer> failed = boc.when(() -> {
      throw boom;
    });
    AtomicBoolean ran = new AtomicBoolean();
    ResultCown<Throwable> follower = boc.when(failed, Cown.of(0), (f, other) -> {
      ran.set(true);
      assertTrue(f.isException());
      return f.exception();
    });
    assertSame(boom, valueOf(follower));
    assertTrue(ran.get());
  }

  // --- R05 ----------------------------------------------------------------------------------

  @Test
  void r05_anErrorReleasesTheCownsIsStoredAndIsLogged() throws Exception {
    newBoc(2);
    TestError error = new TestError("r05 error");
    Cown<String> c = Cown.of("start");
    try (LogCapture logs = new LogCapture()) {
      ResultCown<String> failing = boc.when(c, x -> {
        throw error;
      });
      ResultCown<String> followOn = boc.when(c, x -> "ok");
      assertEquals("ok", valueOf(followOn));
      assertSame(error, failureOf(failing));
      boc.quiesce(WAIT);
      try (Held<String> h = boc.acquire(failing)) {
        assertSame(error, h.cown().exception());
      }
      assertTrue(logs.records.stream().anyMatch(
              rec -> rec.getThrown() == error && rec.getLevel().intValue() >= Level.WARNING.intValue()),
          "the Error was not logged: " + logs.records);
    }
    assertEquals("still running", valueOf(boc.when(c, x -> "still running")));
  }

  // --- R06 ----------------------------------------------------------------------------------

  @Test
  void r06_throwingBodiesNeverStrandQuiesceOrWaitAll() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < 100; i++) {
        boc.when(c, x -> {
          throw new IllegalStateException("r06 when");
        });
        boc.run(Cown.of(i), x -> {
          throw new IOException("r06 run");
        });
      }
      boc.quiesce(WAIT);
      assertEquals(0, boc.stats().inFlight());
      assertEquals(0, boc.stats().inFlight());
      boc.waitAll(WAIT);
      assertEquals(0, boc.stats().inFlight());
    }
  }

  // --- R07 ----------------------------------------------------------------------------------

  @Test
  void r07_throwingBodiesNeverTakeAWorkerOutOfRotation() throws Exception {
    newBoc(2);
    try (LogCapture logs = new LogCapture()) {
      List<Cown<Integer>> cs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        cs.add(Cown.of(0));
      }
      for (int i = 0; i < 200; i++) {
        if (i % 10 == 0) {
          boc.when(cs.get(i % 8), x -> {
            throw new TestError("r07 error");
          });
        } else {
          boc.when(cs.get(i % 8), x -> {
            throw new IllegalArgumentException("r07");
          });
        }
      }
      List<ResultCown<Integer>> followUps = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int me = i;
        followUps.add(boc.when(cs.get(i % 8), x -> me));
      }
      for (int i = 0; i < 50; i++) {
        assertEquals(i, valueOf(followUps.get(i)).intValue());
      }
      // Both workers are still in rotation: two bodies that wait for each other both finish.
      CyclicBarrier meet = new CyclicBarrier(2);
      ResultCown<Integer> p = boc.when(Cown.of(1), x -> meet.await(WAIT.toSeconds(), SECONDS));
      ResultCown<Integer> q = boc.when(Cown.of(2), x -> meet.await(WAIT.toSeconds(), SECONDS));
      valueOf(p);
      valueOf(q);
    }
  }

  // --- R08 ----------------------------------------------------------------------------------

  @Test
  void r08_eachBodyExceptionIsCountedAsFailedExactlyOnce() throws Exception {
    newBoc(2).start();
    boc.quiesce(WAIT);
    long failedBefore = boc.stats().failed();
    int failures = 0;
    int successes = 0;
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < 10; i++) {
        Cown<Integer> c = Cown.of(i);
        boc.when(c, x -> {
          throw new IllegalStateException("r08 unchecked");
        });
        boc.when(c, x -> {
          throw new IOException("r08 checked");
        });
        boc.run(c, x -> {
          throw new IllegalArgumentException("r08 run");
        });
        boc.when(c, x -> x.get());
        boc.run(c, x -> x.set(x.get() + 1));
        failures += 3;
        successes += 2;
      }
      for (int i = 0; i < 5; i++) {
        boc.when(() -> {
          throw new TestError("r08 error");
        });
        failures++;
      }
      boc.quiesce(WAIT);
    }
    BocStats t = boc.stats();
    assertEquals(failures, t.failed() - failedBefore);
    assertEquals(t.scheduled(), t.completed());
    assertTrue(t.completed() >= failures + successes);
    assertTrue(boc.isRunning());
    assertEquals(1, valueOf(boc.when(() -> 1)).intValue(), "the runtime keeps running");
  }

  // --- R09 ----------------------------------------------------------------------------------

  @Test
  void r09_behavioursQueuedBehindATakenCownAreDroppedAtShutdown() throws Exception {
    boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofMillis(200)).build();
    Cown<Integer> c = Cown.of(0);
    Cown<Integer> d = Cown.of(0);
    AtomicInteger ran = new AtomicInteger();
    Held<Integer> held = boc.acquire(c);
    List<ResultCown<Integer>> queued = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < 8; i++) {
        queued.add(boc.when(c, x -> ran.incrementAndGet()));
      }
      queued.add(boc.when(c, d, (x, y) -> ran.incrementAndGet()));
      boc.run(c, x -> ran.incrementAndGet());

      Closer closer = Closer.start(boc);
      boolean closedWhileHeld = closer.awaitDone(WAIT);
      held.close();
      for (ResultCown<Integer> r : queued) {
        assertDropped(failureOf(r));
      }
      assertTrue(closer.awaitDone(WAIT), "close() did not return");
      closer.assertNoFailure();
      assertTrue(closedWhileHeld, "close() waited for a synchronously taken cown instead of dropping");
    } finally {
      held.close();
    }
    assertEquals(0, ran.get(), "a dropped behaviour ran");
    assertDroppedOutcomeAndReleased(queued, List.of(c, d));
  }

  @Test
  void r09_readyBehavioursQueuedBehindARunningBodyAreDroppedAtShutdown() throws Exception {
    boc = Boc.builder().workers(1).shutdownTimeout(Duration.ofMillis(200)).build();
    CountDownLatch gate = new CountDownLatch(1);
    Cown<Integer> busy = Cown.of(0);
    Cown<Integer> y = Cown.of(0);
    Cown<Integer> z = Cown.of(0);
    AtomicInteger ran = new AtomicInteger();
    List<ResultCown<Integer>> queued = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    try {
      boc.run(busy, x -> {
        started.countDown();
        awaitLatch(gate); // the only worker is busy: everything below stays queued
      });
      awaitLatch(started);
      for (int i = 0; i < 4; i++) {
        queued.add(boc.when(y, x -> ran.incrementAndGet())); // a chain: successors wait on y
        queued.add(boc.when(Cown.of(i), x -> ran.incrementAndGet())); // ready at once
      }
      queued.add(boc.when(y, z, (a, b) -> ran.incrementAndGet()));

      Closer closer = Closer.start(boc);
      assertTrue(closer.awaitDone(WAIT), "close() hung on a running body");
      closer.assertNoFailure();
      gate.countDown();
      for (ResultCown<Integer> r : queued) {
        assertDropped(failureOf(r));
      }
    } finally {
      gate.countDown();
    }
    assertEquals(0, ran.get(), "a dropped behaviour ran");
    assertDroppedOutcomeAndReleased(queued, List.of(busy, y, z));
  }

  // --- R10 ----------------------------------------------------------------------------------

  @Test
  void r10_theShutdownDropFinishesWhenHandlingADroppedBehaviourThrows() throws Exception {
    boc = Boc.builder().workers(1).shutdownTimeout(Duration.ofMillis(200)).build();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<ResultCown<Integer>> queued = new ArrayList<>();
    List<Cown<Integer>> cowns = new ArrayList<>();
    // Dropping a fire-and-forget behaviour logs its failure; this sink throws while handling it.
    List<TestError> thrownBySink = new CopyOnWriteArrayList<>();
    try (LogCapture logs = new LogCapture(rec -> {
      if (rec.getThrown() != null && String.valueOf(rec.getThrown().getMessage()).contains(DROPPED)) {
        TestError e = new TestError("sink failure " + thrownBySink.size());
        thrownBySink.add(e);
        throw e;
      }
    })) {
      boc.run(Cown.of(0), x -> {
        started.countDown();
        awaitLatch(gate);
      });
      awaitLatch(started);
      for (int i = 0; i < 3; i++) {
        Cown<Integer> c = Cown.of(i);
        cowns.add(c);
        boc.run(c, x -> x.set(-1)); // handling its drop throws
        queued.add(boc.when(c, x -> x.get())); // must still be dropped and released
      }
      Closer closer = Closer.start(boc);
      boolean returned = closer.awaitDone(WAIT);
      gate.countDown();
      for (ResultCown<Integer> r : queued) {
        assertDropped(failureOf(r));
      }
      assertTrue(returned, "close() hung");
      assertEquals(3, thrownBySink.size(), "every dropped fire-and-forget behaviour was handled");
      Throwable thrown = closer.failure();
      assertSame(thrownBySink.get(0), thrown, "close() rethrows the first failure");
      Set<Throwable> suppressed = new HashSet<>(List.of(thrown.getSuppressed()));
      assertEquals(new HashSet<>(thrownBySink.subList(1, 3)), suppressed);
    } finally {
      gate.countDown();
    }
    assertDroppedOutcomeAndReleased(queued, cowns);
  }

  // --- R11 ----------------------------------------------------------------------------------

  @Test
  void r11_theCompletionStageCompletesWithTheValueAfterTheCownsAreReleased() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(20);
    ResultCown<Integer> r = boc.when(c, x -> x.get() + 1);
    CompletableFuture<Integer> early = r.toCompletionStage().toCompletableFuture();
    assertEquals(21, early.get(WAIT.toSeconds(), SECONDS).intValue());
    // Both cowns were released before the stage completed: a zero-wait take succeeds at once.
    try (Held<Integer> h = boc.acquire(c, Duration.ZERO)) {
      assertEquals(20, h.get());
    }
    try (Held<Integer> h = boc.acquire(r, Duration.ZERO)) {
      assertEquals(21, h.get());
    }
    // A stage asked for after completion completes too; each call gives a new stage.
    CompletableFuture<Integer> late = r.toCompletionStage().toCompletableFuture();
    assertEquals(21, late.get(WAIT.toSeconds(), SECONDS).intValue());
    assertNotSame(early, late);
  }

  @Test
  void r11_theCompletionStageCompletesExceptionallyWithTheBodysVeryException() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(1);
    IOException boom = new IOException("r11");
    ResultCown<Integer> r = boc.when(c, x -> {
      throw boom;
    });
    CompletableFuture<Throwable> raw = r.toCompletionStage()
        .handle((v, t) -> t)
        .toCompletableFuture();
    assertSame(boom, raw.get(WAIT.toSeconds(), SECONDS), "the stage carries the exception itself");
    try (Held<Integer> h = boc.acquire(c, Duration.ZERO)) {
      assertEquals(1, h.get(), "the cown was released before the stage completed");
    }
    assertSame(boom, failureOf(r));
  }

  // --- R12 ----------------------------------------------------------------------------------

  @Test
  void r12_completingOrCancellingTheStageChangesNeitherTheResultNorTheBehaviour() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    CountDownLatch gate = new CountDownLatch(1);
    try {
      ResultCown<Integer> r = boc.when(c, x -> {
        awaitLatch(gate); // would throw if cancel(true) interrupted the body
        x.set(1);
        return 42;
      });
      CompletableFuture<Integer> cancelled = r.toCompletionStage().toCompletableFuture();
      CompletableFuture<Integer> completed = r.toCompletionStage().toCompletableFuture();
      CompletableFuture<Integer> failed = r.toCompletionStage().toCompletableFuture();
      assertTrue(cancelled.cancel(true));
      assertTrue(completed.complete(99));
      assertTrue(failed.completeExceptionally(new RuntimeException("outside")));
      gate.countDown();

      assertEquals(42, valueOf(r).intValue());
      boc.quiesce(WAIT);
      try (Held<Integer> h = boc.acquire(r)) {
        assertFalse(h.cown().isException());
        assertEquals(42, h.get());
      }
      assertEquals(1, read(c), "the behaviour ran to the end");
      assertEquals(99, completed.get().intValue(), "an outside completion stays on its own stage");
      assertEquals(0, boc.stats().failed());

      // After completion too.
      r.toCompletionStage().toCompletableFuture().cancel(true);
      r.toCompletionStage().toCompletableFuture().obtrudeValue(-1);
      assertEquals(42, valueOf(r).intValue());
    } finally {
      gate.countDown();
    }
  }

  // --- support ------------------------------------------------------------------------------

  private static void assertDropped(Throwable t) {
    assertInstanceOf(IllegalStateException.class, t);
    assertTrue(t.getMessage() != null && t.getMessage().contains(DROPPED),
        "the message should say the behaviour was dropped at shutdown: " + t.getMessage());
  }

  /**
   * The dropped behaviours' result cowns carry the drop exception, and every cown involved was
   * released: cowns are not tied to a runtime, so another runtime can take each at once.
   */
  private static void assertDroppedOutcomeAndReleased(
      List<ResultCown<Integer>> dropped, List<Cown<Integer>> cowns) throws Exception {
    try (Boc other = Boc.builder().workers(1).build()) {
      for (ResultCown<Integer> r : dropped) {
        try (Held<Integer> h = other.acquire(r, WAIT)) {
          assertTrue(h.cown().isException());
          assertDropped(h.cown().exception());
        }
      }
      for (Cown<Integer> c : cowns) {
        other.acquire(c, WAIT).close();
      }
    }
  }

  /** Runs {@code close()} on another thread. */
  private static final class Closer {
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    static Closer start(Boc boc) {
      Closer closer = new Closer();
      Thread t = new Thread(() -> {
        try {
          boc.close();
          closer.done.complete(null);
        } catch (Throwable e) {
          closer.done.completeExceptionally(e);
        }
      }, "closer");
      t.setDaemon(true);
      t.start();
      return closer;
    }

    /** Whether close() returned (or threw) within {@code timeout}. */
    boolean awaitDone(Duration timeout) throws InterruptedException {
      try {
        done.get(timeout.toMillis(), MILLISECONDS);
      } catch (ExecutionException e) {
        // finished by throwing
      } catch (TimeoutException e) {
        return false;
      }
      return true;
    }

    Throwable failure() {
      assertTrue(done.isDone());
      return done.handle((v, t) -> t).join();
    }

    void assertNoFailure() {
      Throwable t = failure();
      if (t != null) {
        fail("close() threw", t);
      }
    }
  }
}
