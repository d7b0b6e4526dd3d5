package io.boc4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-flight accounting for one runtime generation, and the wait for quiescence.
 *
 * <h2>Invariant</h2>
 *
 * {@code inFlight} is always at least the number of behaviours scheduled and not yet completed, and
 * equals it whenever no worker holds a pending (unflushed) delta. Workers keep their completions as a
 * local negative delta and spend it on the behaviours their bodies schedule, so a chain of behaviours
 * that each schedule one successor touches the shared counter not at all. A worker with no delta to
 * spend counts a batch ahead ({@link #creditFor}) and keeps the unused part as negative delta too, so
 * a body that schedules more than it completes (a producer) touches the counter once per batch. The
 * delta is flushed when the worker runs out of work (and every {@link #FLUSH_EVERY} completions).
 * Because a worker's delta is never positive, the shared counter can only over-count (by at most the
 * workers' unflushed completions and credit), so it never reaches 0 early. External
 * schedulers increment it directly, before the behaviour becomes visible.
 *
 * <h2>Waiting</h2>
 *
 * Waiters register, then check the counter under {@code lock}; a thread whose update takes the counter
 * to 0 signals under the same lock if any waiter is registered. Both the registration and the counter
 * update are volatile, so either the updater sees the waiter or the waiter sees 0 (Dekker).
 */
public final class Terminator {

  /** A worker flushes its pending completions at least this often. */
  static final int FLUSH_EVERY = 1024;

  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong waiters = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition quiet = lock.newCondition();
  private final Condition belowLimit = lock.newCondition();
  private final AtomicLong producersWaiting = new AtomicLong();
  private volatile long producerResumeLevel = Long.MIN_VALUE;

  /** The highest value {@code inFlight} has reached; only ever raised. */
  private final AtomicLong peak = new AtomicLong();

  /**
   * How long a waiter for zero sleeps at most before it looks for abandoned phase-1 work ({@link
   * #strandedWork}): behaviours whose {@code when} failed half-way and that no other thread
   * waits on would otherwise keep the count above zero for as long as their thread stays away.
   */
  private static final long STRANDED_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * What a waiter for zero runs between waits to finish work nobody else will (the generation's
   * abandoned phase-1 behaviours).
   */
  private final Runnable strandedWork;

  /**
   * Creates a counter at zero.
   *
   * @param strandedWork run by waiters for zero between their waits (see {@link
   *     #STRANDED_LOOK_NANOS})
   */
  Terminator(Runnable strandedWork) {
    this.strandedWork = strandedWork;
  }

  /**
   * Callers of {@link #onBelow} waiting for the count to fall below {@code producerResumeLevel}:
   * woken by the thread whose update crosses it, never parked.
   */
  private final Wakeups capacityWaiters = new Wakeups();

  /**
   * The in-flight credit of each worker of a runtime: at most 64, and small against the
   * back-pressure limit, so that the workers' credit together stays within an eighth of it and
   * muting and producer waits start at nearly the same load as without it; 1 (no credit) for limits
   * below {@code 16 * workers}.
   *
   * @param backPressureLimit the runtime's back-pressure limit (at least 2)
   * @param workers its worker count (at least 1)
   * @return the credit, from 1 to 64
   */
  static int creditFor(long backPressureLimit, int workers) {
    return (int) Math.max(1, Math.min(MAX_CREDIT, backPressureLimit / (8L * workers)));
  }

  /** The largest credit a worker takes ahead ({@link #creditFor}). */
  static final int MAX_CREDIT = 64;

  /** One more behaviour is in flight. */
  void increment() {
    increment(1);
  }

  /**
   * {@code n} more behaviours are in flight (or, for a worker's credit, counted ahead). The atomic
   * update is the first act, so the caller may rely on it once this returns.
   *
   * @param n at least 1
   */
  void increment(long n) {
    long now = inFlight.addAndGet(n);
    // A plain-ish read first: the CAS loop runs only when a new peak is set, which is rare once the
    // runtime has warmed up, so the hot path pays one volatile read of a mostly-unshared line.
    try {
      if (now > peak.get()) {
        raisePeak(now);
      }
    } catch (Throwable t) {
      // A StackOverflowError from a when() near the end of its stack: the increment above is done
      // and the caller relies on it (it either counts or throws before counting); the peak is a
      // statistic and may miss this one.
      return;
    }
  }

  private void raisePeak(long now) {
    // A plain CAS retry: each failure means another thread raised the peak, so the loop ends within
    // a few rounds; no onSpinWait, which tools like BlockHound count as blocking on event loops.
    long p;
    while (now > (p = peak.get()) && !peak.compareAndSet(p, now)) {
      // retry with the newer peak
    }
  }

  /** The highest in-flight count seen by this terminator (an upper bound, like {@link #inFlight}). */
  public long peakInFlight() {
    return peak.get();
  }

  /** Applies a (normally negative) delta; signals waiters when it reaches 0. */
  void add(long delta) {
    signalAfter(addOnly(delta));
  }

  /**
   * The count update of {@link #add} without its signals: the atomic update is the call's last act,
   * so a caller at the end of its stack can record whether it happened. Follow it with {@link
   * #signalAfter}; a signal lost meanwhile delays a waiter by at most one of its bounded waits.
   */
  long addOnly(long delta) {
    return inFlight.addAndGet(delta);
  }

  /** The signals of {@link #add}, for the count {@code now} that an update left. */
  void signalAfter(long now) {
    if (now == 0 && waiters.get() > 0) {
      signalAll();
    }
    // Same Dekker shape as quiescence: the producer registers, then re-reads the count under the lock.
    if (now < producerResumeLevel) {
      if (producersWaiting.get() > 0) {
        signalProducers();
      }
      if (capacityWaiters.any()) {
        capacityWaiters.wakeAll();
      }
    }
  }

  /**
   * A stage completed once fewer than {@code level} behaviours are in flight: at once if they
   * already are, else by the thread whose update takes the count below it. Never parks.
   *
   * <p>Dekker, as for parked producers: the waiter is queued and counted (volatile) before the
   * count is re-read; an updater writes the count (volatile) before it reads the waiter count. So
   * either the updater sees the waiter or the waiter's re-read sees the lower count.
   */
  public CompletableFuture<Void> onBelow(long level) {
    if (inFlight.get() < level) {
      return CompletableFuture.completedFuture(null);
    }
    producerResumeLevel = level;
    return capacityWaiters.await(() -> inFlight.get() < level);
  }

  /** Completes every pending capacity stage (teardown: nothing will lower the count again). */
  public void releaseCapacityWaiters() {
    capacityWaiters.wakeAll();
  }

  private void signalProducers() {
    lock.lock();
    try {
      belowLimit.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until fewer than {@code level} behaviours are in flight (back-pressure on a producer that
   * is not a worker).
   *
   * @param deadline {@link System#nanoTime()} deadline
   * @return false on timeout
   */
  boolean awaitBelow(long level, long deadline) throws InterruptedException {
    producerResumeLevel = level;
    producersWaiting.incrementAndGet();
    lock.lock();
    try {
      while (inFlight.get() >= level) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        belowLimit.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
      producersWaiting.decrementAndGet();
    }
  }

  /** Upper bound of the behaviours in flight; exact when the runtime is quiescent. */
  public long inFlight() {
    return inFlight.get();
  }

  /** Wakes waiters for a reason other than quiescence (for example new main-thread work). */
  void signalAll() {
    lock.lock();
    try {
      quiet.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes threads waiting in {@link #awaitZero(long, String, BetweenWaits)} if there are any, so that
   * they look at their {@link BetweenWaits} again: pinned work arrived, or the poll cadence changed.
   * Any thread.
   *
   * <p>Dekker with the waiter: the caller has published its change with a volatile write before
   * this volatile read of {@code waiters}; a waiter registers in {@code waiters} (volatile) before it
   * reads {@link BetweenWaits#hasWork()} and {@link BetweenWaits#pollNanos()} under the lock. So
   * either we see the waiter and signal (under the lock: before its reads, which then see the change,
   * or after it sleeps, which wakes it), or its reads see the change.
   */
  public void wakeWaiters() {
    if (waiters.get() > 0) {
      signalAll();
    }
  }

  /**
   * What a waiting thread does between bounded waits: the main thread pumps pinned work there.
   * {@link #hasWork()} and {@link #pollNanos()} are read under the lock right before every sleep,
   * after the waiter registered, so a change published before {@link #wakeWaiters()} either is seen
   * by that read or wakes the sleep it would have shortened.
   */
  public interface BetweenWaits {

    /**
     * The longest single wait, in nanoseconds (positive); re-read before every wait. Called under
     * the lock: a volatile read only, never block.
     */
    long pollNanos();

    /**
     * Whether there is work for this thread now, so it must not sleep. Called under the lock:
     * volatile reads only, never block.
     */
    boolean hasWork();

    /** Does the work (pumps); called outside the lock. Whatever it throws ends the wait. */
    void run();
  }

  /**
   * Waits until the counter is 0, {@code maxNanos} elapse, or (with {@code between}) its poll
   * interval elapses, there is work for the waiting thread, or it is woken.
   *
   * @return true if the counter is 0
   */
  private boolean awaitZero(long maxNanos, BetweenWaits between) throws InterruptedException {
    if (inFlight.get() == 0) {
      return true;
    }
    waiters.incrementAndGet(); // volatile: registration before the reads below (Dekker)
    lock.lock();
    try {
      if (inFlight.get() != 0 && (between == null || !between.hasWork())) {
        long wait = between == null ? maxNanos : Math.min(maxNanos, between.pollNanos());
        if (wait > 0) {
          quiet.awaitNanos(wait);
        }
      }
      return inFlight.get() == 0;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /**
   * Waits until the counter is 0.
   *
   * @param deadline {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE} for none
   * @param timeoutText how the caller's timeout reads in the exception message
   * @param between what to do between bounded waits (the main thread's auto-pump), or null to just
   *     wait
   * @throws TimeoutException if the deadline passes first
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitZero(long deadline, String timeoutText, BetweenWaits between)
      throws TimeoutException, InterruptedException {
    long lastBetween = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
      if (inFlight.get() == 0) {
        return;
      }
      if (remaining <= 0) {
        throw new TimeoutException(
            "behaviours still in flight after " + timeoutText + " (at most " + inFlight.get()
                + "); nothing was torn down: wait again or give the work more time");
      }
      // The wait is cut short to look for stranded work; the work between waits keeps its own
      // interval (or runs at once when there is work for this thread).
      long untilBetween = between == null ? Long.MAX_VALUE
          : Math.max(0, between.pollNanos() - (now - lastBetween));
      if (awaitZero(Math.min(Math.min(remaining, STRANDED_LOOK_NANOS), untilBetween), between)) {
        return;
      }
      strandedWork.run();
      if (between != null
          && (between.hasWork() || System.nanoTime() - lastBetween >= between.pollNanos())) {
        between.run();
        lastBetween = System.nanoTime();
      }
    }
  }
}
