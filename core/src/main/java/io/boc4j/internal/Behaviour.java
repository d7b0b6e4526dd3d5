package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A scheduled unit of work: a body plus the requests for the cowns it needs. Internal; the public face
 * is {@link io.boc4j.Boc#when}.
 *
 * <p>Life cycle: built on the scheduling thread, {@linkplain Acquisition#enqueue enqueued}, made
 * ready by whichever thread takes its counter to zero, run once by a worker (or the main thread, or a
 * synchronous taker), then released. Subclasses supply the body call and the result hand-off.
 */
public abstract class Behaviour {

  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(Behaviour.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Request[] NO_REQUESTS = new Request[0];

  /** Requests for distinct cowns, in ascending cown id order. */
  Request[] requests = NO_REQUESTS;

  /** The result cown's request, granted before publication; null for fire-and-forget. */
  Request resultRequest;

  /** Whether any requested cown is pinned: the body must run on the main thread. */
  boolean pinned;

  /** Where the behaviour goes once ready. */
  Generation generation;

  @SuppressWarnings("unused") // accessed through COUNT
  private int count;

  protected Behaviour() {}

  /**
   * Builds this behaviour's requests from the distinct cowns it needs, which must already be sorted by
   * ascending id with duplicates removed.
   */
  protected final void setCowns(CownCore[] sortedDistinct, int n) {
    if (n == 0) {
      return;
    }
    Request[] rs = new Request[n];
    boolean anyPinned = false;
    for (int i = 0; i < n; i++) {
      CownCore c = sortedDistinct[i];
      rs[i] = new Request(c, this);
      anyPinned |= c.isPinned();
    }
    requests = rs;
    pinned = anyPinned;
  }

  /** Builds the single request of a one-cown behaviour. */
  protected final void setCown(CownCore c) {
    requests = new Request[] {new Request(c, this)};
    pinned = c.isPinned();
  }

  /** Whether the body must run on the main thread. */
  public final boolean isPinned() {
    return pinned;
  }

  /** Called from the result cown's constructor: the result is held from the start. */
  final Request preGrant(CownCore result) {
    Request r = new Request(result, this);
    r.spScheduled();
    resultRequest = r;
    return r;
  }

  final void initCount(int n) {
    COUNT.set(this, n); // plain: the behaviour is not yet published
  }

  final void resolve(int n) {
    // volatile RMW: the decrement that reaches 0 happens-after every earlier one, so the dispatching
    // thread has seen every releasing body's writes.
    if ((int) COUNT.getAndAdd(this, -n) == n) {
      becomeReady();
    }
  }

  /** All cowns are held: hand the behaviour to whoever runs it. */
  void becomeReady() {
    generation.dispatch(this);
  }

  /**
   * Runs the body on the current thread with every requested cown held by it, publishes the outcome,
   * releases the cowns and returns the failure (or null). Never throws.
   */
  final Throwable run() {
    Thread me = Thread.currentThread();
    Request[] rs = requests;
    for (Request r : rs) {
      r.cown.enterHolder(me);
    }
    Object value = null;
    Throwable failure = null;
    try {
      value = invoke();
    } catch (Throwable t) {
      failure = t;
    }
    for (Request r : rs) {
      r.cown.exitHolder();
    }
    try {
      publishResult(value, failure);
    } finally {
      Acquisition.release(this);
    }
    afterRelease(value, failure);
    return failure;
  }

  /** Releases every cown without running the body (shutdown drop, cancelled take). */
  final void releaseWithoutRunning(Throwable reason) {
    try {
      publishResult(null, reason);
    } finally {
      Acquisition.release(this);
    }
    afterRelease(null, reason);
  }

  /** Acquires requests on behalf of the scheduling thread. */
  final void enqueue() {
    Acquisition.enqueue(this);
  }

  /** Calls the user's body with the delivered cowns. */
  protected abstract Object invoke() throws Throwable;

  /** Stores the outcome on the result cown, while it is still held. Must not throw. */
  protected abstract void publishResult(Object value, Throwable failure);

  /** After release: completes observers and reports failures. Must not throw. */
  protected abstract void afterRelease(Object value, Throwable failure);
}
