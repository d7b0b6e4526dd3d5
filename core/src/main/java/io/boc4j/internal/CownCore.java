package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime-facing half of a cown: its identity, its request queue (tail, active readers, the
 * writer waiting for them) and its current writable holder. Internal: user code sees {@link
 * io.boc4j.Cown}, which owns one of these (composition, so that no API type extends an internal
 * one); nothing here is API and it may change without notice.
 *
 * <p>Only {@link Acquisition} reads or writes {@code last}, {@code readers} and {@code nextWriter};
 * only {@link Behaviour} and the synchronous take write {@code holder}.
 */
public class CownCore {

  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle LAST;
  private static final VarHandle HOLDER;
  private static final VarHandle READERS;
  private static final VarHandle NEXT_WRITER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LAST = lookup.findVarHandle(CownCore.class, "last", Request.class);
      HOLDER = lookup.findVarHandle(CownCore.class, "holder", long.class);
      READERS = lookup.findVarHandle(CownCore.class, "readers", int.class);
      NEXT_WRITER = lookup.findVarHandle(CownCore.class, "nextWriter", Request.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Package-private: read with no call where the stack may be exhausted (Generation.noteLeftBehind).
  final long id = IDS.incrementAndGet();

  /** Tail of the MCS request queue; null when nobody holds or waits for the cown. */
  @SuppressWarnings("unused") // accessed through LAST
  private volatile Request last;

  /**
   * Read-only requests that were activated (granted) and have not released yet. Next to {@code
   * last}: a writer that finds the queue empty reads both.
   */
  @SuppressWarnings("unused") // accessed through READERS
  private int readers;

  /**
   * The writer queued right behind the active readers, waiting for {@code readers} to reach 0; null
   * if there is none. At most one at a time (see {@link Acquisition}).
   */
  @SuppressWarnings("unused") // accessed through NEXT_WRITER
  private Request nextWriter;

  /**
   * The id ({@link Thread#getId()}) of the thread currently running code that holds this cown
   * writable, or 0 (ids are positive). Written only by the holding thread (set on entry, cleared on
   * exit) and read by any thread that touches the value. Readers are not recorded here (several may
   * hold the cown at once, on different threads): a reading thread finds its hold in its own {@link
   * BodyScope}.
   *
   * <p>An id rather than the {@code Thread}: a cown lives long, so the garbage collector keeps it in
   * its old generation, and storing a reference there costs a card-marking barrier (under G1 a
   * StoreLoad fence) on every body that holds it; a {@code long} store costs none. A thread's id is
   * unique while it lives, which is all the comparison needs.
   *
   * <p>Opaque access is enough: a thread only ever needs to recognise itself. Opaque gives per-variable
   * coherence, so a thread reads either its own latest write or a later one; it therefore sees itself
   * exactly while it is the holder, and never mistakes a stale value for itself. Stronger ordering of
   * the value itself comes from the acquisition protocol, not from this field.
   */
  @SuppressWarnings("unused") // accessed through HOLDER
  private long holder;

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
  public CownCore(WideBehaviour owner) {
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
   * Whether the calling thread currently holds this cown writable. Any thread may call it.
   *
   * @return true while the caller runs code that holds the cown writable
   */
  public boolean heldByCurrentThread() {
    return (long) HOLDER.getOpaque(this) == Thread.currentThread().getId();
  }

  /**
   * Whether the calling thread currently holds this cown read-only: it runs the body of a behaviour,
   * or holds a synchronous take, that requested the cown read-only. Any thread may call it.
   *
   * @return true while the caller runs code that holds the cown read-only
   */
  public boolean heldReadOnlyByCurrentThread() {
    return BodyScope.current().holdsReadOnly(this);
  }

  /** Records the calling thread, whose id is {@code threadId}, as the writable holder. */
  final void enterHolder(long threadId) {
    HOLDER.setOpaque(this, threadId);
  }

  final void exitHolder() {
    HOLDER.setOpaque(this, 0L);
  }

  // --- queue tail: Acquisition only -------------------------------------------------------------

  final Request swapLast(Request r) {
    return (Request) LAST.getAndSet(this, r); // volatile: linearises the queue order of requests
  }

  final boolean casLastToEmpty(Request expected) {
    return LAST.compareAndSet(this, expected, null); // volatile: pairs with swapLast
  }

  /**
   * The queue's tail, for tests that check a cown's queue is empty once every behaviour released it;
   * the protocol itself only swaps and CASes the tail.
   */
  final Request lvLast() {
    return (Request) LAST.getVolatile(this); // volatile: sees the last swap or CAS
  }

  // --- readers and the writer waiting for them: Acquisition only --------------------------------

  final int lvReaders() {
    // volatile: the registrar's read in its Dekker pair (also a releaser's re-read, and a writer's
    // read after finding the queue empty); a 0 seen here follows every reader's decrement.
    return (int) READERS.getVolatile(this);
  }

  final void incrementReaders() {
    READERS.getAndAdd(this, 1); // volatile RMW: precedes the reader's ACTIVE store
  }

  /** Returns the number of readers left after this one. */
  final int decrementReaders() {
    // volatile RMW: the releaser's write in the Dekker pair with svNextWriter + lvReaders; it also
    // carries the reader's accesses (all reads) before the writer it may grant.
    return (int) READERS.getAndAdd(this, -1) - 1;
  }

  final Request lvNextWriter() {
    return (Request) NEXT_WRITER.getVolatile(this); // volatile: the releaser's read in the pair
  }

  final void svNextWriter(Request w) {
    NEXT_WRITER.setVolatile(this, w); // StoreLoad: the registrar's write in the Dekker pair
  }

  final boolean casNextWriterToEmpty(Request w) {
    return NEXT_WRITER.compareAndSet(this, w, null); // volatile RMW: exactly one grants w
  }
}
