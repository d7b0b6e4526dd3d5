package io.boc4j.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Shared helpers of the bridge's tests. */
final class BridgeTestSupport {

  /** Generous waits: a failure shows as an assertion, not a hang (F17). */
  static final Duration WAIT = Duration.ofSeconds(10);

  private BridgeTestSupport() {}

  static Boc runtime(int workers) {
    return Boc.builder().workers(workers).build();
  }

  /** The outcome of a result cown, waiting at most {@link #WAIT}. */
  static <T> T await(ResultCown<T> r) throws Exception {
    return r.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Holds {@code boc} at its back-pressure limit: schedules {@code limit} behaviours on one cown, the
   * first blocked on {@code release} (on a worker) and the rest queued behind it, so that many stay
   * in flight until {@code release} opens. Call it from a plain thread, under the limit.
   */
  static void holdAtLimit(Boc boc, int limit, CountDownLatch release) {
    Cown<Integer> held = Cown.of(0);
    for (int i = 0; i < limit; i++) {
      boc.when(held, x -> {
        release.await();
        return null;
      });
    }
    assertEquals(limit, boc.stats().inFlight(), "the runtime is not held at its limit");
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS), "latch not released in time");
  }

  /**
   * Waits until {@code condition} holds (checked every millisecond), failing after {@link #WAIT}.
   * For states another thread reaches with no event to wait on.
   */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      LockSupport.parkNanos(1_000_000); // polls an observable state; never a fixed wait
    }
  }
}
