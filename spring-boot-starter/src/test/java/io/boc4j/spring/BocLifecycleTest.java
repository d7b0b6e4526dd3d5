package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Held;
import io.boc4j.PinnedCown;
import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** B04: the runtime starts with the context and stops after in-flight behaviours finish. */
@Timeout(60)
class BocLifecycleTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withPropertyValues("boc4j.workers=2")
      .withConfiguration(AutoConfigurations.of(BocAutoConfiguration.class));

  @Test
  void theRuntimeStartsWithTheContext() {
    runner.run(context -> {
      assertThat(context.getBean(Boc.class).isRunning()).isTrue();
      assertThat(context.getBean(Boc.class).workerCount()).isEqualTo(2);
      assertThat(context.getBean(BocLifecycle.class).isRunning()).isTrue();
    });
  }

  @Test
  void itStopsAfterTheWebServerHasShutDownGracefully() {
    assertThat(BocLifecycle.PHASE)
        .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
        .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
  }

  @Test
  void closingTheContextWaitsForBehavioursInFlight() {
    runner.withPropertyValues("boc4j.shutdown-timeout=30s").run(assertable -> {
      ConfigurableApplicationContext context = assertable.getSourceApplicationContext();
      Boc boc = context.getBean(Boc.class);
      Cown<Integer> account = Cown.of(0);
      List<ResultCown<Integer>> deposits = new ArrayList<>();
      CompletableFuture<Void> closed;
      // This thread holds the cown, so the deposits queue behind it and are in flight when the
      // context starts closing.
      try (Held<Integer> held = boc.acquire(account)) {
        for (int i = 0; i < 100; i++) {
          deposits.add(boc.when(account, a -> {
            a.set(a.get() + 1);
            return a.get();
          }));
        }
        closed = CompletableFuture.runAsync(context::close, runnable -> new Thread(runnable).start());
        // The runtime refuses new work from the moment its close begins, then waits.
        await().atMost(Duration.ofSeconds(10)).until(boc::isClosed);
        assertThat(closed).isNotDone();
      }
      closed.get(30, TimeUnit.SECONDS);
      assertThat(deposits).extracting(ResultCown::unwrap).as("every deposit ran, in order")
          .isEqualTo(IntStream.rangeClosed(1, 100).boxed().toList());
      assertThat(boc.stats().failed()).isZero();
    });
  }

  @Test
  void closingIsBoundedByTheShutdownTimeout() {
    runner.withPropertyValues("boc4j.shutdown-timeout=200ms").run(assertable -> {
      ConfigurableApplicationContext context = assertable.getSourceApplicationContext();
      Boc boc = context.getBean(Boc.class);
      // Pinned work whose main thread never pumps can never start: the close drops it after the
      // timeout. The main thread is bound and alive but busy elsewhere; unbound, the closing thread
      // would bind itself and pump the work.
      CountDownLatch bound = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      Thread busyMainThread = new Thread(() -> {
        boc.mainThread().bind();
        bound.countDown();
        awaitQuietly(done);
      });
      busyMainThread.start();
      try {
        bound.await();
        ResultCown<Integer> stranded = boc.when(PinnedCown.of(1), p -> p.get());
        context.close();
        assertThat(boc.isClosed()).isTrue();
        assertThatThrownBy(stranded::unwrap).hasMessageContaining("dropped at shutdown");
      } finally {
        done.countDown();
      }
    });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void stoppingWithoutClosingTearsDownAndStartingAgainRestarts() {
    runner.run(assertable -> {
      ConfigurableApplicationContext context = assertable.getSourceApplicationContext();
      Boc boc = context.getBean(Boc.class);
      context.stop();
      assertThat(boc.isClosed()).isFalse();
      assertThat(boc.isRunning()).isFalse();
      context.start();
      assertThat(boc.isRunning()).isTrue();
      assertThat(boc.when(Cown.of(41), c -> c.get() + 1).toCompletionStage()
          .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(42);
    });
  }

  @Test
  void aChildContextsCloseDoesNotMakeAStopAClose() {
    runner.run(assertable -> {
      ConfigurableApplicationContext parent = assertable.getSourceApplicationContext();
      try (AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext()) {
        child.setParent(parent);
        child.refresh();
      } // the child's ContextClosedEvent reaches the parent's listeners too
      parent.stop();
      Boc boc = parent.getBean(Boc.class);
      assertThat(boc.isClosed()).isFalse();
      parent.start();
      assertThat(boc.isRunning()).isTrue();
    });
  }
}
