package io.boc4j;

import io.boc4j.internal.CownCore;
import io.boc4j.internal.ResultCore;
import io.boc4j.internal.WideBehaviour;
import java.util.List;

/**
 * A concurrent owner: a box holding one value that only the code holding the cown may touch.
 *
 * <p>Code holds a cown while it runs as the body of a behaviour whose request set contains the cown
 * ({@link Boc#when}), or while a plain thread has taken it synchronously ({@link Boc#acquire}).
 * Everything written to the value by one holder is visible to the next.
 *
 * <p>Cowns are created anywhere with {@link #of}, are not tied to a runtime (they survive {@link
 * Boc#waitAll} and restarts), and may be stored in other cowns, collections or messages. Equality
 * and hash code are identity; {@link #id()} is a unique, stable, totally ordered id.
 *
 * <p>Besides its value a cown carries an optional exception, set when it is the result cown of a body
 * that threw (or by hand with {@link #setException}).
 *
 * <p><b>Read-only requests.</b> {@link #read Cown.read(c)} is a read-only view of {@code c}; request
 * it in any argument position (or inside a group, or build a whole group with {@link #readGroup}) and
 * the behaviour holds {@code c} read-only: behaviours that only read a cown run at the same time,
 * a behaviour that writes it waits for every reader scheduled before it, and readers scheduled after
 * a writer wait for the writer. The body receives the view: its {@link #get}, {@link #isException}
 * and {@link #exception} work, its {@link #set} and {@link #setException} throw. Ordering,
 * atomicity and deadlock freedom are as for writable requests, two behaviours overlapping when at
 * least one of them writes a shared cown. A cown requested both read-only and writable in one
 * request set is acquired once, writable; the body still receives the view where it asked for one.
 * A read-only request for a {@link PinnedCown} still runs its body on the main thread.
 *
 * <p>Threading: {@link #get}, {@link #set}, {@link #isException}, {@link #exception} and {@link
 * #setException} may only be called by the holder; anyone else gets {@link IllegalStateException}.
 * A body that holds a cown read-only holds the view it received, not the cown: calling these on the
 * cown itself throws there too. {@link #id()}, {@link #isPinned()}, {@link #isReadOnly()} and
 * {@link #toString()} may be called by any thread.
 *
 * @param <T> the value's type
 */
