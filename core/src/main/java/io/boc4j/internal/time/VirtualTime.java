package io.boc4j.internal.time;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A clock whose time moves only when {@link #advance} is called: the runtime side of {@code
 * io.boc4j.VirtualClock}. Its readings start at {@link #ORIGIN}, not 0, because the watchdogs keep 0
 * for "never" (an empty queue, no pump yet): a stamp taken at the start must not be mistaken for it.
 *
 * <h2>Timers</h2>
 *
 * A timer started on this clock has no thread. {@link #advance} runs, on the calling thread, every
 * check that falls due up to the new time, earliest first, each with the clock set to its own due
 * time, as Reactor's {@code VirtualTimeScheduler.advanceTimeBy} runs due tasks. So a watchdog that
 * plans its next check at the exact moment a threshold is crossed reports exactly then, and a test
 * that advances past it sees the report before {@code advance} returns. A new timer, and one
 * {@linkplain Timer#replan() replanned}, is due at once: it runs at the next advance (an advance of
 * zero runs it). Two runs of one check are at least 100 µs of clock time apart, as with the system
 * clock, so no check can hold an advance at one instant.
 *
 * <h2>Threading and memory ordering</h2>
 *
 * Advances are serialised by {@code advancing}; a check therefore never runs concurrently with
 * itself, and what a check wrote in one advance is seen by the next (monitor). {@code now} is
 * volatile: any thread reads the latest time without a lock (stamping the main queue, for example).
 * Timers register in a copy-on-write list, so starting, replanning and stopping take no lock that an
 * advance holds while it runs a check (a check calls listeners, which may reconfigure a watchdog).
 * An entry's plan is guarded by the entry itself: an advance that ran the check installs the check's
 * answer only if no replan came meanwhile.
 */
public final class VirtualTime implements NanoClock {

  /** The smallest step between two runs of one check, as for the system clock's timers. */
  private static final long MIN_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private final Object advancing = new Object();
  private final CopyOnWriteArrayList<Entry> timers = new CopyOnWriteArrayList<>();
  /** The first reading: one second, so that no reading is ever 0. */
  public static final long ORIGIN = 1_000_000_000L;

  private volatile long now = ORIGIN;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Timer start(String name, Check check) {
    Entry e = new Entry(check);
    timers.add(e);
    return e;
  }

  /**
   * Moves time forward by {@code nanos}, running every check that falls due, earliest first, on the
   * calling thread.
   *
   * @param nanos how far, not negative
   * @throws RuntimeException or Error thrown by a check (the advance stops there, at that check's
   *     due time)
   */
  public void advance(long nanos) {
    synchronized (advancing) {
      long target = now + nanos;
      if (target < now) {
        target = Long.MAX_VALUE; // saturate: a clock advanced past the end stays at the end
      }
      Entry due;
      while ((due = earliestDueBy(target)) != null) {
        long at = Math.max(due.next(), now);
        now = at; // volatile: a check, and any thread it talks to, reads its own due time
        due.runAt(at);
      }
      now = target;
    }
  }

  private Entry earliestDueBy(long target) {
    Entry due = null;
    long dueAt = Long.MAX_VALUE;
    for (Entry e : timers) {
      long n = e.next();
      if (n <= target && (due == null || n < dueAt)) {
        due = e;
        dueAt = n;
      }
    }
    return due;
  }

  @Override
  public String toString() {
    return "VirtualTime[" + now + " ns, " + timers.size() + " timers]";
  }

  /** One timer: a check and when it is next due. */
  private final class Entry implements Timer {

    private final Check check;

    /** When the check is next due; {@link Long#MIN_VALUE}: at once. Guarded by this. */
    private long next = Long.MIN_VALUE;

    /** Counts replans, so an advance does not overwrite one that came while the check ran. */
    private long replans; // guarded by this

    private boolean stopped; // guarded by this

    Entry(Check check) {
      this.check = check;
    }

    synchronized long next() {
      return stopped ? Long.MAX_VALUE : next;
    }

    /** Runs the check at {@code at} (under the clock's advance lock) and installs its answer. */
    void runAt(long at) {
      long seen;
      synchronized (this) {
        seen = replans;
        next = at + MIN_STEP_NANOS; // if the check throws, it is due again a step later
      }
      long answer = check.run(at);
      synchronized (this) {
        if (answer == Check.STOP) {
          stopped = true;
        } else if (replans == seen) {
          next = Math.max(answer, at + MIN_STEP_NANOS);
        } else {
          // A replan came while the check ran (a listener reconfigured the watchdog): run again, but
          // a step later, so a check that replans itself cannot hold an advance in one instant.
          next = at + MIN_STEP_NANOS;
        }
      }
      if (answer == Check.STOP) {
        timers.remove(this);
      }
    }

    @Override
    public synchronized void replan() {
      replans++;
      next = Long.MIN_VALUE;
    }

    @Override
    public void stop() {
      synchronized (this) {
        stopped = true;
      }
      timers.remove(this);
    }

    @Override
    public void stopAndAwait(long millis) {
      stop(); // no thread to wait for; a check running in an advance on another thread finishes
    }
  }
}
