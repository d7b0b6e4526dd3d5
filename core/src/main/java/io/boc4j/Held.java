package io.boc4j;

import io.boc4j.internal.Take;

/**
 * A cown taken synchronously by a plain thread with {@link Boc#acquire}: while this handle is open,
 * the thread holds the cown exactly as a behaviour body would, and behaviours on the cown wait their
 * turn behind it. Close it (try-with-resources) to hand the cown on.
 *
 * <p>Taken through a read-only view ({@code boc.acquire(Cown.read(c))}), the thread holds the cown
 * read-only: {@link #cown()} is the view, {@link #get()} works and {@link #set} throws.
 *
 * <p>Threading: only the thread that acquired it may use or close it.
 *
 * @param <T> the cown's value type
 */
public final class Held<T> implements AutoCloseable {

  private final Cown<T> cown;
  private final Take take;

  Held(Cown<T> cown, Take take) {
    this.cown = cown;
    this.take = take;
  }

  /**
   * The held cown (the view, if taken read-only); its {@code get}/{@code set} work on this thread
   * until {@link #close()}.
   *
   * @return the cown, as passed to {@code acquire}
   */
  public Cown<T> cown() {
    return cown;
  }

  /**
   * Shorthand for {@code cown().get()}.
   *
   * @return the value
   * @throws IllegalStateException after close, or on another thread
   */
  public T get() {
    return cown.get();
  }

  /**
   * Shorthand for {@code cown().set(v)}.
   *
   * @param v the new value
   * @throws IllegalStateException after close, or on another thread, or if taken read-only
   */
  public void set(T v) {
    cown.set(v);
  }

  /**
   * Releases the cown to the next behaviour in line. Idempotent.
   *
   * @throws IllegalStateException on a thread other than the one that acquired it
   */
  @Override
  public void close() {
    take.release();
  }
}
