package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static io.boc4j.reactor.BridgeTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Acquirable;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.boc4j.ResultCown;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** SPEC 7, Reactor bridge: the Mono forms of {@code when} and the hot observer (X01, X02, R13, R15). */
@ExtendWith(NoBlockingCalls.class)
@Timeout(30)
class MonoFormsTest extends BridgeTestBase {

  private static Integer increment(Cown<Integer> c) {
    c.set(c.get() + 1);
    return c.get();
  }

  // --- X01: cold ------------------------------------------------------------------------------

  @Test
  void x01_nothingIsScheduledBeforeSubscriptionAndEachSubscriptionSchedulesOneBehaviour() {
    Cown<Integer> c = Cown.of(0);
    AtomicInteger runs = new AtomicInteger();
    Mono<Integer> m = bridge.mono(c, x -> {
      runs.incrementAndGet();
      return increment(x);
    });

    assertEquals(0, boc.stats().scheduled(), "building the Mono scheduled something");
    StepVerifier.create(m).expectNext(1).expectComplete().verify(WAIT);
    StepVerifier.create(m).expectNext(2).expectComplete().verify(WAIT);
    assertEquals(2, runs.get());
    assertEquals(2, boc.stats().scheduled());
  }

  @Test
  void x01_subscriptionWithoutDemandSchedulesNothingUntilItRequests() {
    Cown<Integer> c = Cown.of(0);
    StepVerifier.create(bridge.mono(c, MonoFormsTest::increment), 0)
        .expectSubscription()
        .then(() -> assertEquals(0, boc.stats().scheduled()))
        .thenRequest(1)
        .expectNext(1)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void x01_cacheSharesOneRun() {
    Cown<Integer> c = Cown.of(0);
    AtomicInteger runs = new AtomicInteger();
    Mono<Integer> shared = bridge.mono(c, x -> {
      runs.incrementAndGet();
      return increment(x);
    }).cache();

    StepVerifier.create(shared).expectNext(1).expectComplete().verify(WAIT);
    StepVerifier.create(shared).expectNext(1).expectComplete().verify(WAIT);
    assertEquals(1, runs.get());
  }

  @Test
  void x01_manyConcurrentSubscribersEachScheduleExactlyOneBehaviour() throws Exception {
    int threads = 8;
    int perThread = 100;
    Cown<Integer> counter = Cown.of(0);
    Mono<Integer> next = bridge.mono(counter, MonoFormsTest::increment);
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(threads * perThread);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> subscribers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          next.subscribe(v -> {
            seen.add(v);
            done.countDown();
          });
        }
      });
      th.start();
      subscribers.add(th);
    }
    start.countDown();
    await(done);
    for (Thread th : subscribers) {
      th.join(WAIT.toMillis());
    }
    assertEquals(threads * perThread, seen.size(), "every subscription got its own run");
    assertEquals(Integer.valueOf(threads * perThread), await(boc.when(counter, Cown::get)));
  }

  // --- X02: signals ---------------------------------------------------------------------------

  @Test
  void x02_valueIsEmittedOnTheWorkerThatRanTheBody() {
    Cown<Integer> c = Cown.of(41);
    CountDownLatch subscribed = new CountDownLatch(1);
    AtomicReference<Thread> bodyThread = new AtomicReference<>();
    AtomicReference<Thread> signalThread = new AtomicReference<>();

    Mono<Integer> m = bridge.mono(c, x -> {
      subscribed.await(); // hold the body until the subscription observes it
      bodyThread.set(Thread.currentThread());
      return increment(x);
    });
    StepVerifier.create(m.doOnNext(v -> signalThread.set(Thread.currentThread())))
        .then(subscribed::countDown)
        .expectNext(42)
        .expectComplete()
        .verify(WAIT);
    assertSame(bodyThread.get(), signalThread.get(), "the signal is not on the body's thread");
  }

  @Test
  void x02_signalsComeOnTheBodysThreadHoweverQuicklyTheBodyFinishes() {
    Thread me = Thread.currentThread();
    List<Thread> signalThreads = new CopyOnWriteArrayList<>();
    Cown<Integer> c = Cown.of(0);
    StepVerifier.create(Flux.range(0, 1000)
            .concatMap(i -> bridge.mono(i % 2 == 0 ? c : Cown.of(i), x -> i) // trivial bodies
                .doOnNext(v -> signalThreads.add(Thread.currentThread())))
            .count())
        .expectNext(1000L)
        .expectComplete()
        .verify(WAIT);
    for (Thread t : signalThreads) {
      assertNotSame(me, t, "a signal came on the subscribing thread");
      assertTrue(t.getName().startsWith(boc.name() + "-worker-"), t.getName());
    }
  }

  @Test
  void x02_valueIsEmittedAfterReleaseOnTheMainThreadThatRanAPinnedBody() throws Exception {
    PinnedCown<String> pinned = PinnedCown.of("ui");
    Cown<Integer> c = Cown.of(41);
    CountDownLatch followerStarted = new CountDownLatch(1);
    CountDownLatch signalled = new CountDownLatch(1);
    AtomicReference<Thread> bodyThread = new AtomicReference<>();
    AtomicReference<Thread> signalThread = new AtomicReference<>();
    AtomicBoolean releasedBeforeSignal = new AtomicBoolean();

    bridge.mono(pinned, c, (p, x) -> {
      bodyThread.set(Thread.currentThread());
      return increment(x);
    }).subscribe(v -> {
      signalThread.set(Thread.currentThread());
      // The follower needs c and runs on a worker: it can start only once our behaviour released c.
      try {
        releasedBeforeSignal.set(followerStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      signalled.countDown();
    });
    boc.when(c, x -> {
      followerStarted.countDown();
      return null;
    });
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (signalled.getCount() > 0) { // this thread is the main thread: it runs the pinned body
      assertTrue(System.nanoTime() < deadline, "the pinned behaviour never completed");
      boc.mainThread().pump();
      Thread.onSpinWait();
    }
    assertTrue(releasedBeforeSignal.get(), "the value was emitted before the cowns were released");
    assertSame(Thread.currentThread(), bodyThread.get());
    assertSame(Thread.currentThread(), signalThread.get(), "the signal is not on the main thread");
  }

  @Test
  void x02_nullBodyCompletesEmpty() {
    Cown<String> c = Cown.of("x");
    StepVerifier.create(bridge.mono(c, x -> null)).expectComplete().verify(WAIT);
  }

  @Test
  void x02_voidActionCompletesEmptyAfterItsEffect() throws Exception {
    Cown<Integer> c = Cown.of(1);
    StepVerifier.create(bridge.run(c, x -> x.set(7))).expectComplete().verify(WAIT);
    assertEquals(Integer.valueOf(7), await(boc.when(c, Cown::get)));
  }

  @Test
  void x02_errorIsTheBodysVeryExceptionOnTheBodysThread() {
    Cown<Integer> c = Cown.of(0);
    IOException thrown = new IOException("disk on fire");
    AtomicReference<Thread> bodyThread = new AtomicReference<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    AtomicReference<Thread> signalThread = new AtomicReference<>();

    Mono<Integer> m = bridge.<Cown<Integer>, Integer>mono(c, x -> {
      subscribed.await();
      bodyThread.set(Thread.currentThread());
      throw thrown;
    }).doOnError(e -> signalThread.set(Thread.currentThread()));
    StepVerifier.create(m)
        .then(subscribed::countDown)
        .expectErrorSatisfies(e -> assertSame(thrown, e))
        .verify(WAIT);
    assertSame(bodyThread.get(), signalThread.get());
  }

  @Test
  void x02_publishOnMovesTheSignals() {
    Cown<Integer> c = Cown.of(0);
    StepVerifier.create(bridge.mono(c, MonoFormsTest::increment)
            .publishOn(Schedulers.parallel())
            .map(v -> Schedulers.isInNonBlockingThread()))
        .expectNext(true)
        .expectComplete()
        .verify(WAIT);
  }

  // --- R13: every shape -----------------------------------------------------------------------

  @Test
  void r13_everyArityGroupsAndTheDynamicFormEmitTheirValues() {
    List<Cown<Integer>> cs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      cs.add(Cown.of(i));
    }
    Acquirable<List<Cown<Integer>>> group = Cown.group(cs.subList(5, 10)); // 5+6+7+8+9 = 35
    Cown<Integer> c0 = cs.get(0);
    Cown<Integer> c1 = cs.get(1);
    Cown<Integer> c2 = cs.get(2);
    Cown<Integer> c3 = cs.get(3);
    Cown<Integer> c4 = cs.get(4);

    StepVerifier.create(bridge.mono(() -> "none")).expectNext("none").expectComplete().verify(WAIT);
    StepVerifier.create(bridge.mono(group, MonoFormsTest::sum))
        .expectNext(35).expectComplete().verify(WAIT);
    StepVerifier.create(bridge.mono(c1, group, (a, g) -> a.get() + sum(g)))
        .expectNext(36).expectComplete().verify(WAIT);
    StepVerifier.create(bridge.mono(c1, c2, c3, (a, b, c) -> a.get() + b.get() + c.get()))
        .expectNext(6).expectComplete().verify(WAIT);
    StepVerifier.create(
            bridge.mono(c0, c1, c2, group, (a, b, c, g) -> a.get() + b.get() + c.get() + sum(g)))
        .expectNext(38).expectComplete().verify(WAIT);
    StepVerifier.create(bridge.mono(c0, c1, c2, c3, c4,
            (a, b, c, d, e) -> a.get() + b.get() + c.get() + d.get() + e.get()))
        .expectNext(10).expectComplete().verify(WAIT);
    StepVerifier.create(bridge.monoAll(List.of(c4, group, c4), all -> {
          @SuppressWarnings("unchecked")
          Cown<Integer> first = (Cown<Integer>) all.get(0);
          @SuppressWarnings("unchecked")
          List<Cown<Integer>> g = (List<Cown<Integer>>) all.get(1);
          return first.get() + sum(g) + all.size();
        }))
        .expectNext(4 + 35 + 3).expectComplete().verify(WAIT);
    StepVerifier.create(bridge.monoAll(List.of(), all -> all.size()))
        .expectNext(0).expectComplete().verify(WAIT);
  }

  @Test
  void r13_everyVoidFormCompletesEmptyAfterItsEffect() throws Exception {
    Cown<Integer> a = Cown.of(0);
    Cown<Integer> b = Cown.of(0);
    Cown<Integer> c = Cown.of(0);
    Cown<Integer> d = Cown.of(0);
    Cown<Integer> e = Cown.of(0);
    AtomicInteger none = new AtomicInteger();
    StepVerifier.create(bridge.run(none::incrementAndGet)).expectComplete().verify(WAIT);
    StepVerifier.create(bridge.run(a, b, (x, y) -> x.set(x.get() + 1)))
        .expectComplete().verify(WAIT);
    StepVerifier.create(bridge.run(a, b, c, (x, y, z) -> y.set(y.get() + 1)))
        .expectComplete().verify(WAIT);
    StepVerifier.create(bridge.run(a, b, c, d, (w, x, y, z) -> z.set(z.get() + 1)))
        .expectComplete().verify(WAIT);
    StepVerifier.create(bridge.run(a, b, c, d, e, (v, w, x, y, z) -> z.set(z.get() + 1)))
        .expectComplete().verify(WAIT);
    StepVerifier.create(bridge.runAll(List.of(c), all -> ((Cown<?>) all.get(0)).get()))
        .expectComplete().verify(WAIT);
    assertEquals(1, none.get());
    assertEquals(List.of(1, 1, 0, 1, 1),
        await(boc.whenAll(List.of(a, b, c, d, e), all -> {
          List<Integer> out = new ArrayList<>();
          for (Object o : all) {
            out.add(((Cown<Integer>) cast(o)).get());
          }
          return out;
        })));
  }

  @Test
  void r13_aFailingVoidActionErrorsWithItsException() {
    Cown<Integer> c = Cown.of(0);
    IllegalStateException boom = new IllegalStateException("boom");
    StepVerifier.create(bridge.run(c, x -> {
          throw boom;
        }))
        .expectErrorSatisfies(e -> assertSame(boom, e))
        .verify(WAIT);
  }

  @Test
  void r13_nullArgumentsAreRejectedAtAssembly() {
    Cown<Integer> c = Cown.of(0);
    assertThrows(NullPointerException.class, () -> bridge.mono(null, x -> 1));
    assertThrows(NullPointerException.class, () -> bridge.mono(c, null, (x, y) -> 1));
    assertThrows(NullPointerException.class, () -> bridge.mono(c, (io.boc4j.Body.Of1<Cown<Integer>, Integer>) null));
    assertThrows(NullPointerException.class, () -> bridge.monoAll(null, all -> 1));
    List<Acquirable<?>> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> bridge.monoAll(withNull, all -> 1));
    assertThrows(NullPointerException.class, () -> bridge.observe(null));
    assertEquals(0, boc.stats().scheduled());
  }

  @Test
  void r13_aClosedRuntimeErrorsAtSubscription() {
    Cown<Integer> c = Cown.of(0);
    Mono<Integer> m = bridge.mono(c, MonoFormsTest::increment);
    boc.close();
    StepVerifier.create(m).expectError(IllegalStateException.class).verify(WAIT);
  }

  @Test
  void r13_theDynamicRequestIsCopiedAtAssembly() {
    Cown<Integer> a = Cown.of(1);
    List<Acquirable<?>> request = new ArrayList<>(List.of(a));
    Mono<Integer> m = bridge.monoAll(request, List::size);
    request.add(Cown.of(2));
    StepVerifier.create(m).expectNext(1).expectComplete().verify(WAIT);
  }

  // --- R15: hot -------------------------------------------------------------------------------

  @Test
  void r15_observeEmitsTheScheduledResultToEverySubscriberWithoutSchedulingMore() throws Exception {
    Cown<Integer> c = Cown.of(1);
    CountDownLatch go = new CountDownLatch(1);
    ResultCown<Integer> r = boc.when(c, x -> {
      go.await();
      return increment(x);
    });
    Mono<Integer> hot = bridge.observe(r);
    long scheduled = boc.stats().scheduled();

    StepVerifier.create(hot).then(go::countDown).expectNext(2).expectComplete().verify(WAIT);
    StepVerifier.create(hot).expectNext(2).expectComplete().verify(WAIT); // already done
    assertEquals(scheduled, boc.stats().scheduled());
    assertEquals(Integer.valueOf(2), await(r));
  }

  @Test
  void r15_observeErrorsWithTheBodysVeryExceptionAndCompletesEmptyForNull() {
    Cown<Integer> c = Cown.of(1);
    Exception thrown = new Exception("checked");
    ResultCown<Integer> failed = boc.when(c, x -> {
      throw thrown;
    });
    StepVerifier.create(bridge.observe(failed))
        .expectErrorSatisfies(e -> assertSame(thrown, e))
        .verify(WAIT);
    StepVerifier.create(bridge.observe(boc.when(c, x -> null))).expectComplete().verify(WAIT);
  }

  @Test
  void r15_cancellingAnObserverChangesNothing() throws Exception {
    Cown<Integer> c = Cown.of(1);
    CountDownLatch go = new CountDownLatch(1);
    ResultCown<Integer> r = boc.when(c, x -> {
      go.await();
      return increment(x);
    });
    StepVerifier.create(bridge.observe(r)).thenCancel().verify(WAIT);
    go.countDown();
    assertEquals(Integer.valueOf(2), await(r));
    StepVerifier.create(Flux.merge(bridge.observe(r), bridge.observe(r)))
        .expectNext(2, 2).expectComplete().verify(WAIT);
  }

  private static int sum(List<Cown<Integer>> g) {
    int s = 0;
    for (Cown<Integer> c : g) {
      s += c.get();
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  @Test
  void readOnlyMonosOverOneCownRunTogether_aWriterWaitsForThem() {
    Cown<Integer> shared = Cown.of(7);
    CountDownLatch a = new CountDownLatch(1);
    CountDownLatch b = new CountDownLatch(1);
    Mono<Integer> first = bridge.mono(Cown.read(shared), v -> {
      a.countDown();
      if (!b.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other reader never ran beside this one");
      }
      return v.get();
    });
    Mono<Integer> second = bridge.mono(Cown.read(shared), v -> {
      b.countDown();
      if (!a.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other reader never ran beside this one");
      }
      return v.get();
    });
    Mono<Integer> writer = bridge.mono(shared, w -> {
      w.set(w.get() + 1);
      return w.get();
    });
    StepVerifier.create(Flux.merge(first, second).collectList().zipWith(writer))
        .assertNext(t -> {
          assertEquals(List.of(7, 7), t.getT1(), "both readers saw the value before the write");
          assertEquals(8, t.getT2());
        })
        .expectComplete()
        .verify(java.time.Duration.ofSeconds(20));
  }
}
