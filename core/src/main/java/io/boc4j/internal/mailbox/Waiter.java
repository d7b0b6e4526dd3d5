package io.boc4j.internal.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One parking attempt of one receiving thread, registered on every {@link TagQueue} it waits on.
 * Internal to the mailbox; public only because {@code io.boc4j.Mailbox} drives the receive loop.
 *
 * <p>State machine, every transition a CAS out of {@code WAITING}, so exactly one wins:
 * <pre>
 *   WAITING --casNotify (a sender, or a receiver handing off)--> NOTIFIED
 *   WAITING --casCancel (the owner, when it stops waiting)-------> CANCELLED
 * </pre>
 * A NOTIFIED waiter owes the mailbox a hand-off: after its last poll it must pass the wake-up on
 * to another waiter of any of its tags that still holds messages (see {@code Mailbox}).
 * A waiter is used for one park cycle; the owner takes a fresh one to wait again.
 *
 * <p>Threads: any thread may call {@link #casNotify()} and {@link #lvIsWaiting()}; only the owner
 * calls {@link #casCancel()}.
 */
public final class Waiter {

  private static final int WAITING = 0;
  private static final int NOTIFIED = 1;
  private static final int CANCELLED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Thread owner;

  /** WAITING, NOTIFIED or CANCELLED; read volatile, changed only by CAS. */
  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  /** Creates a waiter in state WAITING for the calling thread. */
  public Waiter() {
    this.owner = Thread.currentThread();
  }

  /** @return the thread that parks on this waiter */
  public Thread owner() {
    return owner;
  }

  /** @return whether nobody has notified or cancelled this waiter yet (volatile load) */
  public boolean lvIsWaiting() {
    return (int) STATE.getVolatile(this) == WAITING;
  }

  /**
   * Claims this waiter for a wake-up. The caller must {@code unpark} the owner after a success.
   *
   * @return true if this call moved the waiter from WAITING to NOTIFIED
   */
  public boolean casNotify() {
    return STATE.compareAndSet(this, WAITING, NOTIFIED);
  }

  /**
   * Withdraws this waiter; called by the owner when it stops waiting for any reason.
   *
   * @return true if the owner was never notified; false if a notifier won the race, in which
   *     case the owner must honour the hand-off
   */
  public boolean casCancel() {
    return STATE.compareAndSet(this, WAITING, CANCELLED);
  }
}
