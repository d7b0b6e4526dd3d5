package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static io.boc4j.reactor.BridgeTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.BocStats;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The failure model of the bridge (README, "Failure model"): a user's executor that rejects the
 * bridge's work. Whatever rejects, the subscriber gets a {@link RejectedExecutionException} as its
 * error, the behaviour's cowns are released (later behaviours on them run), and nothing hangs:
 * quiescence is reached and the counters add up.
 */
@ExtendWith(NoBlockingCalls.class)
@Timeout(60)
class FailureModelTest extends BridgeTestBase {

  /** A scheduler over an executor that refuses every task, as a shut-down pool does. */
  private static Scheduler rejecting(AtomicInteger refused) {
    return Schedulers.fromExecutor(task -> {
      refused.incrementAndGet();
      throw new RejectedExecutionException("the user's executor is shut down");
    });
  }

  @Test
  void r13_anExecutorThatRejectsTheSignal_theSubscriberGetsTheRejection_theCownsAreReleased()
      throws Exception {
    AtomicInteger refused = new AtomicInteger();
    Cown<Integer> c = Cown.of(0);
    BocStats before = boc.stats();
    Mono<Integer> m = bridge.mono(c, x -> {
      x.set(x.get() + 1);
      return x.get();
    }).publishOn(rejecting(refused)); // the bridge's onNext is handed to that executor

    StepVerifier.create(m).expectError(RejectedExecutionException.class).verify(WAIT);

    assertTrue(refused.get() >= 1);
    assertEquals(Integer.valueOf(1), await(boc.when(c, x -> x.get())),
        "the body ran and its cown was released");
    boc.quiesce(WAIT);
    BocStats after = boc.stats();
    assertEquals(2, after.completed() - before.completed());
    assertEquals(0, after.failed() - before.failed(), "the body did not fail; the delivery did");
  }

  @Test
  void aFluxWhoseDownstreamExecutorStartsRejecting_errorsOnce_andEveryScheduledBehaviourFinishes()
      throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    Scheduler thenRejecting = Schedulers.fromExecutor(task -> {
      if (accepted.incrementAndGet() > 20) { // delivers a few results, then is shut down
        throw new RejectedExecutionException("the user's executor is shut down");
      }
      task.run();
    });
    Cown<Integer> c = Cown.of(0);
    BocStats before = boc.stats();
    Flux<Integer> results = Flux.range(0, 10_000)
        .transform(bridge.bounded(i -> bridge.mono(c, x -> {
          x.set(x.get() + 1);
          return i;
        }), 16))
        .publishOn(thenRejecting);

    StepVerifier.create(results)
        .thenConsumeWhile(i -> true)
        .expectError(RejectedExecutionException.class)
        .verify(WAIT);

    // The error cancels the behaviours in flight: one whose body had not started still takes and
    // releases its cown in its place, its body skipped (counted failed, with a
    // CancellationException); one already running finishes. Nothing is left in flight.
    boc.quiesce(WAIT);
    BocStats after = boc.stats();
    long completed = after.completed() - before.completed();
    long skipped = after.failed() - before.failed();
    assertTrue(completed >= 1 && completed < 10_000, "completed " + completed);
    assertEquals(completed - skipped, (long) read(c), "every body that started ran exactly once");
    assertTrue(skipped <= 16, "only behaviours in flight were cancelled: " + skipped);
    assertEquals(0, after.inFlight());
  }

  @Test
  void aSubscribeOnExecutorThatRejects_errorsTheSubscriber_andSchedulesNothing() {
    AtomicInteger refused = new AtomicInteger();
    long scheduled = boc.stats().scheduled();
    Mono<Integer> m = bridge.mono(Cown.of(1), x -> x.get()).subscribeOn(rejecting(refused));

    StepVerifier.create(m).expectError(RejectedExecutionException.class).verify(WAIT);

    assertEquals(1, refused.get());
    assertEquals(scheduled, boc.stats().scheduled(), "no subscription, so no behaviour");
  }

  /**
   * A user's single-thread executor (a UI toolkit's, say) that refuses tasks once closed and then
   * lets its thread end. Lock-free on the submitting side, so the Reactor timer thread that submits
   * never parks (the tests run under BlockHound).
   */
  static final class ClosableLoop implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    final Thread thread = new Thread(this::loop, "ui-thread");

    ClosableLoop() {
      thread.start();
    }

    @Override
    public void execute(Runnable task) {
      if (closed) {
        throw new RejectedExecutionException("the UI loop is closed");
      }
      tasks.add(task);
      LockSupport.unpark(thread);
    }

    void close() {
      closed = true;
      LockSupport.unpark(thread);
    }

    private void loop() {
      while (!closed) {
        Runnable r = tasks.poll();
        if (r != null) {
          r.run();
        } else {
          LockSupport.park(this); // until the next task or close()
        }
      }
    }
  }

  @Test
  void x06_aPumpDriverWhoseExecutorIsClosed_stopsWithTheRejection_andThePinnedWorkIsNotLost()
      throws Exception {
    ClosableLoop ui = new ClosableLoop();
    PumpDriver driver = bridge.pumpDriver(Duration.ofMillis(5))
        .on(Schedulers.fromExecutor(ui)).start();
    AtomicReference<Throwable> stopped = new AtomicReference<>();
    CountDownLatch ended = new CountDownLatch(1);
    CountDownLatch pumped = new CountDownLatch(1);
    driver.results().subscribe(r -> {
      if (r.executed() > 0) {
        pumped.countDown();
      }
    }, e -> {
      stopped.set(e);
      ended.countDown();
    }, ended::countDown);

    PinnedCown<List<String>> scene = PinnedCown.of(new CopyOnWriteArrayList<>());
    boc.run(scene, s -> s.get().add(Thread.currentThread().getName()));
    BridgeTestSupport.await(pumped); // the driver works: the loop's thread is the main thread
    assertEquals(ui.thread, boc.mainThread().thread().orElseThrow());

    ui.close(); // from now on the executor rejects the driver's next pump
    BridgeTestSupport.await(ended);
    assertInstanceOf(RejectedExecutionException.class, stopped.get(), "a defined error");
    assertTrue(driver.isDisposed());
    ui.thread.join(WAIT.toMillis());

    // The bound thread has ended, so its binding is free: the next waiter pumps what is queued.
    ResultCown<Integer> later = boc.when(scene, s -> {
      s.get().add(Thread.currentThread().getName());
      return s.get().size();
    });
    boc.quiesce(WAIT);
    assertEquals(Integer.valueOf(2), later.unwrap(),
        "pinned work scheduled after the driver stopped still ran");
    assertEquals(List.of("ui-thread", Thread.currentThread().getName()), read(scene));
    assertEquals(Thread.currentThread(), boc.mainThread().thread().orElseThrow());
  }

  private <T> T read(Cown<T> c) {
    try (var h = boc.acquire(c)) {
      return h.get();
    }
  }
}