public non-sealed class Cown<T> implements Acquirable<Cown<T>> {

  /** The runtime-facing half: id, request queue tail, holder. */
  final CownCore core;

  private T value;
  private Throwable exception;

  Cown(T initial, boolean pinned) {
    this.core = new CownCore(pinned);
    this.value = initial;
  }

  /** Result cowns: created already held by their behaviour. */
  Cown(WideBehaviour owner) {
    this.core = new ResultCore(owner, this);
  }

  /** Read-only views: the viewed cown's core, so a request through the view queues on that cown. */
  private Cown(CownCore viewed) {
    this.core = viewed;
  }

  /**
   * Returns this cown's unique, stable id. Ids are positive and increase in creation order; the
   * runtime acquires cowns in ascending id order, which is what makes acquisition deadlock-free.
   *
   * @return the id
   */
  public final long id() {
    return core.id();
  }

  /**
   * Whether this cown's value is confined to the runtime's main thread ({@link PinnedCown}).
   *
   * @return true for pinned cowns
   */
  public final boolean isPinned() {
    return core.isPinned();
  }

  /**
   * Creates a cown holding {@code initial}. Any thread, no runtime needed.
   *
   * @param initial the initial value; may be null
   * @param <T> the value's type
   * @return a new cown
   */
  public static <T> Cown<T> of(T initial) {
    return new Cown<>(initial, false);
  }

  /**
   * Creates a group of cowns, acquired together with the rest of a request and delivered to the body
   * as a list in the given order. The list is copied; the same cown may appear more than once.
   *
   * @param cowns the members; may be empty
   * @param <T> the members' value type
   * @return the group
   * @throws NullPointerException if the list or any element is null
   */
  public static <T> CownGroup<T> group(List<? extends Cown<T>> cowns) {
    return new CownGroup<>(cowns);
  }

  /**
   * A read-only view of {@code cown}, to request it read-only: pass the view to {@code when}, {@code
   * run}, {@code whenAll}, {@link Boc#acquire} or a group in place of the cown. The behaviour then
   * shares the cown with other readers (see the class comment) and its body receives the view. The
   * view has the cown's id and pinning; it is not equal to the cown. Any thread; no runtime needed.
   *
   * @param cown the cown to read; a view is returned as it is
   * @param <T> the value's type
   * @return a read-only view of the cown
   * @throws NullPointerException if cown is null
   */
  public static <T> Cown<T> read(Cown<T> cown) {
    if (cown == null) {
      throw new NullPointerException("Cown.read: the cown is null; pass the cown to read");
    }
    return cown.isReadOnly() ? cown : new ReadOnlyView<>(cown);
  }

  /**
   * A group whose members are all requested read-only: like {@link #group}, but the body receives
   * the members' read-only views ({@link #read}), in the given order.
   *
   * @param cowns the members; may be empty
   * @param <T> the members' value type
   * @return the group of views
   * @throws NullPointerException if the list or any element is null
   */
  public static <T> CownGroup<T> readGroup(List<? extends Cown<T>> cowns) {
    return CownGroup.readOnly(cowns);
  }

  /**
   * Returns the value. Holder only; on a read-only view, the holder of the view (or of the cown).
   *
   * @return the value (null for the result of a body that threw)
   * @throws IllegalStateException if the calling code does not hold this cown; also if it holds it
   *     only read-only, through a view, and calls this on the cown itself
   */
  public T get() {
    checkHeld("read");
    return value;
  }

  /**
   * Replaces the value and clears any exception. Holder only.
   *
   * @param newValue the new value; may be null
   * @throws IllegalStateException if the calling code does not hold this cown writable; always on a
   *     read-only view
   */
  public void set(T newValue) {
    checkHeld("write");
    value = newValue;
    exception = null;
  }

  /**
   * Whether this cown carries an exception (the result of a body that threw). Holder only, as
   * {@link #get}.
   *
   * @return true if {@link #exception()} is non-null
   * @throws IllegalStateException if the calling code does not hold this cown
   */
  public boolean isException() {
    checkHeld("inspect");
    return exception != null;
  }

  /**
   * Returns the exception this cown carries, or null. Holder only, as {@link #get}.
   *
   * @return the very Throwable the body threw, or one set by {@link #setException}
   * @throws IllegalStateException if the calling code does not hold this cown
   */
  public Throwable exception() {
    checkHeld("inspect");
    return exception;
  }

  /**
   * Marks this cown as carrying {@code t} (null clears it); the value is left unchanged. Holder only.
   *
   * @param t the exception, or null to clear
   * @throws IllegalStateException if the calling code does not hold this cown writable; always on a
   *     read-only view
   */
  public void setException(Throwable t) {
    checkHeld("mark");
    exception = t;
  }

  /**
   * Whether this is a read-only view ({@link #read}), whose {@code set} and {@code setException}
   * always throw. Any thread.
   *
   * @return true for a view, false for a cown
   */
  public final boolean isReadOnly() {
    return this instanceof ReadOnlyView;
  }

  /** This cown, as delivered to a body. */
  @Override
  public final Cown<T> delivered() {
    return this;
  }

  /** Stores a body's outcome; called by the runtime while it holds the cown. */
  final void storeOutcome(T v, Throwable t) {
    value = v;
    exception = t;
  }

  private void checkHeld(String action) {
    if (!core.heldByCurrentThread()) {
      throw notHeld(action);
    }
  }

  private IllegalStateException notHeld(String action) {
    if (core.heldReadOnlyByCurrentThread()) {
      return new IllegalStateException(
          "cannot " + action + " " + this + " directly: the calling code holds it read-only, through"
              + " the view that Cown.read / Cown.readGroup delivered. Read it through that view (the"
              + " argument the body received), or request the cown itself to write it");
    }
    return new IllegalStateException(
        "cannot " + action + " " + this + ": the calling code does not hold it. A cown's value may"
            + " only be touched inside the body of a behaviour that has the cown in its request set,"
            + " while that body runs, or by a thread holding it through Boc.acquire; schedule the"
            + " access with boc.when(cown, ...) instead");
  }

  /**
   * The read-only view behind {@link #read}: it shares the cown's core, so requesting it queues on the
   * cown, and reads the cown's value. It may be read by a thread holding the cown either way (a cown
   * requested both ways is held writable); it may never be written.
   */
  private static final class ReadOnlyView<T> extends Cown<T> {

    private final Cown<T> viewed;

    ReadOnlyView(Cown<T> viewed) {
      super(viewed.core);
      this.viewed = viewed;
    }

    @Override
    public T get() {
      checkReadable("read");
      return viewed.value;
    }

    @Override
    public void set(T newValue) {
      throw readOnly("write");
    }

    @Override
    public boolean isException() {
      checkReadable("inspect");
      return viewed.exception != null;
    }

    @Override
    public Throwable exception() {
      checkReadable("inspect");
      return viewed.exception;
    }

    @Override
    public void setException(Throwable t) {
      throw readOnly("mark");
    }

    private void checkReadable(String action) {
      // The writable holder first: one opaque read, and it covers a cown requested both ways.
      if (!core.heldByCurrentThread() && !core.heldReadOnlyByCurrentThread()) {
        throw new IllegalStateException(
            "cannot " + action + " " + this + ": the calling code does not hold it. A read-only"
                + " view may only be read inside the body of a behaviour that requested it, while"
                + " that body runs, or by a thread holding it through Boc.acquire; schedule the"
                + " access with boc.when(Cown.read(cown), ...) instead");
      }
    }

    private IllegalStateException readOnly(String action) {
      return new IllegalStateException(
          "cannot " + action + " " + this + ": the cown was requested read-only (Cown.read or"
              + " Cown.readGroup), so this view may only be read; request the cown itself (writable)"
              + " to change it");
    }

    @Override
    public String toString() {
      return viewed + " (read-only)";
    }
  }

  @Override
  public String toString() {
    return (isPinned() ? "PinnedCown#" : "Cown#") + id();
  }
}
