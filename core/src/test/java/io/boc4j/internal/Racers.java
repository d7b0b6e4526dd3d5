package io.boc4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Runs a few bodies on threads of their own that start together (a barrier releases them at once),
 * waits for all of them within a deadline and rethrows the first failure. For the concurrency unit
 * tests of the lock-free rooms; nothing here sleeps.
 */
public final class Racers {

  /** A racing body; may throw anything, which fails the race. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs on its own thread after the barrier.
     *
     * @throws Exception to fail the race
     */
    void run() throws Exception;
  }

  /** Sizes of stress variants are CI minimums times {@code boc4j.stress.scale} (default 1). */
  public static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  private Racers() {}

  /**
   * Starts one thread per body, releases them together, and waits for them.
   *
   * @param name thread name prefix, for a stuck-thread message
   * @param timeoutSeconds how long all of them may take together
   * @param bodies the bodies
   * @throws AssertionError if a body threw (the first failure, the others suppressed) or a thread is
   *     still running at the deadline
   */
  public static void race(String name, long timeoutSeconds, Body... bodies) {
    CyclicBarrier start = new CyclicBarrier(bodies.length);
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      Body body = bodies[i];
      Thread t = new Thread(() -> {
        try {
          start.await(timeoutSeconds, TimeUnit.SECONDS);
          body.run();
        } catch (Throwable e) {
          failures.add(e);
        }
      }, name + "-" + i);
      t.setDaemon(true); // a stuck racer must not keep the test JVM alive
      threads.add(t);
      t.start();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + t.getName(), e);
      }
      if (t.isAlive()) {
        AssertionError stuck = new AssertionError(t.getName() + " is still running after "
            + timeoutSeconds + " s (a lost element or a lost wake-up?)");
        stuck.setStackTrace(t.getStackTrace());
        throw stuck;
      }
    }
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("a racing thread failed", failures.get(0));
      for (Throwable more : failures.subList(1, failures.size())) {
        e.addSuppressed(more);
      }
      throw e;
    }
  }
}
