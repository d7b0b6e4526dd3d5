package io.boc4j.internal.board;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's posting record on one noticeboard: how many mutations it has posted and how many of
 * them the committer has processed (committed, or discarded as no-ops or stale). {@code sync()}
 * compares the two.
 *
 * <p>Threading: {@link #posted} belongs to the owning thread (plain). {@link #processed} is written by
 * whichever thread holds the commit lock (release) and read by the owner (acquire).
 */
final class Poster {

  private static final VarHandle PROCESSED;

  static {
    try {
      PROCESSED = MethodHandles.lookup().findVarHandle(Poster.class, "processed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Sequence number of this thread's latest posted mutation. Owner thread only. */
  long posted;

  @SuppressWarnings("unused") // accessed through PROCESSED
  private long processed;

  /** The owner's processed count; acquire pairs with {@link #soProcessed}. */
  long lvProcessed() {
    return (long) PROCESSED.getAcquire(this); // LoadLoad: later board reads see the published version
  }

  /** Commit-lock holder: everything up to {@code seq} is processed and its version published. */
  void soProcessed(long seq) {
    PROCESSED.setRelease(this, seq); // StoreStore: the snapshot store comes first (see Committer)
  }
}
