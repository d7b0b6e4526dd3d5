package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static io.boc4j.reactor.BridgeTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Message;
import io.boc4j.PinnedCown;
import io.boc4j.ResultCown;
import io.boc4j.WaitResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * SPEC 7, Reactor bridge: no bridge operation blocks a Reactor non-blocking thread (X04). BlockHound
 * is installed ({@link NoBlockingCalls}); every operation here is subscribed on {@link
 * Schedulers#parallel()}, including while the runtime is over its back-pressure limit.
 */
@ExtendWith(NoBlockingCalls.class)
@Timeout(60)
class NonBlockingTest {

  private static final int LIMIT = 4;

  private Boc boc;
  private BocReactor bridge;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void setUp() {
    boc = Boc.builder().workers(2).backPressureLimit(LIMIT).build();
    bridge = BocReactor.of(boc);
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    boc.close();
  }

  /** Holds the runtime at its back-pressure limit with behaviours blocked on {@link #release}. */
  private void holdOverTheLimit() {
    BridgeTestSupport.holdAtLimit(boc, LIMIT, release);
  }

  /** Subscribes on a parallel thread; returns once subscribe() has returned there. */
  private static <T> void subscribeOnParallel(Mono<T> m, List<Object> signals, CountDownLatch done)
      throws InterruptedException {
    CountDownLatch subscribed = new CountDownLatch(1);
    Schedulers.parallel().schedule(() -> {
      m.subscribe(v -> signals.add(v), e -> {
        signals.add(e);
        done.countDown();
      }, done::countDown);
      subscribed.countDown();
    });
    BridgeTestSupport.await(subscribed);
  }

  @Test
  void blockHoundIsInstalledAndCatchesABlockingCallOnAParallelThread() throws Exception {
    CountDownLatch tried = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Schedulers.parallel().schedule(() -> {
      try {
        Thread.sleep(1); // the one deliberate blocking call: proves the harness sees them
      } catch (Throwable t) {
        thrown.set(t);
      }
      tried.countDown();
    });
    BridgeTestSupport.await(tried);
    assertTrue(thrown.get() instanceof BlockingOperationError, "BlockHound is not active");
    assertEquals(1, NoBlockingCalls.takeViolations().size());
  }

  @Test
  void x04_subscribingOnAParallelThreadOverTheLimitWaitsForCapacityWithoutBlocking()
      throws Exception {
    holdOverTheLimit();
    Cown<Integer> counter = Cown.of(0);
    List<Object> signals = new CopyOnWriteArrayList<>();
    int subscribers = 20;
    CountDownLatch done = new CountDownLatch(subscribers);
    for (int i = 0; i < subscribers; i++) {
      subscribeOnParallel(bridge.mono(counter, c -> {
        c.set(c.get() + 1);
        return c.get();
      }), signals, done);
    }
    // Every subscribe() has returned on its parallel thread, and nothing was admitted.
    assertEquals(LIMIT, boc.stats().scheduled(), "a subscription was admitted over the limit");
    assertTrue(signals.isEmpty());

    release.countDown();
    BridgeTestSupport.await(done);
    assertEquals(subscribers, signals.size());
    assertEquals(Integer.valueOf(subscribers), await(boc.when(counter, Cown::get)));
  }

  @Test
  void x04_aPlainWhenOnAReactorThreadOverTheLimitIsRefusedInsteadOfParked() throws Exception {
    holdOverTheLimit();
    AtomicReference<Throwable> refused = new AtomicReference<>();
    CountDownLatch tried = new CountDownLatch(1);
    Schedulers.parallel().schedule(() -> {
      try {
        boc.when(Cown.of(0), x -> null);
      } catch (Throwable t) {
        refused.set(t);
      }
      tried.countDown();
    });
    BridgeTestSupport.await(tried);
    assertTrue(refused.get() instanceof RejectedExecutionException,
        "expected a refusal naming the non-blocking form, got " + refused.get());
  }

  @Test
  void x04_everyBridgeOperationRunsOnAParallelThreadWithoutBlocking() throws Exception {
    Cown<Integer> a = Cown.of(1);
    Cown<Integer> b = Cown.of(2);
    List<Supplier<Mono<?>>> operations = List.of(
        () -> bridge.mono(() -> 0),
        () -> bridge.mono(a, x -> x.get()),
        () -> bridge.mono(a, b, (x, y) -> x.get() + y.get()),
        () -> bridge.mono(a, b, Cown.of(3), (x, y, z) -> z.get()),
        () -> bridge.mono(a, b, Cown.of(3), Cown.of(4), (w, x, y, z) -> z.get()),
        () -> bridge.mono(a, b, Cown.of(3), Cown.of(4), Cown.of(5), (v, w, x, y, z) -> z.get()),
        () -> bridge.monoAll(List.of(a, Cown.group(List.of(b))), all -> all.size()),
        () -> bridge.run(a, x -> x.set(x.get() + 1)),
        () -> bridge.observe(boc.when(b, Cown::get)),
        () -> Flux.range(0, 50).transform(bridge.bounded(i -> bridge.mono(a, x -> i), 8)).count(),
        () -> Flux.range(0, 50).transform(bridge.perKey(i -> b, (i, x) -> i, 8)).count(),
        () -> bridge.send("x04", "hello"),
        () -> bridge.receive("x04").next(),
        () -> bridge.quiesce(WAIT),
        () -> bridge.waitAll(WAIT),
        () -> bridge.mono(a, x -> x.get()) // restarts the runtime after waitAll
    );
    for (Supplier<Mono<?>> op : operations) {
      List<Object> signals = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      subscribeOnParallel(op.get(), signals, done);
      BridgeTestSupport.await(done);
      assertFalse(signals.stream().anyMatch(s -> s instanceof Throwable), "failed: " + signals);
    }
  }

  @Test
  void x04_thePumpDriverStartsAndStopsFromAParallelThreadWithoutBlocking() throws Exception {
    AtomicReference<PumpDriver> driver = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Schedulers.parallel().schedule(() -> {
      driver.set(bridge.pumpDriver(Duration.ofMillis(5)).start());
      started.countDown();
    });
    BridgeTestSupport.await(started);
    PinnedCown<Integer> pinned = PinnedCown.of(0);
    ResultCown<Integer> r = boc.when(pinned, p -> 7);
    assertEquals(Integer.valueOf(7), await(r));

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicInteger results = new AtomicInteger();
    driver.get().results().subscribe(x -> results.incrementAndGet(), e -> { }, stopped::countDown);
    Schedulers.parallel().schedule(() -> driver.get().dispose());
    BridgeTestSupport.await(stopped);
    assertTrue(boc.mainThread().thread().isEmpty(), "dispose did not release the binding");
  }

  @Test
  void x04_receiveWaitsForALaterMessageOnATimerNotAParkedThread() throws Exception {
    List<Object> signals = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    subscribeOnParallel(bridge.receive("late").next(), signals, done);
    assertTrue(signals.isEmpty());
    boc.mailbox().send("late", "hi");
    BridgeTestSupport.await(done);
    assertEquals(1, signals.size());
    assertEquals("hi", ((Message) signals.get(0)).payload());
  }

  @Test
  void x04_lifecycleMonosDoNotBlockTheSubscriberEvenWhileTheyWait() throws Exception {
    holdOverTheLimit();
    List<Object> signals = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    subscribeOnParallel(bridge.quiesce(WAIT), signals, done); // returns while the wait goes on
    assertTrue(signals.isEmpty());
    release.countDown();
    BridgeTestSupport.await(done);
    assertTrue(signals.get(0) instanceof WaitResult);
    StepVerifier.create(bridge.quiesce(Duration.ZERO)).expectNextCount(1).expectComplete()
        .verify(WAIT);
  }
}
