package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A behaviour that may request two cowns and is the queue node of both: besides the request for
 * its first cown, which every behaviour is (the fields it inherits from {@link Request}), it carries
 * a second set of the same fields for its second cown. So a two-cown behaviour is one object, not a
 * behaviour and a separate request, and a two-cown {@code run} fits 64 bytes. A {@link
 * WideBehaviour} that does not request exactly two cowns puts its result cown's request in the
 * second set instead.
 *
 * <p>A cown's queue links behaviours; which of a node's two requests a link means follows from the
 * cown: its first cown's queue uses the first set of fields, its second cown's queue the second. The
 * two cowns of a behaviour are always distinct (a result cown is created with its behaviour, so it
 * is never one the behaviour requests), so the cown always tells them apart. {@link
 * Acquisition} therefore names a request by its node and its cown, and reaches the second set only
 * through the accessors here and in {@link Request}, which choose by that cown. The second set
 * follows exactly the rules of the first (see {@link Request} for the states and {@link
 * Acquisition} for who writes what and with which ordering).
 *
 * <p>Threading as for {@link Behaviour}: {@link #cown2} and {@link #readOnly2} are set before
 * publication and never change; the rest belongs to the protocol.
 */
public abstract class TwoCownBehaviour extends Behaviour {

  private static final VarHandle NEXT2;
  private static final VarHandle PHASE2;
  private static final VarHandle STATE2;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      NEXT2 = lookup.findVarHandle(TwoCownBehaviour.class, "next2", Request.class);
      PHASE2 = lookup.findVarHandle(TwoCownBehaviour.class, "phase2", byte.class);
      STATE2 = lookup.findVarHandle(TwoCownBehaviour.class, "state2", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Its second cown in ascending id order when it requests exactly two; null otherwise. With this
   * field null the second set of fields may still be in use: for the result cown's request of a
   * {@link WideBehaviour} (the result's core is then in {@link WideBehaviour#result}).
   */
  CownCore cown2;

  /** Whether the second cown is requested read-only. */
  boolean readOnly2;

  /** The second request's {@code phase} (see {@link Request#phase}). */
  byte phase2;

  /** The second request's {@code released} (see {@link Request#released}). */
  byte released2;

  @SuppressWarnings("unused") // accessed through STATE2
  private byte state2;

  @SuppressWarnings("unused") // accessed through NEXT2
  private Request next2;

  /** What a user body receives second (see {@link BodyCall}); null for other shapes. */
  Object b;

  protected TwoCownBehaviour() {}

  /**
   * Gives this behaviour a user body of {@code shape} ({@link BodyCall}) and its first two
   * arguments. Before publication only.
   *
   * @param shape one of the {@link BodyCall} shapes
   * @param body the body
   * @param a its first argument, or all of them
   * @param b its second argument, or null
   */
  protected final void setBody(byte shape, Object body, Object a, Object b) {
    setBody(shape, body, a);
    this.b = b;
  }

  /**
   * Builds the requests of a two-cown behaviour, {@code first} having the lower id: both are this
   * object. The hot two-cown case: nothing else is allocated.
   *
   * @param first the cown with the lower id
   * @param firstReadOnly whether it is requested read-only
   * @param second the other cown
   * @param secondReadOnly whether it is requested read-only
   */
  protected final void setTwoCowns(
      CownCore first, boolean firstReadOnly, CownCore second, boolean secondReadOnly) {
    cown = first;
    readOnly = firstReadOnly;
    cown2 = second;
    readOnly2 = secondReadOnly;
    setKinds(first.isPinned() || second.isPinned(), firstReadOnly || secondReadOnly);
  }

  /**
   * Builds the requests of a behaviour over {@code x} and {@code y} given in either order: both
   * embedded, in ascending id order; a cown named twice (or a cown and a view of it, the same core)
   * is requested once, writable if either names it writable (CONTRACT RO04).
   *
   * @param x one cown's core
   * @param xReadOnly whether {@code x} is named read-only
   * @param y the other's
   * @param yReadOnly whether {@code y} is named read-only
   */
  protected final void setEitherOrder(
      CownCore x, boolean xReadOnly, CownCore y, boolean yReadOnly) {
    if (x == y) {
      setCown(x, xReadOnly && yReadOnly);
    } else if (x.id() < y.id()) {
      setTwoCowns(x, xReadOnly, y, yReadOnly);
    } else {
      setTwoCowns(y, yReadOnly, x, xReadOnly);
    }
  }

  // The second request's accessors: the same orderings as the first's in Request, for the same
  // reasons (each comment there applies here word for word).

  final Request lvNext2() {
    return (Request) NEXT2.getVolatile(this); // volatile: see Request#lvNext
  }

  final void soNext2(Request successor) {
    NEXT2.setRelease(this, successor); // StoreStore: see Request#soNext
  }

  final void svNext2(Request successor) {
    NEXT2.setVolatile(this, successor); // StoreLoad: see Request#svNext
  }

  final void moveCursor2(Request n) {
    next2 = n; // plain: see Request#moveCursor
    released2 = HANDING;
  }

  final void spNext2Null() {
    NEXT2.set(this, null); // plain: see Request#spNextNull
  }

  final boolean lvScheduled2() {
    return ((byte) PHASE2.getAcquire(this) & SCHEDULED) != 0; // LoadLoad: see Request#lvScheduled
  }

  final void soScheduled2() {
    PHASE2.setRelease(this, (byte) (phase2 | SCHEDULED)); // StoreStore: see Request#soScheduled
  }

  final byte lvState2() {
    return (byte) STATE2.getVolatile(this); // volatile: see Request#lvState
  }

  final void svState2(byte s) {
    STATE2.setVolatile(this, s); // StoreLoad: see Request#svState
  }

  final boolean casState2(byte expected, byte s) {
    return STATE2.compareAndSet(this, expected, s); // volatile RMW: see Request#casState
  }
}
