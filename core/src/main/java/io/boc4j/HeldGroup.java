package io.boc4j;

import io.boc4j.internal.Take;
import java.util.List;

/**
 * A group of cowns taken together, synchronously, by a plain thread with {@link
 * Boc#acquire(CownGroup, java.time.Duration)}: while this handle is open the thread holds every
 * member exactly as a behaviour body over the group would, and behaviours on any member wait their
 * turn behind it. Close it (try-with-resources) to hand them all on.
 *
 * <p>Members that were read-only views ({@link Cown#readGroup}, {@link Cown#read}) are held
 * read-only: they appear here as those views, which may be read but not written.
 *
 * <p>Threading: only the thread that acquired it may use or close it.
 *
 * @param <T> the members' value type
 */
public final class HeldGroup<T> implements AutoCloseable {

  private final List<Cown<T>> cowns;
  private final Take take;

  HeldGroup(List<Cown<T>> cowns, Take take) {
    this.cowns = cowns;
    this.take = take;
  }

  /**
   * The held cowns, in the group's order (a member listed twice appears twice); their {@code get} /
   * {@code set} work on this thread until {@link #close()}.
   *
   * @return the members, unmodifiable
   */
  public List<Cown<T>> cowns() {
    return cowns;
  }

  /**
   * Shorthand for {@code cowns().get(index).get()}.
   *
   * @param index the member's position in the group
   * @return its value
   * @throws IndexOutOfBoundsException if index is out of range
   * @throws IllegalStateException after close, or on another thread
   */
  public T get(int index) {
    return cowns.get(index).get();
  }

  /**
   * Releases every member to the next behaviour in line. Idempotent.
   *
   * @throws IllegalStateException on a thread other than the one that acquired it
   */
  @Override
  public void close() {
    take.release();
  }
}
