package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime-facing half of a cown: its identity, the tail of its request queue and its current
 * holder. Internal: user code sees {@link io.boc4j.Cown}, which owns one of these (composition, so
 * that no API type extends an internal one); nothing here is API and it may change without notice.
 *
 * <p>Only {@link Acquisition} reads or writes {@code last}; only {@link Behaviour} and the synchronous
 * take write {@code holder}.
 */
public final class CownCore {

  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle LAST;
  private static final VarHandle HOLDER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LAST = lookup.findVarHandle(CownCore.class, "last", Request.class);
      HOLDER = lookup.findVarHandle(CownCore.class, "holder", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long id = IDS.incrementAndGet();

  /** Tail of the MCS request queue; null when nobody holds or waits for the cown. */
  @SuppressWarnings("unused") // accessed through LAST
  private volatile Request last;

  /**
   * The thread currently running code that holds this cown, or null. Written only by the holding
   * thread (set on entry, cleared on exit) and read by any thread that touches the value.
   *
   * <p>Opaque access is enough: a thread only ever needs to recognise itself. Opaque gives per-variable
   * coherence, so a thread reads either its own latest write or a later one; it therefore sees itself
   * exactly while it is the holder, and never mistakes a stale value for itself. Stronger ordering of
   * the value itself comes from the acquisition protocol, not from this field.
   */
  @SuppressWarnings("unused") // accessed through HOLDER
  private Thread holder;

  private final boolean pinned;

  /**
   * Creates the core of a free cown.
   *
   * @param pinned whether behaviours over it run on the main thread
   */
  public CownCore(boolean pinned) {
    this.pinned = pinned;
  }

  /**
   * Creates the core of a result cown, whose queue already holds {@code owner}'s request.
   *
   * @param owner the behaviour that holds the new cown until its body finishes
   */
  public CownCore(Behaviour owner) {
    this.pinned = false;
    LAST.set(this, owner.preGrant(this)); // plain: the cown is not yet published to any other thread
  }

  /**
   * Returns this cown's unique, stable id. Ids are positive and increase in creation order; the
   * runtime acquires cowns in ascending id order, which is what makes acquisition deadlock-free.
   *
   * @return the id
   */
  public long id() {
    return id;
  }

  /**
   * Whether this cown's value is confined to the runtime's main thread.
   *
   * @return true for pinned cowns
   */
  public boolean isPinned() {
    return pinned;
  }

  /**
   * Whether the calling thread currently holds this cown. Any thread may call it.
   *
   * @return true while the caller runs code that holds the cown
   */
  public boolean heldByCurrentThread() {
    return HOLDER.getOpaque(this) == Thread.currentThread();
  }

  final void enterHolder(Thread t) {
    HOLDER.setOpaque(this, t);
  }

  final void exitHolder() {
    HOLDER.setOpaque(this, null);
  }

  // --- queue tail: Acquisition only -------------------------------------------------------------

  final Request swapLast(Request r) {
    return (Request) LAST.getAndSet(this, r); // volatile: linearises the queue order of requests
  }

  final boolean casLastToEmpty(Request expected) {
    return LAST.compareAndSet(this, expected, null); // volatile: pairs with swapLast
  }
}
