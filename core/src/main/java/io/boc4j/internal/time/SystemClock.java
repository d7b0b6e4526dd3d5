package io.boc4j.internal.time;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link NanoClock#SYSTEM}: {@link System#nanoTime()}, and for each timer a daemon thread that runs
 * the check and parks until the time it returned. Nothing signals the thread but {@link
 * Timer#replan()} and {@link Timer#stop()}, so whatever the check reads costs its writers nothing.
 */
final class SystemClock implements NanoClock {

  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Timer start(String name, Check check) {
    ThreadTimer t = new ThreadTimer(name, check);
    t.thread.start();
    return t;
  }

  @Override
  public String toString() {
    return "NanoClock.SYSTEM";
  }

  /** One timer: its own daemon thread. */
  private static final class ThreadTimer implements Timer, Runnable {

    private static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

    /** The shortest park: a check that asks for "now" again cannot spin a core. */
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /** After a check threw: how long before it is tried again. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Check check;
    final Thread thread;

    /** Set once by stop(); read by the timer's thread before and after each run (volatile). */
    private volatile boolean stopped;

    ThreadTimer(String name, Check check) {
      this.check = check;
      this.thread = new Thread(this, name);
      thread.setDaemon(true); // a timer never keeps the JVM alive
    }

    @Override
    public void run() {
      while (!stopped) {
        long now = System.nanoTime();
        long next;
        try {
          next = check.run(now);
        } catch (Throwable t) {
          // A watchdog that dies reports nothing ever again, which is worse than one failed check.
          LOG.log(Level.ERROR, "timer " + thread.getName() + ": a check failed; it runs again in"
              + " 1 s", t);
          next = now + RETRY_NANOS;
        }
        if (next == Check.STOP || stopped) {
          return;
        }
        // A replan() or stop() that unparked before this park leaves a permit: park returns at once.
        LockSupport.parkNanos(this, Math.max(next - now, MIN_PARK_NANOS));
      }
    }

    @Override
    public void replan() {
      LockSupport.unpark(thread);
    }

    @Override
    public void stop() {
      stopped = true; // volatile: the thread sees it at its next look, which the unpark brings now
      LockSupport.unpark(thread);
    }

    @Override
    public void stopAndAwait(long millis) {
      stop();
      if (Thread.currentThread() == thread) {
        return; // the check itself closed the runtime: it returns to a loop that sees `stopped`
      }
      boolean interrupted = false;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (thread.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          interrupted = true; // finish the bounded wait; the caller's interrupt is restored below
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
