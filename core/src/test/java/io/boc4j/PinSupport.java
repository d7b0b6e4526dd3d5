package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers of the pinned-cown tests (SPEC §5). Not a test class. */
final class PinSupport {

  /** Generous waits, so failures show as assertions, not hangs (F17). */
  static final Duration WAIT = Duration.ofSeconds(10);

  private PinSupport() {}

  static Boc newBoc(int workers) {
    return Boc.builder().workers(workers).shutdownTimeout(Duration.ofSeconds(5)).build();
  }

  /** The outcome of a result cown, observed without holding it. */
  static <T> T value(ResultCown<T> r) throws Exception {
    return r.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The exception a result cown completed with. */
  static Throwable failure(ResultCown<?> r) throws Exception {
    CompletionStage<?> s = r.toCompletionStage();
    try {
      s.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    return fail("expected " + r + " to complete exceptionally");
  }

  /** Whether a result cown has completed (its behaviour ran or was dropped). */
  static boolean isDone(ResultCown<?> r) {
    return r.toCompletionStage().toCompletableFuture().isDone();
  }

  static <T extends Throwable> T assertThrowsWith(
      Class<T> type, String fragment, Executable code) {
    T t = assertThrows(type, code);
    if (t.getMessage() == null || !t.getMessage().contains(fragment)) {
      fail("expected the message of " + t + " to contain \"" + fragment + "\"");
    }
    return t;
  }

  /** Runs {@code code} on a new thread and returns what it threw (or null), waiting for it. */
  static Throwable onOtherThread(String name, Executable code) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        code.execute();
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, name);
    t.start();
    t.join(WAIT.toMillis());
    if (t.isAlive()) {
      fail(name + " did not finish");
    }
    return thrown.get();
  }

  /**
   * A thread that binds itself as the main thread of {@code boc} and then never pumps until
   * released: "pinned work nobody pumps".
   */
  static final class IdleMain implements AutoCloseable {
    private final CountDownLatch bound = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;

    IdleMain(Boc boc) throws InterruptedException {
      thread = new Thread(() -> {
        boc.mainThread().bind();
        bound.countDown();
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "idle-main");
      thread.setDaemon(true);
      thread.start();
      if (!bound.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("idle main thread did not bind");
      }
    }

    @Override
    public void close() throws InterruptedException {
      done.countDown();
      thread.join(WAIT.toMillis());
    }
  }

  /** Captures what the runtime logs to the {@code io.boc4j} logger (System.Logger → JUL). */
  static final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.boc4j");
    private final List<LogRecord> records = new ArrayList<>();

    LogCapture() {
      setLevel(Level.ALL);
      logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      records.add(record);
    }

    synchronized List<LogRecord> matching(String fragment) {
      List<LogRecord> out = new ArrayList<>();
      for (LogRecord r : records) {
        if (r.getMessage() != null && r.getMessage().contains(fragment)) {
          out.add(r);
        }
      }
      return out;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
