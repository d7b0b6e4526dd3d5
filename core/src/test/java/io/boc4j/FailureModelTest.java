package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failure model (README, "Failure model"): what happens when a body throws an {@code Error} the
 * VM raises ({@code OutOfMemoryError}, a real {@code StackOverflowError}), when workers are
 * interrupted, and when user callbacks throw. Each test states the defined outcome and checks it by
 * invariants: the failure lands on the result cown, the worker survives and runs later behaviours,
 * quiescence is reached, and the counters add up. The interrupt policy's basic cases are in {@link
 * InterruptAndCloseTest}; these extend it.
 */
@Timeout(60)
class FailureModelTest extends BocTestSupport {

  // --- Errors in bodies -------------------------------------------------------------------------

  @Test
  void r05_r07_r08_anOutOfMemoryErrorThrownInABody_landsOnItsResult_andTheWorkerGoesOn()
      throws Exception {
    newBoc(1);
    List<Throwable> unobserved = new CopyOnWriteArrayList<>();
    boc.addListener(new BocListener() {
      @Override
      public void onUnobservedFailure(Throwable failure) {
        unobserved.add(failure);
      }
    });
    BocStats before = boc.stats();
    Cown<Integer> c = Cown.of(0);
    OutOfMemoryError oom = new OutOfMemoryError("thrown by the test; the heap is fine");
    OutOfMemoryError oomFireAndForget = new OutOfMemoryError("fire-and-forget, thrown by the test");
    AtomicReference<Thread> failedOn = new AtomicReference<>();
    try (LogCapture log = new LogCapture()) {
      ResultCown<Integer> r = boc.when(c, x -> {
        x.set(x.get() + 1); // a write before the throw stays: there is no rollback
        failedOn.set(Thread.currentThread());
        throw oom;
      });
      boc.run(c, x -> {
        throw oomFireAndForget;
      });
      List<ResultCown<Thread>> later = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        later.add(boc.when(c, x -> {
          x.set(x.get() + 1);
          return Thread.currentThread();
        }));
      }
      boc.quiesce(WAIT);

      assertSame(oom, failureOf(r), "the very Error, on the result cown");
      assertSame(oom, assertThrows(OutOfMemoryError.class, r::unwrap));
      for (ResultCown<Thread> l : later) {
        assertSame(failedOn.get(), l.unwrap(), "the same worker ran everything after it");
      }
      assertTrue(failedOn.get().isAlive());
      assertEquals(List.of(oomFireAndForget), unobserved);
      assertTrue(logged(log, Level.SEVERE, oom), "an Error on a result cown is logged at ERROR");
      assertTrue(logged(log, Level.SEVERE, oomFireAndForget), "so is a fire-and-forget one");
    }
    BocStats after = boc.stats();
    assertEquals(102, after.scheduled() - before.scheduled());
    assertEquals(102, after.completed() - before.completed());
    assertEquals(2, after.failed() - before.failed(), "each failure counted once");
    assertEquals(0, after.inFlight());
    assertEquals(101, read(c));
    assertEquals(7, valueOf(boc.when(() -> 7)), "and the runtime takes new work");
  }

  /** Recurses until the stack overflows: a real {@link StackOverflowError}, not a thrown one. */
  private static long recurse(long depth) {
    return depth == Long.MAX_VALUE ? depth : recurse(depth + 1) + 1;
  }

  @Test
  void r05_r07_aRealStackOverflowErrorInABody_landsOnItsResult_andTheWorkerGoesOn()
      throws Exception {
    newBoc(1);
    BocStats before = boc.stats();
    Cown<Integer> c = Cown.of(0);
    AtomicReference<Thread> failedOn = new AtomicReference<>();
    ResultCown<Long> r;
    try (LogCapture log = new LogCapture()) {
      r = boc.when(c, x -> {
        failedOn.set(Thread.currentThread());
        return recurse(0);
      });
      ResultCown<Thread> next = boc.when(c, x -> {
        x.set(x.get() + 1);
        return Thread.currentThread();
      });
      ResultCown<Long> deepButFine = boc.when(c, x -> depthOf(2_000));
      boc.quiesce(WAIT);

      Throwable t = failureOf(r);
      assertInstanceOf(StackOverflowError.class, t);
      assertTrue(t.getStackTrace().length > 0);
      assertTrue(log.records.stream().anyMatch(rec -> rec.getThrown() == t),
          "logged as an Error");
      assertSame(failedOn.get(), next.unwrap(), "the same worker, with its stack unwound");
      assertEquals(2_000L, deepButFine.unwrap(), "a later body recurses normally");
    }
    BocStats after = boc.stats();
    assertEquals(3, after.completed() - before.completed());
    assertEquals(1, after.failed() - before.failed());
    assertEquals(1, read(c));
  }

  private static long depthOf(long n) {
    return n == 0 ? 0 : depthOf(n - 1) + 1;
  }

  private static boolean logged(LogCapture log, Level level, Throwable t) {
    for (LogRecord r : log.records) {
      if (r.getThrown() == t && r.getLevel().equals(level)) {
        return true;
      }
    }
    return false;
  }

  // --- interrupts ---------------------------------------------------------------------------------

  @Test
  void anInterruptThatEndsABody_failsOnlyThatBehaviour_theNextStartsWithAClearFlag()
      throws Exception {
    newBoc(1);
    BocStats before = boc.stats();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<Thread> worker = new AtomicReference<>();
    Cown<Integer> c = Cown.of(0);
    ResultCown<Integer> interrupted = boc.when(c, x -> {
      worker.set(Thread.currentThread());
      waiting.countDown();
      new CountDownLatch(1).await(); // never opened: only the interrupt ends it
      return 1;
    });
    ResultCown<Boolean> next = boc.when(c, x -> {
      boolean flagAtStart = Thread.currentThread().isInterrupted();
      // An ordinary timed wait must behave normally after the interrupted body.
      boolean opened = new CountDownLatch(0).await(1, TimeUnit.MILLISECONDS);
      return !flagAtStart && opened;
    });
    awaitLatch(waiting);
    worker.get().interrupt();

    assertInstanceOf(InterruptedException.class, failureOf(interrupted));
    assertTrue(valueOf(next), "the next body started with the flag clear and waits normally");
    boc.quiesce(WAIT);
    BocStats after = boc.stats();
    assertEquals(2, after.completed() - before.completed());
    assertEquals(1, after.failed() - before.failed());
    assertTrue(worker.get().isAlive());
  }

  @Test
  void anInterruptStormOnEveryWorker_losesNoBehaviour_killsNoWorker_andLeaksIntoNoLaterBody()
      throws Exception {
    newBoc(2);
    boc.start();
    Set<Thread> workers = workerThreads(boc.name() + "-worker-");
    assertEquals(2, workers.size(), workers::toString);
    AtomicBoolean storming = new AtomicBoolean(true);
    AtomicInteger interrupts = new AtomicInteger();
    Thread storm = new Thread(() -> {
      while (storming.get()) { // interrupts workers while they run bodies, search, and park
        for (Thread w : workers) {
          w.interrupt();
          interrupts.incrementAndGet();
        }
        Thread.onSpinWait();
      }
    }, "interrupt-storm");
    storm.start();
    BocStats before = boc.stats();
    List<Cown<Integer>> cowns = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      cowns.add(Cown.of(0));
    }
    int n = 50_000;
    Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
    try {
      for (int i = 0; i < n; i++) {
        Cown<Integer> a = cowns.get(i % 16);
        Cown<Integer> b = cowns.get((i * 7 + 3) % 16);
        boc.run(a, b, (x, y) -> {
          x.set(x.get() + 1);
          if (y != x) {
            y.set(y.get() + 1);
          }
          ranOn.add(Thread.currentThread());
        });
      }
      boc.quiesce(WAIT);
    } finally {
      storming.set(false);
      storm.join();
    }
    assertTrue(interrupts.get() > 0);
    BocStats after = boc.stats();
    int total = 0;
    for (Cown<Integer> x : cowns) {
      total += read(x);
    }
    int expected = 0;
    for (int i = 0; i < n; i++) {
      expected += (i % 16) == ((i * 7 + 3) % 16) ? 1 : 2;
    }
    assertEquals(expected, total, "every behaviour ran exactly once");
    assertEquals(n, after.completed() - before.completed());
    assertEquals(0, after.failed() - before.failed());
    assertTrue(workers.containsAll(ranOn), "no worker was replaced");
    for (Thread w : workers) {
      assertTrue(w.isAlive(), w.getName());
    }
    // The storm has ended: whatever flag it left on a worker is discarded before the next body.
    List<ResultCown<Boolean>> flags = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      flags.add(boc.when(cowns.get(i % 16), x -> Thread.currentThread().isInterrupted()));
    }
    boc.quiesce(WAIT);
    for (ResultCown<Boolean> f : flags) {
      assertFalse(f.unwrap(), "a body started with a stale interrupt");
    }
  }

  private static Set<Thread> workerThreads(String prefix) {
    Set<Thread> out = ConcurrentHashMap.newKeySet();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix) && t.isAlive()) {
        out.add(t);
      }
    }
    return out;
  }

  @Test
  void anErrorReportedToAWorkersUncaughtExceptionHandler_isLogged_andTheWorkerGoesOn()
      throws Exception {
    newBoc(1);
    RejectedExecutionException reported = new RejectedExecutionException("rejected elsewhere");
    try (LogCapture log = new LogCapture()) {
      // What Reactor's Schedulers.handleError does on the thread where a scheduler rejected a task.
      ResultCown<Thread> r = boc.when(() -> {
        Thread me = Thread.currentThread();
        me.getUncaughtExceptionHandler().uncaughtException(me, reported);
        return me;
      });
      Thread worker = valueOf(r);
      assertTrue(logged(log, Level.SEVERE, reported), "logged on io.boc4j.runtime, not printed");
      assertSame(worker, valueOf(boc.when(() -> Thread.currentThread())), "the worker goes on");
    }
  }

  // --- user callbacks that throw -------------------------------------------------------------------

  @Test
  void r11_aThrowingCompletionCallback_failsOnlyTheStageItReturned() throws Exception {
    newBoc(1);
    CountDownLatch registered = new CountDownLatch(1);
    ResultCown<Integer> r = boc.when(Cown.of(20), x -> {
      awaitLatch(registered); // so that the callbacks run on the worker, after the body
      return x.get() + 1;
    });
    IllegalStateException bug = new IllegalStateException("callback bug");
    CompletableFuture<Void> throwing =
        r.toCompletionStage().thenAccept(v -> {
          throw bug;
        }).toCompletableFuture();
    CompletableFuture<Integer> other = r.toCompletionStage().thenApply(v -> v * 2)
        .toCompletableFuture();
    registered.countDown();

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> throwing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertSame(bug, e.getCause(), "the callback's exception, in its own stage");
    assertEquals(42, other.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), "other callbacks run");
    boc.quiesce(WAIT);
    assertEquals(21, r.unwrap(), "the result is untouched");
    assertEquals(0, boc.stats().failed(), "a callback's failure is not the behaviour's");
    assertEquals(3, valueOf(boc.when(() -> 3)), "the worker goes on");
  }

  @Test
  void aThrowingObservingCallback_isLogged_andTheOutcomeStillReachesEveryoneElse()
      throws Exception {
    newBoc(1);
    IllegalArgumentException bug = new IllegalArgumentException("observer bug");
    try (LogCapture log = new LogCapture()) {
      ResultCown<Integer> r = boc.observing((v, t) -> {
        throw bug;
      }).when(Cown.of(1), x -> x.get());
      assertEquals(1, valueOf(r));
      boc.quiesce(WAIT);
      assertTrue(log.records.stream().anyMatch(rec -> rec.getThrown() == bug
              && rec.getLevel().equals(Level.WARNING)
              && rec.getMessage().contains("observing(...) callback")),
          "logged, not swallowed");
    }
    assertEquals(0, boc.stats().failed());
    assertEquals(2, valueOf(boc.when(() -> 2)));
  }

  @Test
  void r11_anExecutorThatRejectsTheMovedCallback_failsThatStageWithItsRejection()
      throws Exception {
    newBoc(1);
    RejectedExecutionException no = new RejectedExecutionException("executor shut down");
    Executor rejecting = task -> {
      throw no;
    };
    ResultCown<Integer> r = boc.when(Cown.of(5), x -> x.get());
    CompletableFuture<Integer> moved = r.toCompletionStage(rejecting).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> moved.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertSame(no, e.getCause());
    assertEquals(5, valueOf(r), "the result and its plain stage are untouched");
    boc.quiesce(WAIT);
    assertEquals(0, boc.stats().failed());
  }
}
