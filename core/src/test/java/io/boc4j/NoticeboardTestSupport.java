package io.boc4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Helpers shared by the noticeboard tests. */
final class NoticeboardTestSupport {

  /** Generous waits, so a failure shows as an assertion, not a hang (F17). */
  static final Duration WAIT = Duration.ofSeconds(10);

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

  /** The exception the body threw; fails if it returned normally. */
  static Throwable failureOf(ResultCown<?> r) throws Exception {
    try {
      Object v = r.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return fail("expected the behaviour to fail, but it returned " + v);
    } catch (ExecutionException e) {
      return e.getCause();
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

  /**
   * Captures what the runtime logs on "io.boc4j" (System.Logger is backed by java.util.logging),
   * keeping expected warnings off the console while open.
   */
  static final class LogCapture implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.boc4j");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };

    private final boolean parentHandlers = logger.getUseParentHandlers();

    LogCapture() {
      logger.addHandler(handler);
      logger.setUseParentHandlers(false);
    }

    /** Whether a record at {@code level} has a message containing every fragment. */
    boolean has(Level level, String... fragments) {
      for (LogRecord r : records) {
        String m = String.valueOf(r.getMessage());
        boolean all = r.getLevel().equals(level);
        for (String f : fragments) {
          all &= m.contains(f);
        }
        if (all) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() {
      logger.removeHandler(handler);
      logger.setUseParentHandlers(parentHandlers);
    }
  }
}
