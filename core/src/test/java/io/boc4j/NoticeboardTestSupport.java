package io.boc4j;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Helpers shared by the noticeboard tests, which open their own runtimes; the general ones
 * ({@code failureOf}, {@code LogCapture}, ...) are in {@link BocTestSupport}.
 */
final class NoticeboardTestSupport {

  /** Generous waits, so a failure shows as an assertion, not a hang (F17). */
  static final Duration WAIT = BocTestSupport.WAIT;

  static final Duration STRESS_WAIT = Duration.ofSeconds(30);

  /** Stress sizes are multiplied by this (F18). */
  static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  private NoticeboardTestSupport() {}

  static Boc newBoc(int workers) {
    return Boc.builder().workers(workers).build();
  }

  /** The body's value, waiting at most 10 s. */
  static <T> T await(ResultCown<T> r) throws Exception {
    try {
      return r.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the behaviour failed", e.getCause());
    }
  }

  /** The workload of a slow update function: busy for {@code d}, whatever interrupts arrive. */
  static void stayBusy(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** A random seed, logged so a failing run can be repeated with -Dboc4j.seed=... */
  static long seed(String test) {
    long seed = Long.getLong("boc4j.seed", System.nanoTime());
    System.out.println(test + ": seed " + seed + " (rerun with -Dboc4j.seed=" + seed + ")");
    return seed;
  }
}
