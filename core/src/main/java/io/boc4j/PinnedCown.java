package io.boc4j;

import io.boc4j.internal.BodyScope;

/**
 * A cown whose value is confined to the runtime's <em>main thread</em>: for objects that must only
 * be touched by one particular thread (a Swing or JavaFX component, an OpenGL context, a driver
 * handle that is not thread-safe).
 *
 * <p>Any behaviour whose request set contains a pinned cown, alone or mixed with ordinary cowns, in
 * any position or inside a group, runs on the main thread instead of a worker: it waits in the
 * runtime's main queue until the main thread calls {@link MainThread#pump} (or waits in {@link
 * Boc#waitAll} / {@link Boc#quiesce}, which pump while they wait). Acquisition order, exclusivity
 * and the memory model are exactly those of ordinary cowns; only the thread that runs the body
 * changes.
 *
 * <p>The <em>handle</em> travels freely: it may be captured by worker behaviours, stored in other
 * cowns or collections, sent as a message or put on the noticeboard, and scheduled on from any
 * thread. Only its value is confined: like any cown's, it may be read and written only by the body
 * holding it, which for a pinned cown always runs on the main thread.
 *
 * <p>Threading: {@link #of} may be called on any thread except a worker thread.
 *
 * @param <T> the value's type
 */
public final class PinnedCown<T> extends Cown<T> {

  private PinnedCown(T initial) {
    super(initial, true);
  }

  /**
   * Creates a pinned cown holding {@code initial}. No runtime needs to be running.
   *
   * @param initial the initial value; may be null; it is never copied
   * @param <T> the value's type
   * @return a new pinned cown
   * @throws IllegalStateException on a worker thread (inside a behaviour body that runs on a
   *     worker): pinned cowns belong to the main thread
   */
  public static <T> PinnedCown<T> of(T initial) {
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "PinnedCown.of was called on worker thread " + Thread.currentThread().getName()
              + ": pinned cowns belong to the main thread; create the PinnedCown on the main thread"
              + " (or any thread that is not a worker) and pass its handle to the behaviours");
    }
    return new PinnedCown<>(initial);
  }
}
