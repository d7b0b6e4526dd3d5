package io.boc4j.internal;

/**
 * Per-thread state of the behaviour body the thread is running, if any: whether it is inside a body,
 * for which runtime generation, and per-body caches such as the noticeboard's frozen view. Workers own
 * one each; any other thread (the main thread running pinned bodies, a thread holding a synchronous
 * take) gets one from a thread-local on first use.
 *
 * <p>Only the owning thread reads or writes a scope, so its fields are plain.
 */
public final class BodyScope {

  private static final ThreadLocal<BodyScope> OTHER_THREADS = ThreadLocal.withInitial(BodyScope::new);

  private Generation generation;
  private boolean inBody;

  /** Per-body cache slot for the noticeboard's frozen view; cleared when the body ends. */
  public Object boardView;

  BodyScope() {}

  /**
   * Returns the calling thread's scope.
   *
   * @return the scope, never null
   */
  public static BodyScope current() {
    Thread t = Thread.currentThread();
    if (t instanceof WorkerThread) {
      return ((WorkerThread) t).scope;
    }
    return OTHER_THREADS.get();
  }

  /** Whether the calling thread is running a behaviour body (of any runtime). */
  public static boolean inBody() {
    return current().inBody;
  }

  /** Whether the calling thread is a worker thread of any runtime. */
  public static boolean onWorkerThread() {
    return Thread.currentThread() instanceof WorkerThread;
  }

  /** Whether this scope is inside a body. */
  public boolean isInBody() {
    return inBody;
  }

  /** The generation whose body is running, or null. */
  public Generation generation() {
    return generation;
  }

  void enter(Generation g) {
    generation = g;
    inBody = true;
  }

  void exit() {
    inBody = false;
    generation = null;
    boardView = null;
  }
}
