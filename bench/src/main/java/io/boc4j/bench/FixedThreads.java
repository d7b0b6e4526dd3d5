package io.boc4j.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * W platform threads for the thread-based peers, started once per cell (outside the timed region)
 * and kept until the session closes, so that their allocation counters survive the run (see {@link
 * JvmProbe}). Each trial gives every thread exactly one task, held at a start gate until the run
 * starts.
 */
public final class FixedThreads implements AutoCloseable {

  private final ThreadPoolExecutor pool;
  private final int n;

  /**
   * Starts {@code n} threads.
   *
   * @param n thread count
   * @param namePrefix thread name prefix; the index is appended
   */
  public FixedThreads(int n, String namePrefix) {
    this.n = n;
    AtomicInteger next = new AtomicInteger();
    pool = new ThreadPoolExecutor(n, n, 1, TimeUnit.DAYS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, namePrefix + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    pool.prestartAllCoreThreads();
  }

  /** One launch: every thread parked at the gate with its task. */
  public static final class Launch {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Launch(int n) {
      done = new CountDownLatch(n);
    }

    /** Opens the gate: the timed run begins. */
    public void start() {
      gate.countDown();
    }

    /**
     * Waits for every task to return.
     *
     * @param timeoutNanos the bound
     * @return true if all returned
     * @throws InterruptedException if interrupted
     */
    public boolean await(long timeoutNanos) throws InterruptedException {
      return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** @return the first exception a task threw, or null */
    public Throwable failure() {
      return failure.get();
    }
  }

  /**
   * Hands {@code task.accept(i)} to thread {@code i} for every i; the tasks wait for {@link
   * Launch#start()}.
   *
   * @param task the per-thread task, given the thread index
   * @return the launch
   */
  public Launch launch(IntConsumer task) {
    Launch l = new Launch(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      pool.execute(() -> {
        try {
          l.gate.await();
          task.accept(index);
        } catch (Throwable t) {
          l.failure.compareAndSet(null, t);
        } finally {
          l.done.countDown();
        }
      });
    }
    return l;
  }

  /** Interrupts the threads and waits up to 10 s for them to end. */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
