package io.boc4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.boc4j.internal.FaultInjection;
import io.boc4j.internal.FaultInjection.ReleaseStep;
import io.boc4j.internal.QueueProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;

/**
 * What the runtime tests share: a {@link Boc} per test, closed after it, and helpers to read values
 * on the test thread, wait for latches, spin and capture the runtime's log.
 *
 * <p>A test class that owns one runtime at a time extends this class and creates it with {@link
 * #newBoc(int)} (or assigns {@link #boc} itself); tests that manage their own runtimes use the
 * static helpers alone, through static imports.
 */
abstract class BocTestSupport {

  /** How long a test waits for something that must happen (F17: at least 5 s). */
  static final Duration WAIT = Duration.ofSeconds(10);

  /** The shutdown timeout of a runtime made by {@link #newBoc(int)}, unless a subclass sets one. */
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  /** This test's runtime, closed after each test; {@code null} until the test creates one. */
  Boc boc;

  private final Duration shutdownTimeout;

  /** Runtimes made by {@link #newBoc(int)} get the {@link #SHUTDOWN_TIMEOUT}. */
  BocTestSupport() {
    this(SHUTDOWN_TIMEOUT);
  }

  /** Runtimes made by {@link #newBoc(int)} get {@code shutdownTimeout}. */
  BocTestSupport(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /** Closes the test's runtime, if any (after the subclass's own {@code @AfterEach} methods). */
  @AfterEach
  void closeRuntime() {
    if (boc != null) {
      boc.close();
    }
  }

  /** Makes {@link #boc} a new runtime with {@code workers} workers and returns it. */
  Boc newBoc(int workers) {
    boc = Boc.builder().workers(workers).shutdownTimeout(shutdownTimeout).build();
    return boc;
  }

  /** A cown's value, taken on the test thread through {@link Boc#acquire}, in behaviour order. */
  <T> T read(Cown<T> c) {
    try (Held<T> h = boc.acquire(c)) {
      return h.get();
    }
  }

  /**
   * One dining philosopher: eats with both forks (each fork counts its uses), then, still hungry,
   * schedules the next meal.
   */
  void eat(Cown<Integer> hunger, Cown<Integer> left, Cown<Integer> right) {
    boc.run(hunger, left, right, (h, l, r) -> {
      l.set(l.get() + 1);
      r.set(r.get() + 1);
      h.set(h.get() - 1);
      if (h.get() > 0) {
        eat(h, l, r);
      }
    });
  }

  /** The value of a result cown, through its completion stage, waiting at most {@link #WAIT}. */
  static <T> T valueOf(ResultCown<T> r) throws Exception {
    return valueOf(r, WAIT);
  }

  /** The value of a result cown, through its completion stage, waiting at most {@code wait}. */
  static <T> T valueOf(ResultCown<T> r, Duration wait) throws Exception {
    return r.toCompletionStage().toCompletableFuture().get(wait.toSeconds(), SECONDS);
  }

  /**
   * The exception a result cown's stage completed with; fails if it completed normally or was not
   * completed within {@link #WAIT}.
   */
  static Throwable failureOf(ResultCown<?> r) throws Exception {
    try {
      Object v = r.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), SECONDS);
      return fail("expected the behaviour to fail, but it returned " + v);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return fail("the result cown " + r + " was not completed within " + WAIT);
    }
  }

  /** Waits for {@code latch} to open; fails if it does not within {@link #WAIT}. */
  /** One producer thread's work: {@code producer} is its index, from 0. */
  interface Producer {
    void produce(int producer) throws Exception;
  }

  /**
   * Runs {@code producers} threads named {@code producer-i}, released together by a latch, each
   * calling {@code body} with its index, and waits for them: fails if one is still running after
   * {@code wait} (stuck in a call into the runtime) or if any threw.
   */
  static void runProducers(int producers, Duration wait, Producer body)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    Thread[] threads = new Thread[producers];
    for (int p = 0; p < producers; p++) {
      int me = p;
      threads[p] = new Thread(() -> {
        try {
          start.await();
          body.produce(me);
        } catch (Throwable e) {
          unexpected.add(e);
        }
      }, "producer-" + p);
      threads[p].start();
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(wait.toMillis());
      if (t.isAlive()) {
        fail(t.getName() + " is stuck in a call into the runtime");
      }
    }
    if (!unexpected.isEmpty()) {
      fail("a producer threw: " + unexpected, unexpected.get(0));
    }
  }

  /** One round of a fault-injection test: returns whether the injected failure fired in it. */
  interface FaultRound {
    boolean run(long seed) throws Exception;
  }

  /**
   * Runs rounds 1, 2, ... (the round number is the seed) until the failure injected at {@code step}
   * fired in three of them or {@code maxRounds} ran; fails if it never fired.
   */
  static void runFaultRounds(Object step, int maxRounds, FaultRound round) throws Exception {
    int rounds = 0;
    int hits = 0;
    while (hits < 3 && rounds < maxRounds) {
      rounds++;
      if (round.run(rounds)) {
        hits++;
      }
    }
    assertTrue(hits > 0, step + " was never reached in " + rounds + " rounds");
  }

  /**
   * Sets the release hook to throw a {@code StackOverflowError} at {@code step} every eighth time a
   * thread reaches it, up to 25 times: many resumed releases in one round.
   *
   * @return how many failures it has thrown so far
   */
  static AtomicInteger failEveryEighthRelease(ReleaseStep step) {
    AtomicInteger reached = new AtomicInteger();
    AtomicInteger fired = new AtomicInteger();
    FaultInjection.releaseStep = s -> {
      if (s == step && reached.incrementAndGet() % 8 == 1 && fired.get() < 25) {
        fired.incrementAndGet();
        throw new StackOverflowError("injected at " + s);
      }
    };
    return fired;
  }

  /**
   * After mixed writer and reader traffic on counter cowns: each cown's count equals the writes the
   * producers scheduled on it ({@code perProducer[p][i]}), and once quiet again every cown's queue
   * is empty. {@code step} names the injected failure in the messages.
   */
  static void assertWritesAndEmptyQueues(Boc boc, List<Cown<long[]>> cowns, long[][] perProducer,
      Object step, Duration wait) throws Exception {
    for (int i = 0; i < cowns.size(); i++) {
      long expected = 0;
      for (long[] counts : perProducer) {
        expected += counts[i];
      }
      long value = boc.when(cowns.get(i), c -> c.get()[0]).toCompletionStage()
          .toCompletableFuture().get(wait.toSeconds(), SECONDS);
      assertEquals(expected, value, "writes on cown " + i + " (failure at " + step + ")");
    }
    boc.quiesce(wait);
    for (Cown<long[]> c : cowns) {
      assertTrue(QueueProbe.isEmpty(c.core), "cown " + c + " still has a queue after " + step);
    }
  }

  /** {@code n} distinct indices below {@code bound}, in the order drawn ({@code n <= bound}). */
  static int[] distinctIndices(RandomGenerator random, int n, int bound) {
    int[] picked = new int[n];
    boolean[] used = new boolean[bound];
    for (int i = 0; i < n; i++) {
      int c;
      do {
        c = random.nextInt(bound);
      } while (used[c]);
      used[c] = true;
      picked[i] = c;
    }
    return picked;
  }

  static void awaitLatch(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(WAIT.toMillis(), MILLISECONDS)) {
      throw new AssertionError("latch not opened within " + WAIT);
    }
  }

  /** Keeps the calling thread busy (never parked) for {@code ms} milliseconds. */
  static void spinMillis(long ms) {
    long end = System.nanoTime() + MILLISECONDS.toNanos(ms);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** Keeps the calling thread busy (never parked) for {@code micros} microseconds. */
  static void spinMicros(long micros) {
    long end = System.nanoTime() + micros * 1_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** The sum of the cowns delivered to a {@code whenAll} body, each holding an {@link Integer}. */
  static int sumAll(List<Object> delivered) {
    int s = 0;
    for (Object o : delivered) {
      @SuppressWarnings("unchecked")
      Cown<Integer> c = (Cown<Integer>) o;
      s += c.get();
    }
    return s;
  }

  /** The sum of one statistic over the workers' statistics. */
  static long sum(List<WorkerStats> stats, ToLongFunction<WorkerStats> field) {
    return stats.stream().mapToLong(field).sum();
  }

  /**
   * Captures what the runtime logs on "io.boc4j" (System.Logger is backed by java.util.logging) and
   * keeps it off the console while open; an optional sink sees each record as it is logged and may
   * throw.
   */
  static final class LogCapture implements AutoCloseable {

    private static final Logger JUL = Logger.getLogger("io.boc4j");

    /** Every record logged while the capture was open, in order. */
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private final boolean useParentHandlers = JUL.getUseParentHandlers();
    private final Handler handler;

    /** Starts capturing. */
    LogCapture() {
      this(rec -> {});
    }

    /** Starts capturing; {@code sink} sees each record after it is recorded. */
    LogCapture(Consumer<LogRecord> sink) {
      handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
          records.add(r);
          sink.accept(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
      JUL.addHandler(handler);
      JUL.setUseParentHandlers(false);
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

    /** Stops capturing and restores the console output. */
    @Override
    public void close() {
      JUL.removeHandler(handler);
      JUL.setUseParentHandlers(useParentHandlers);
    }
  }
}
