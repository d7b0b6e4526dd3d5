package io.boc4j;

import io.boc4j.internal.Behaviour;
import io.boc4j.internal.CownCore;
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
 * <p>Threading: {@link #get}, {@link #set}, {@link #isException}, {@link #exception} and {@link
 * #setException} may only be called by the holder; anyone else gets {@link IllegalStateException}.
 * {@link #id()}, {@link #isPinned()} and {@link #toString()} may be called by any thread.
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
  Cown(Behaviour owner) {
    this.core = new CownCore(owner);
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
   * Returns the value. Holder only.
   *
   * @return the value (null for the result of a body that threw)
   * @throws IllegalStateException if the calling code does not hold this cown
   */
  public final T get() {
    checkHeld("read");
    return value;
  }

  /**
   * Replaces the value and clears any exception. Holder only.
   *
   * @param newValue the new value; may be null
   * @throws IllegalStateException if the calling code does not hold this cown
   */
  public final void set(T newValue) {
    checkHeld("write");
    value = newValue;
    exception = null;
  }

  /**
   * Whether this cown carries an exception (the result of a body that threw). Holder only.
   *
   * @return true if {@link #exception()} is non-null
   * @throws IllegalStateException if the calling code does not hold this cown
   */
  public final boolean isException() {
    checkHeld("inspect");
    return exception != null;
  }

  /**
   * Returns the exception this cown carries, or null. Holder only.
   *
   * @return the very Throwable the body threw, or one set by {@link #setException}
   * @throws IllegalStateException if the calling code does not hold this cown
   */
  public final Throwable exception() {
    checkHeld("inspect");
    return exception;
  }

  /**
   * Marks this cown as carrying {@code t} (null clears it); the value is left unchanged. Holder only.
   *
   * @param t the exception, or null to clear
   * @throws IllegalStateException if the calling code does not hold this cown
   */
  public final void setException(Throwable t) {
    checkHeld("mark");
    exception = t;
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
      throw new IllegalStateException(
          "cannot " + action + " " + this + ": the calling code does not hold it. A cown's value may"
              + " only be touched inside the body of a behaviour that has the cown in its request set,"
              + " while that body runs, or by a thread holding it through Boc.acquire; schedule the"
              + " access with boc.when(cown, ...) instead");
    }
  }

  @Override
  public String toString() {
    return (isPinned() ? "PinnedCown#" : "Cown#") + id();
  }
}
