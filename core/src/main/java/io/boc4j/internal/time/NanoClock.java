package io.boc4j.internal.time;

/**
 * The time a runtime's watchdogs read, and the timers that run their checks: the seam through which a
 * test moves time by hand instead of waiting for it (as Caffeine's {@code Ticker} and Reactor's
 * virtual time do).
 *
 * <p>Two implementations: {@link #SYSTEM}, which reads {@link System#nanoTime()} and runs each timer
 * on a daemon thread of its own, and {@link VirtualTime}, whose time moves only when a test calls
 * {@link VirtualTime#advance}, which runs the checks that fall due on the calling thread, each at
 * its own due time.
 *
 * <p>What reads it: the pump watchdog (the main queue's non-empty stamp, the raise check, the time
 * of the last pump) and the slow-body detector. The deadlines of waits ({@code quiesce}, {@code
 * acquire}, {@code receive}, admission) stay on {@link System#nanoTime()}: they bound how long a
 * real thread is parked, which a virtual clock cannot shorten.
 *
 * <p>Threading: every method may be called from any thread.
 */
public interface NanoClock {

  /** The system clock: {@link System#nanoTime()}, and one daemon thread per timer. */
  NanoClock SYSTEM = SystemClock.INSTANCE;

  /**
   * The current time, in nanoseconds from an arbitrary origin (as {@link System#nanoTime()}): only
   * differences between two readings of one clock mean anything.
   *
   * @return the time
   */
  long nanoTime();

  /**
   * Starts a timer that runs {@code check} now (with the system clock) or at the next {@link
   * VirtualTime#advance} (with a virtual one), and then again whenever the time the check returned
   * comes. One check never runs concurrently with itself.
   *
   * @param name the name of the timer's thread, where it has one
   * @param check the check
   * @return the running timer
   */
  Timer start(String name, Check check);

  /** A periodic or self-planning piece of work of a timer. */
  @FunctionalInterface
  interface Check {

    /** Returned by {@link #run} to end the timer (for example: the runtime was garbage-collected). */
    long STOP = Long.MIN_VALUE;

    /**
     * Runs the check at time {@code now} of its clock.
     *
     * @param now the clock's time
     * @return when to run again, on the same clock; or {@link #STOP}
     */
    long run(long now);
  }

  /** A started timer. */
  interface Timer {

    /**
     * Asks for the check to run again as soon as it can, because what it reads has changed (a new
     * configuration): at once with the system clock, at the next advance with a virtual one.
     */
    void replan();

    /**
     * Ends the timer: the check is not started again. Returns at once; a run in progress on another
     * thread finishes.
     */
    void stop();

    /**
     * {@link #stop()}s the timer and waits, at most {@code millis}, for a run in progress (and the
     * timer's thread, where it has one) to end, so that a caller counting threads after a close sees
     * it gone. Never waits for itself when called from the check.
     *
     * @param millis the longest wait
     */
    void stopAndAwait(long millis);
  }
}
