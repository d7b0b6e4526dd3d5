package io.boc4j.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

  /**
   * A meeting point for a fixed set of threads that race once per round: each thread calls {@link
   * #await} with its round number, and all leave it within nanoseconds of each other. They spin
   * rather than park (a parked thread wakes tens of microseconds after the one that released it,
   * which would decide most races before they start), and they meet twice: a racer that waited long
   * at the first gate may have yielded its core, but by the second all of them are running. A random
   * spin after the second gate shifts their relative start from round to round. Bounded: a thread
   * left waiting 10 s fails.
   */
  public static final class Rendezvous {
    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();

    /**
     * A meeting point for {@code parties} threads.
     *
     * @param parties how many threads meet each round
     */
    public Rendezvous(int parties) {
      this.parties = parties;
    }

    /**
     * Arrives for round {@code round} (0, 1, 2, ... per thread) and waits for the others, twice,
     * then spins a random few iterations.
     *
     * @param round this thread's round number
     * @throws AssertionError if the others do not arrive within 10 s
     */
    public void await(int round) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      meet((2 * round + 1) * parties, round, deadline); // gathers: some may have yielded meanwhile
      meet((2 * round + 2) * parties, round, deadline); // starts: everyone is spinning by now
      for (int i = ThreadLocalRandom.current().nextInt(64); i > 0; i--) {
        Thread.onSpinWait();
      }
    }

    private void meet(int target, int round, long deadline) {
      arrived.incrementAndGet();
      for (int spins = 0; arrived.get() < target; spins++) {
        if (spins < 1_000) {
          Thread.onSpinWait();
        } else {
          Thread.yield(); // a racer without a core of its own needs ours to arrive
        }
        if (System.nanoTime() > deadline) {
          throw new Abandoned("round " + round + ": the other racers did not arrive");
        }
      }
    }
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
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
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
      // The cause is the first failure of a racer's own; one that only waited in vain for a failed
      // racer at a rendezvous is a consequence.
      Throwable cause = failures.stream().filter(f -> !(f instanceof Abandoned)).findFirst()
          .orElse(failures.get(0));
      AssertionError e = new AssertionError("a racing thread failed: " + cause.getMessage(), cause);
      for (Throwable more : failures) {
        if (more != cause) {
          e.addSuppressed(more);
        }
      }
      throw e;
    }
  }

  /** A racer gave up waiting at a {@link Rendezvous}: another racer failed or is stuck. */
  private static final class Abandoned extends AssertionError {
    Abandoned(String message) {
      super(message);
    }
  }
}
