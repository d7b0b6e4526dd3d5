package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Scheduling#observing}: an observer registered on each result before the behaviour is
 * enqueued, so it always runs on the thread that ran the body, after release (SPEC 4, "completion
 * callbacks are not bodies"; the seam behind the Reactor bridge's X02).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ObservingTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theObserverRunsOnTheBodysThreadEvenWhenTheBodyIsQuickerThanWhen() throws Exception {
    try (Boc boc = Boc.builder().workers(2).name("observing").build()) {
      int n = 2_000;
      Thread me = Thread.currentThread();
      List<Thread> observers = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(n);
      Scheduling observed = boc.observing((v, t) -> {
        observers.add(Thread.currentThread());
        done.countDown();
      });
      Cown<Integer> c = Cown.of(0);
      for (int i = 0; i < n; i++) {
        observed.when(i % 2 == 0 ? c : Cown.of(i), x -> 1); // trivial bodies race their when
      }
      assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(n, observers.size(), "an observer was called twice or not at all");
      for (Thread t : observers) {
        assertNotSame(me, t, "an observer ran on the scheduling thread");
        assertTrue(t.getName().startsWith("observing-worker-"), t.getName());
      }
    }
  }

  @Test
  void theObserverSeesTheValueOrTheVeryExceptionAfterRelease() throws Exception {
    try (Boc boc = Boc.builder().workers(2).build()) {
      AtomicReference<Object> value = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean doneAtCall = new AtomicBoolean();
      CountDownLatch called = new CountDownLatch(2);
      AtomicReference<ResultCown<Integer>> first = new AtomicReference<>();
      Scheduling observed = boc.observing((v, t) -> {
        if (t == null) {
          value.set(v);
          doneAtCall.set(first.get() == null || first.get().isDone());
        } else {
          failure.set(t);
        }
        called.countDown();
      });
      CountDownLatch go = new CountDownLatch(1);
      first.set(observed.when(Cown.of(41), x -> {
        go.await();
        return x.get() + 1;
      }));
      go.countDown();
      Exception thrown = new Exception("checked");
      observed.when(Cown.of(0), x -> {
        throw thrown;
      });
      assertTrue(called.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(42, value.get());
      assertTrue(doneAtCall.get(), "observed before the behaviour released its cowns");
      assertSame(thrown, failure.get());
    }
  }

  @Test
  void aThrowingObserverIsCalledOnceAndLeavesTheResultAndItsStagesIntact() throws Exception {
    try (Boc boc = Boc.builder().workers(1).build()) {
      AtomicInteger calls = new AtomicInteger();
      Scheduling observed = boc.observing((v, t) -> {
        calls.incrementAndGet();
        throw new IllegalStateException("observer fails on purpose");
      });
      ResultCown<Integer> r = observed.when(Cown.of(20), x -> x.get() + 1);
      // A stage asked for while the behaviour may still run, and one asked for after it completed:
      // both see the value although the observer threw.
      var early = r.toCompletionStage().toCompletableFuture();
      boc.quiesce(WAIT);
      assertEquals(21, early.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(21, r.toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS));
      assertEquals(21, r.unwrap());
      assertEquals(1, calls.get(), "the observer must run exactly once");
      ResultCown<Integer> next = observed.when(r, x -> x.get() * 2); // the runtime goes on
      boc.quiesce(WAIT);
      assertEquals(42, next.unwrap());
      assertEquals(2, calls.get());
    }
  }

  @Test
  void aPinnedBehavioursObserverRunsOnTheMainThread() throws Exception {
    try (Boc boc = Boc.builder().workers(1).build()) {
      PinnedCown<String> pinned = PinnedCown.of("ui");
      AtomicReference<Thread> observer = new AtomicReference<>();
      boc.observing((v, t) -> observer.set(Thread.currentThread())).when(pinned, p -> p.get());
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (observer.get() == null) {
        assertTrue(System.nanoTime() < deadline, "the pinned behaviour never ran");
        boc.mainThread().pump();
      }
      assertSame(Thread.currentThread(), observer.get());
    }
  }

  @Test
  void aRefusedWhenNeverCallsTheObserverAndRunFormsDoNotCallIt() throws Exception {
    try (Boc boc = Boc.builder().workers(2).backPressureLimit(2).build()) {
      CountDownLatch release = new CountDownLatch(1);
      Cown<Integer> held = Cown.of(0);
      for (int i = 0; i < 2; i++) {
        boc.when(held, x -> {
          release.await();
          return null;
        });
      }
      AtomicInteger calls = new AtomicInteger();
      Scheduling observed = boc.nonBlocking().observing((v, t) -> calls.incrementAndGet());
      assertThrows(RejectedExecutionException.class, () -> observed.when(Cown.of(0), x -> 1));
      release.countDown();
      boc.quiesce(WAIT);
      observed.run(Cown.of(0), x -> x.set(1));
      boc.quiesce(WAIT);
      assertEquals(0, calls.get());
      assertThrows(NullPointerException.class, () -> boc.observing(null));
    }
  }
}
