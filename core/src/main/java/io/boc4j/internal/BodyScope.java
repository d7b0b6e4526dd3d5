package io.boc4j.internal;

import java.util.Arrays;

/**
 * Per-thread state of the behaviour body the thread is running, if any: whether it is inside a body,
 * for which runtime generation, and per-body caches such as the noticeboard's frozen view. Workers own
 * one each; any other thread (the main thread running pinned bodies, a thread holding a synchronous
 * take) gets one from a thread-local on first use.
 *
 * <p>Only the owning thread reads or writes a scope, so its fields are plain (but for {@code
 * abandoned}, which a quiescing thread may read). They sit between two lines of padding ({@link
 * LeadingLinePadding} and the fields below): a worker writes its scope on every body, and without
 * the padding the heap's compaction could put it on one line with an object the other worker
 * writes (in polluted JVMs it did: see docs/benchmarks.md).
 */
public final class BodyScope extends BodyScopeFields {

  private static final ThreadLocal<BodyScope> OTHER_THREADS = ThreadLocal.withInitial(BodyScope::new);

  // Trailing padding: 56 bytes, so that whatever follows the object starts on a later line.
  @SuppressWarnings("unused")
  private long q1;
  @SuppressWarnings("unused")
  private long q2;
  @SuppressWarnings("unused")
  private long q3;
  @SuppressWarnings("unused")
  private long q4;
  @SuppressWarnings("unused")
  private long q5;
  @SuppressWarnings("unused")
  private long q6;
  @SuppressWarnings("unused")
  private long q7;

  static final Behaviour[] NO_BEHAVIOURS = new Behaviour[0];

  BodyScope() {}

  /**
   * The noticeboard's frozen view cached for the body this thread runs, or null; cleared when the
   * body ends. Owner thread only.
   *
   * @return the cached view, or null
   */
  public Object boardView() {
    return boardView;
  }

  /**
   * Caches the noticeboard's frozen view for the rest of the body. Owner thread only.
   *
   * @param view the view
   */
  public void setBoardView(Object view) {
    boardView = view;
  }

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
    return inBody ? generation : null;
  }

  /**
   * Finishes the phase 1 of this thread's abandoned behaviour, if any, waiting for another thread
   * that claimed it first. Owner thread only; call from a frame that has stack to spare (before a new
   * {@code when}, or between bodies).
   */
  void finishAbandoned() {
    Behaviour b = abandoned;
    if (b == null) {
      return;
    }
    Acquisition.awaitFinished(b);
    abandoned = null;
  }

  void enter(Generation g) {
    // Stored only when it changes. A scope lives long (in the old generation of the heap), and under
    // G1 a store of a reference from another region into it costs a post-write barrier with a
    // StoreLoad fence; a worker's scope serves one generation for life and would pay it every body.
    if (generation != g) {
      generation = g;
    }
    inBody = true;
  }

  /**
   * Leaves the body. The generation stays recorded, unreported by {@link #generation()}, so that a
   * worker, whose bodies all belong to its own generation, does not store it again; threads that
   * are not workers call {@link #exitAndForget()} instead.
   */
  void exit() {
    inBody = false;
    boardView = null;
  }

  /**
   * Leaves the body and drops the generation: for threads that are not workers (the main thread),
   * whose thread-local scope would otherwise keep a closed runtime's generation reachable.
   */
  void exitAndForget() {
    exit();
    generation = null;
  }

  /**
   * Whether this thread holds {@code c} read-only, through its body or a synchronous take.
   *
   * @param c the cown
   * @return true while a behaviour recorded here holds it through a read-only request
   */
  public boolean holdsReadOnly(CownCore c) {
    for (int i = readingCount - 1; i >= 0; i--) {
      if (reading[i].holdsReadOnly(c)) {
        return true;
      }
    }
    return false;
  }

  void enterReading(Behaviour b) {
    if (readingCount == reading.length) {
      reading = Arrays.copyOf(reading, Math.max(2, 2 * readingCount));
    }
    reading[readingCount++] = b;
  }

  void exitReading(Behaviour b) {
    // Usually the last one; a take may be closed out of order with another held take.
    for (int i = readingCount - 1; i >= 0; i--) {
      if (reading[i] == b) {
        System.arraycopy(reading, i + 1, reading, i, readingCount - i - 1);
        reading[--readingCount] = null; // do not keep a finished behaviour reachable
        return;
      }
    }
  }
}

/**
 * {@link BodyScope}'s state, after the leading padding. Only the owning thread reads or writes it, so
 * the fields are plain, except {@link #abandoned}.
 */
abstract class BodyScopeFields extends LeadingLinePadding {
  Generation generation;
  boolean inBody;

  /** Per-body cache slot for the noticeboard's frozen view; cleared when the body ends. */
  Object boardView;

  /**
   * The behaviours through which this thread holds cowns read-only, oldest first: the body it runs
   * and any synchronous takes it holds (a main thread may pump while holding one). Read-only holds
   * cannot be recorded on the cown, as the writable holder is, because several threads may hold it
   * at once; a read-only view asks the scope of the thread touching it instead.
   */
  Behaviour[] reading = BodyScope.NO_BEHAVIOURS;

  /**
   * A behaviour whose {@code when} on this thread failed half-way through phase 1, until its phase 1
   * is finished (by this thread's next call into the runtime, by a worker after the body that made
   * the call, or by another thread that waits on it); else null. Written with a bare field store in
   * the failing call's catch (no call: the stack may be exhausted there). Read by the owner thread,
   * and by a quiescing thread looking for work nobody else will finish.
   */
  volatile Behaviour abandoned;

  int readingCount;
}
