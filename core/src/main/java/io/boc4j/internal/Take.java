package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A synchronous take: a plain thread queues for one cown, or several at once (each writable or
 * read-only), exactly like a behaviour, but instead of a body being dispatched to a worker, the
 * waiting thread is woken and holds the cowns until it releases them. No worker is blocked while the
 * thread holds them.
 *
 * <p>States: WAITING → GRANTED (the protocol handed us the cown) → RELEASED, or WAITING → CANCELLED
 * (the taker gave up) → released immediately when the grant arrives. Both transitions out of WAITING
 * are CASes, so exactly one side wins.
 */
public final class Take extends WideBehaviour {

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Take.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int WAITING = 0;
  private static final int GRANTED = 1;
  private static final int CANCELLED = 2;
  private static final int RELEASED = 3;

  private final Thread taker = Thread.currentThread();

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  /** A take is never settled at shutdown: its thread waits for the cowns and times out itself. */
  @Override
  boolean settleable() {
    return false;
  }

  /**
   * Prepares a take of {@code cown} by the calling thread.
   *
   * @param cown the cown
   * @param readOnly whether to take it read-only (shared with other readers)
   */
  public Take(CownCore cown, boolean readOnly) {
    setCown(cown, readOnly);
  }

  /**
   * Prepares a take of several cowns at once by the calling thread, acquired atomically in id order
   * like a behaviour's request set.
   *
   * @param sortedDistinct the cowns' cores, sorted by ascending id, without duplicates; an {@code
   *     Object[]} of exactly {@code n} is taken over as the take's list of requests (see {@link
   *     Behaviour#setCowns})
   * @param readOnly whether each cown is taken read-only, index for index; null if none is
   * @param n how many leading elements to use
   */
  public Take(Object[] sortedDistinct, boolean[] readOnly, int n) {
    setCowns(sortedDistinct, readOnly, n);
  }

  @Override
  void becomeReady(boolean handedOver) {
    if (!abandoned() && STATE.compareAndSet(this, WAITING, GRANTED)) {
      progress |= PUBLISHED; // right after the publishing CAS (see Acquisition)
      LockSupport.unpark(taker);
    } else {
      // The taker is gone: it timed out (CANCELLED), or its acquire threw part-way through
      // scheduling and another thread finished it. Pass the cowns straight on.
      progress |= PUBLISHED;
      releaseWithoutRunning(null);
    }
  }

  /**
   * Waits for the grant.
   *
   * @param deadline {@link System#nanoTime()} deadline or {@code Long.MAX_VALUE}
   * @return true if the cown is now held by the calling thread; false on timeout (the request is
   *     cancelled and will pass the cown on when it arrives)
   */
  public boolean await(long deadline) {
    boolean interrupted = false;
    try {
      while ((int) STATE.getVolatile(this) == WAITING) {
        if (deadline == Long.MAX_VALUE) {
          LockSupport.park(this);
        } else {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
              return false;
            }
            break; // granted just now
          }
          LockSupport.parkNanos(this, remaining);
        }
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
      enterHolders(); // on the taker: await runs on the thread that queued the take
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Releases the cowns. Idempotent.
   *
   * @throws IllegalStateException on a thread other than the taker: its holds are recorded on the
   *     taker (read-only ones in its {@link BodyScope}, which only that thread may touch)
   */
  public void release() {
    if (Thread.currentThread() != taker) {
      throw new IllegalStateException(
          "cannot close a held cown on thread " + Thread.currentThread().getName() + ": it was"
              + " acquired by thread " + taker.getName() + ", and only that thread may use or close"
              + " it; close it where it was acquired (try-with-resources)");
    }
    if (STATE.compareAndSet(this, GRANTED, RELEASED)) {
      try {
        exitHolders();
        releaseWithoutRunning(null);
      } catch (Throwable t) {
        // At the end of a stack (a close deep in a recursion) this can fail before the release
        // even began, and a second close is a no-op: left for another thread as a stranded release
        // (idempotent: the release records what it did). Field stores, then one small call.
        if (fate < STRANDED) {
          fate = STRANDED + Acquisition.RELEASE_ALL;
          generation.noteLeftBehind(this);
        }
        throw t;
      }
    }
  }

  /**
   * The taker's acquire is throwing after this take was queued and before it returned a handle:
   * nobody will hold or release it. Not yet granted: cancelled, so it passes its cowns on when they
   * arrive. Granted already (its holds not yet entered): released for the taker, as a stranded
   * release that the idle workers and quiescing threads finish, since this thread's stack may be
   * exhausted. Taker thread only.
   */
  public void leftByTaker() {
    if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
      return; // volatile RMW, as in await's timeout: becomeReady sees CANCELLED
    }
    if (STATE.compareAndSet(this, GRANTED, RELEASED)) {
      fate = STRANDED + Acquisition.RELEASE_ALL; // volatile: read by the claim's CAS
      generation.noteLeftBehind(this);
    }
  }

  /** Whether the protocol has granted the cowns and the taker has not released them. */
  public boolean isGranted() {
    return (int) STATE.getVolatile(this) == GRANTED;
  }

  /** Whether the take is currently held. */
  public boolean isHeld() {
    return (int) STATE.getVolatile(this) == GRANTED;
  }

  @Override
  protected Object invoke() {
    throw new AssertionError("a take has no body");
  }

  @Override
  protected void publishResult(Object value, Throwable failure) {}

  /**
   * Whether its completion was counted (its share of the in-flight count given back). A thread that
   * finishes a take left behind by a failing close calls {@link #afterRelease} again, and this
   * record keeps it from counting twice. Plain: the failing thread's write is ordered before the
   * finisher by the claim's CAS.
   */
  private boolean completionCounted;

  @Override
  protected void afterRelease(Object value, Throwable failure) {
    if (!completionCounted) {
      Generation g = generation;
      g.countCompletedElsewhere(null);
      long now = g.terminator.addOnly(-1);
      completionCounted = true; // no call since the update
      g.terminator.signalAfter(now);
    }
  }
}
