package io.boc4j.internal.board;

import io.boc4j.internal.Timeouts;
import io.boc4j.internal.board.Mutation.Kind;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * The noticeboard's commit engine: posted mutations wait in one multi-producer queue and are applied
 * in queue order by whichever thread holds the commit lock, which publishes each result as an
 * immutable {@link Snapshot}.
 *
 * <h2>Implementation notes</h2>
 *
 * <b>Posting.</b> Any thread appends a {@link Mutation} to an unbounded JCTools MPSC queue and returns;
 * it never waits. Queue order is the one serial commit order, and each producer's offers stay in
 * order, so each thread's mutations commit in the order it posted them (N16).
 *
 * <p><b>Committing.</b> Only the holder of {@link #commitLock} polls the queue, which keeps the queue's
 * single-consumer rule; successive consumers are ordered by the lock's release/acquire. A holder
 * applies a batch of mutations to a copy of the current map (calling each update function exactly
 * once, N17), publishes one new {@link Snapshot} for the batch, then marks the batch processed: the
 * global count and each poster's sequence number, which {@code sync()} waits on.
 *
 * <p><b>Who commits.</b> At most one thread at a time is responsible for draining the queue: the
 * holder of the drain flag, as in Caffeine's drain status:
 *
 * <pre>
 *   drainScheduled | meaning
 *   ---------------+-------------------------------------------------------------------------
 *   false          | nobody is responsible: the next poster to CAS it to true takes over
 *   true           | a poster or a drain round is responsible; before letting go it clears the
 *                  | flag and looks at the queue again, so it sees everything offered before
 * </pre>
 *
 * A poster that wins the flag commits on its own thread if the lock is free, but only the writes and
 * deletes at the head of the queue (at most {@link #INLINE_BATCH}): a flag or best-so-far written on
 * a quiet board is visible at once, and the poster never runs user code or waits. Everything else,
 * and every update function in particular, goes to a <i>drain round</i>: a fire-and-forget behaviour
 * over no cowns that the {@link RoundScheduler} runs on the runtime. A pending update is therefore
 * in-flight work of the runtime: {@code quiesce}/{@code waitAll} wait for it, and an update function
 * that outlasts waitAll's timeout makes waitAll time out (L16), with no hook in the runtime. A round
 * commits one batch and, if work remains, schedules the next round, so other behaviours get the
 * worker in between.
 *
 * <p>A poster offers (a CAS on the producer index), then loads the flag; the holder stores false,
 * then loads the queue's indices. NOTE: both sides write one location and then read the other with
 * volatile (sequentially consistent) accesses, so either the poster sees false and takes over, or the
 * holder sees the offer and takes the flag back: no mutation is stranded (Dekker). A spurious extra
 * round is harmless (the lock serialises commits; an empty round commits nothing), a missing one
 * would strand mutations, so every failure path clears the flag rather than leave it set. If the
 * runtime cannot take a round (down, shutting down or closed: a writer racing with waitAll), the flag
 * holder runs the rounds itself on its own thread.
 *
 * <p><b>Synchronous commits.</b> {@link #sync}, {@link #seed} and {@link #commitAll} take the lock
 * and commit until their own target is reached, which also makes {@code sync()} inside a body safe on
 * a single worker (the round queued behind the body is not needed). They never touch the flag: they
 * only remove work, which cannot strand anything.
 *
 * <p><b>Generations.</b> Each runtime generation gets an epoch ({@link #onStart}); a mutation carries
 * the epoch its poster saw running. One from an ended generation (a writer racing with waitAll's
 * teardown) is discarded when polled, as if it had landed just before the teardown emptied the board,
 * and never leaks into the next generation.
 *
 * <p><b>Memory ordering of reads.</b> A committer builds a fresh map inside a new Snapshot and
 * publishes it with a release store; readers load it with acquire, so they see the map fully built.
 * The queue hands each mutation from poster to committer with release ({@code soElement}) and acquire
 * ({@code lvElement}), so a reader also sees everything the poster wrote into a value before posting
 * it. Each poster's processed sequence is stored (release) after the snapshot, so a thread whose
 * {@code sync()} loaded its sequence (acquire) reads that snapshot or a newer one afterwards, and so
 * does any behaviour ordered after it through a cown (N30). Readers need no lock and never wait.
 *
 * <p><b>Re-entrance.</b> Update functions run under the commit lock, on whichever thread commits.
 * They may read the board (they see the last published version) but must not change it, sync it or
 * wait for the runtime: {@link #rejectInsideUpdate} refuses the board operations.
 */
public final class Committer {

  /** How the runtime runs a drain round later. */
  @FunctionalInterface
  public interface RoundScheduler {

    /**
     * Schedules {@code round} to run soon on the runtime, never starting a runtime for it.
     *
     * @param round the round to run once
     * @return false if the runtime cannot take it now (down, shutting down or closed)
     */
    boolean trySchedule(Runnable round);
  }

  private static final System.Logger LOG = System.getLogger("io.boc4j.noticeboard");

  /** Mutations a drain round commits before letting other behaviours have the worker. */
  private static final int ROUND_BATCH = 256;

  /** Writes and deletes a posting thread commits at most before handing the rest to a round. */
  private static final int INLINE_BATCH = 16;

  /** Mutations sync() commits between two looks at its deadline. */
  private static final int SYNC_BATCH = 32;

  private static final VarHandle SNAPSHOT;
  private static final VarHandle DRAIN_SCHEDULED;
  private static final VarHandle PROCESSED;
  private static final VarHandle LIVE_EPOCH;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      SNAPSHOT = l.findVarHandle(Committer.class, "snapshot", Snapshot.class);
      DRAIN_SCHEDULED = l.findVarHandle(Committer.class, "drainScheduled", boolean.class);
      PROCESSED = l.findVarHandle(Committer.class, "processed", long.class);
      LIVE_EPOCH = l.findVarHandle(Committer.class, "liveEpoch", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int capacity;
  private final Object removedMarker;
  private final RoundScheduler scheduler;
  private final Runnable round = this::runScheduledRound;
  private final MpscUnboundedArrayQueue<Mutation> queue = new MpscUnboundedArrayQueue<>(128);
  private final ReentrantLock commitLock = new ReentrantLock();
  private final ThreadLocal<Poster> posters = ThreadLocal.withInitial(Poster::new);
  private final LongAdder posted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedUpdates = new AtomicLong();

  /** Mutations polled by the batch being committed. Commit-lock holder only. */
  private final ArrayList<Mutation> batch = new ArrayList<>();

  /** The map the current batch builds, or null before its first change. Commit-lock holder only. */
  private HashMap<String, Object> work;

  /** Epochs handed out so far. Only {@link #onStart} touches it, under the runtime's lifecycle lock. */
  private long epochs;

  @SuppressWarnings("unused") // accessed through SNAPSHOT
  private Snapshot snapshot = Snapshot.EMPTY;

  @SuppressWarnings("unused") // accessed through DRAIN_SCHEDULED
  private boolean drainScheduled;

  /** Mutations processed so far. Written by the commit-lock holder only. */
  @SuppressWarnings("unused") // accessed through PROCESSED
  private long processed;

  /** The running generation's epoch, or 0 when no generation is running. */
  @SuppressWarnings("unused") // accessed through LIVE_EPOCH
  private long liveEpoch;

  /**
   * Creates the engine of one noticeboard.
   *
   * @param capacity the most keys the board holds
   * @param removedMarker the value an update function returns to delete its key
   * @param scheduler runs drain rounds on the runtime
   */
  public Committer(int capacity, Object removedMarker, RoundScheduler scheduler) {
    this.capacity = capacity;
    this.removedMarker = removedMarker;
    this.scheduler = scheduler;
  }

  // --- reading: any thread, never blocks -------------------------------------------------------

  /**
   * The latest published version.
   *
   * @return the snapshot; never null
   */
  public Snapshot latest() {
    return (Snapshot) SNAPSHOT.getAcquire(this); // LoadLoad: the map is read after its reference
  }

  /**
   * The running generation's epoch.
   *
   * @return the epoch, or 0 if no generation is running
   */
  public long liveEpoch() {
    return (long) LIVE_EPOCH.getVolatile(this);
  }

  // --- posting: any thread, never blocks --------------------------------------------------------

  /**
   * Posts a write.
   *
   * @param key a valid key
   * @param value non-null
   * @param epoch the live epoch the caller saw
   */
  public void postWrite(String key, Object value, long epoch) {
    post(Kind.WRITE, key, value, null, epoch);
  }

  /**
   * Posts a delete.
   *
   * @param key a valid key
   * @param epoch the live epoch the caller saw
   */
  public void postDelete(String key, long epoch) {
    post(Kind.DELETE, key, null, null, epoch);
  }

  /**
   * Posts an update.
   *
   * @param key a valid key
   * @param fn applied once at commit
   * @param defaultValue what fn receives when the key is absent
   * @param epoch the live epoch the caller saw
   */
  public void postUpdate(String key, UnaryOperator<Object> fn, Object defaultValue, long epoch) {
    post(Kind.UPDATE, key, defaultValue, fn, epoch);
  }

  private void post(Kind kind, String key, Object value, UnaryOperator<Object> fn, long epoch) {
    Poster p = posters.get();
    long seq = ++p.posted;
    posted.increment(); // before the offer, so pendingMutations() never goes negative
    queue.offer(new Mutation(kind, key, value, fn, epoch, p, seq));
    // Dekker with commitRound(): the offer's CAS on the producer index precedes this volatile load.
    if (!(boolean) DRAIN_SCHEDULED.getVolatile(this)
        && DRAIN_SCHEDULED.compareAndSet(this, false, true)) {
      commitWritesHereOrHandOff();
    }
  }

  // --- the holder of the drain flag -------------------------------------------------------------

  /**
   * The poster that took the drain flag commits here if the board is free, but only writes and
   * deletes (no user code, so the poster never runs another thread's update function); whatever is
   * left, an update first of all, goes to a drain round.
   */
  private void commitWritesHereOrHandOff() {
    if (commitLock.tryLock()) {
      try {
        commitBatch(INLINE_BATCH, false);
      } catch (RuntimeException | Error e) {
        DRAIN_SCHEDULED.setVolatile(this, false); // a missing round strands work; an extra one is not
        throw e;
      } finally {
        commitLock.unlock();
      }
      if (!releaseFlagAndRetake()) {
        return;
      }
    }
    handOff();
  }

  /** The flag holder passes the work on: to a scheduled round, or runs rounds here if none can be. */
  private void handOff() {
    while (!trySchedule()) {
      if (!commitRound()) {
        return;
      }
    }
  }

  private boolean trySchedule() {
    try {
      return scheduler.trySchedule(round);
    } catch (RuntimeException | Error e) {
      DRAIN_SCHEDULED.setVolatile(this, false);
      throw e;
    }
  }

  /** The body of a scheduled round. */
  private void runScheduledRound() {
    if (commitRound()) {
      handOff(); // more arrived: a fresh round lets other behaviours have this worker in between
    }
  }

  /**
   * Commits one batch, updates included.
   *
   * @return whether the caller holds the drain flag again (and must hand off)
   */
  private boolean commitRound() {
    commitLock.lock();
    try {
      commitBatch(ROUND_BATCH, true);
    } catch (RuntimeException | Error e) {
      DRAIN_SCHEDULED.setVolatile(this, false);
      throw e;
    } finally {
      commitLock.unlock();
    }
    return releaseFlagAndRetake();
  }

  /**
   * Releases the drain flag, then takes it back if work remains.
   *
   * @return whether the caller holds the flag again
   */
  private boolean releaseFlagAndRetake() {
    DRAIN_SCHEDULED.setVolatile(this, false);
    // Dekker with post(): the flag store above precedes the queue's volatile index loads.
    return !queue.isEmpty() && DRAIN_SCHEDULED.compareAndSet(this, false, true);
  }

  // --- synchronous commits ----------------------------------------------------------------------

  /**
   * Commits until every mutation the calling thread posted is processed. Takes the commit lock
   * (ignoring interrupts, which are restored on return) and commits the queue up to this thread's last
   * mutation itself.
   *
   * @param deadline a {@link System#nanoTime()} deadline, or {@link Timeouts#FOREVER}
   * @return false if the deadline passed first (what is left stays with the pending round)
   */
  public boolean sync(long deadline) {
    Poster p = posters.get();
    long target = p.posted;
    if (p.lvProcessed() >= target) {
      return true;
    }
    if (!lockBefore(deadline)) {
      return false;
    }
    try {
      while (true) {
        int n = commitBatch(SYNC_BATCH, true);
        if (p.lvProcessed() >= target || n == 0) {
          return true; // n == 0 cannot leave ours behind: our offers came first and we hold the lock
        }
        if (Timeouts.remaining(deadline) <= 0) {
          return false;
        }
      }
    } finally {
      commitLock.unlock();
    }
  }

  private boolean lockBefore(long deadline) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return commitLock.tryLock(Math.max(0, Timeouts.remaining(deadline)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Commits {@code key → value} at once, after the calling thread's earlier mutations.
   *
   * @param key a valid key
   * @param value non-null
   * @param epoch the live epoch the caller saw
   * @return false if that generation has ended meanwhile (nothing was written; start one and retry)
   * @throws IllegalStateException if the key is new and the board is full
   */
  public boolean seed(String key, Object value, long epoch) {
    Poster p = posters.get();
    long target = p.posted;
    commitLock.lock();
    try {
      while (p.lvProcessed() < target && commitBatch(ROUND_BATCH, true) > 0) {
        // this thread's earlier mutations commit first (N16)
      }
      if (liveEpoch() != epoch) {
        return false;
      }
      Snapshot base = latest();
      if (!base.containsKey(key) && base.size() >= capacity) {
        throw rejectFull("seed", key);
      }
      HashMap<String, Object> next = new HashMap<>(base.entries());
      next.put(key, value);
      publish(next, base.version() + 1);
      return true;
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * Commits everything posted before the call (L14) and returns the result. For quiesce and waitAll.
   *
   * @return the committed version
   */
  public Snapshot commitAll() {
    commitLock.lock();
    try {
      long target = posted.sum();
      while ((long) PROCESSED.get(this) < target && commitBatch(ROUND_BATCH, true) > 0) {
        // a writer counted but not yet offered ends the loop early: it is concurrent (L20)
      }
      return latest();
    } finally {
      commitLock.unlock();
    }
  }

  // --- the batch ---------------------------------------------------------------------------------

  /**
   * Polls and applies up to {@code max} mutations, publishes the result once, and marks them processed.
   * Commit-lock holder only.
   *
   * @param runUpdates false to stop before the first update (its function is user code)
   * @return how many mutations were polled
   */
  private int commitBatch(int max, boolean runUpdates) {
    Snapshot base = latest();
    long version = base.version();
    long live = liveEpoch();
    work = null;
    int n = 0;
    try {
      Mutation m;
      while (n < max && (m = runUpdates ? queue.poll() : pollUnlessUpdate()) != null) {
        n++;
        batch.add(m);
        if (m.epoch == live && apply(m, base)) {
          version++;
        }
      }
    } finally {
      if (work != null) {
        publish(work, version);
        work = null;
      }
      if (n > 0) {
        PROCESSED.setRelease(this, (long) PROCESSED.get(this) + n); // single writer: the lock holder
        for (Mutation done : batch) {
          done.poster.soProcessed(done.seq); // after the publish: see "Memory ordering of reads"
        }
        batch.clear();
      }
    }
    return n;
  }

  private Mutation pollUnlessUpdate() {
    Mutation m = queue.peek();
    return m == null || m.kind == Kind.UPDATE ? null : queue.poll();
  }

  private void publish(HashMap<String, Object> entries, long version) {
    Snapshot s = new Snapshot(Collections.unmodifiableMap(entries), version);
    SNAPSHOT.setRelease(this, s); // StoreStore: the map is built before its reference is visible
  }

  /** Applies {@code m} to the batch's map. Returns whether the board changed. */
  private boolean apply(Mutation m, Snapshot base) {
    switch (m.kind) {
      case WRITE:
        return put(m.key, m.value, base, "write");
      case DELETE:
        return remove(m.key, base);
      case UPDATE:
        return update(m, base);
      default:
        throw new AssertionError(m.kind);
    }
  }

  private boolean update(Mutation m, Snapshot base) {
    Object old = work != null ? work.get(m.key) : base.get(m.key);
    Object next;
    try {
      next = m.fn.apply(old != null ? old : m.value);
    } catch (Throwable t) {
      failedUpdates.incrementAndGet();
      LOG.log(t instanceof Error ? Level.ERROR : Level.WARNING,
          "noticeboard update of key " + Keys.quote(m.key) + " failed: its function threw, so the"
              + " key keeps its old value; fix the function (counted in failedUpdates)", t);
      return false;
    }
    if (next == removedMarker) {
      return remove(m.key, base);
    }
    if (next == null) {
      failedUpdates.incrementAndGet();
      LOG.log(Level.WARNING,
          "noticeboard update of key " + Keys.quote(m.key) + " failed: its function returned null,"
              + " so the key keeps its old value; return Noticeboard.REMOVED to delete the key");
      return false;
    }
    return put(m.key, next, base, "update");
  }

  private boolean put(String key, Object value, Snapshot base, String what) {
    Map<String, Object> now = work != null ? work : base.entries();
    if (!now.containsKey(key) && now.size() >= capacity) {
      dropped.incrementAndGet();
      LOG.log(Level.WARNING,
          "noticeboard full at commit: dropped the " + what + " of new key " + Keys.quote(key)
              + " (capacity " + capacity + " keys); another writer took the last slot after this"
              + " one was checked. Delete keys that are no longer needed, or build the Boc with a"
              + " larger noticeboardCapacity (counted in droppedMutations)");
      return false;
    }
    workMap(base).put(key, value);
    return true;
  }

  private boolean remove(String key, Snapshot base) {
    Map<String, Object> now = work != null ? work : base.entries();
    if (!now.containsKey(key)) {
      return false; // deleting an absent key is a no-op (N23) and does not count as a change (N31)
    }
    workMap(base).remove(key);
    return true;
  }

  private HashMap<String, Object> workMap(Snapshot base) {
    if (work == null) {
      work = new HashMap<>(base.entries()); // copy on write: published maps never change
    }
    return work;
  }

  // --- generations -------------------------------------------------------------------------------

  /** A runtime generation started. Called under the runtime's lifecycle lock. */
  public void onStart() {
    LIVE_EPOCH.setVolatile(this, ++epochs);
    // A flag left set by the last generation (a round dropped at close) must not block this one.
    DRAIN_SCHEDULED.setVolatile(this, false);
  }

  /**
   * The generation was torn down: what is still queued is discarded and the board emptied; the
   * version keeps counting (N31). Called under the runtime's lifecycle lock.
   */
  public void onTeardown() {
    commitLock.lock();
    try {
      LIVE_EPOCH.setVolatile(this, 0L);
      while (commitBatch(ROUND_BATCH, true) > 0) {
        // every mutation left belongs to the ended generation: processed, not applied
      }
      Snapshot base = latest();
      if (base.size() > 0) {
        publish(new HashMap<>(), base.version() + 1);
      }
    } finally {
      commitLock.unlock();
    }
  }

  // --- guards and counters -----------------------------------------------------------------------

  /**
   * Throws if the calling thread is running an update function (it holds the commit lock).
   *
   * @param op the refused operation, for the message
   * @throws IllegalStateException inside an update function
   */
  public void rejectInsideUpdate(String op) {
    if (commitLock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "cannot " + op + " the noticeboard from inside an update function: update functions run"
              + " while the board is being committed; return the new value (or Noticeboard.REMOVED)"
              + " from the function instead");
    }
  }

  /**
   * Counts a mutation rejected because the board is full and returns the exception to throw.
   *
   * @param op "write", "update" or "seed"
   * @param key the new key
   * @return the exception, naming the key and the capacity
   */
  public IllegalStateException rejectFull(String op, String key) {
    rejected.increment();
    return new IllegalStateException(
        "cannot " + op + " new key " + Keys.quote(key) + ": the noticeboard is full (capacity "
            + capacity + " keys); delete keys that are no longer needed, or build the Boc with a"
            + " larger noticeboardCapacity");
  }

  /**
   * Mutations posted and not yet processed.
   *
   * @return the count, approximate while mutations are being posted
   */
  public long pending() {
    long done = (long) PROCESSED.getAcquire(this); // read first: the posted count can only be larger
    return Math.max(0, posted.sum() - done);
  }

  /**
   * Mutations rejected at the caller because the board was full.
   *
   * @return the count over the board's life
   */
  public long rejected() {
    return rejected.sum();
  }

  /**
   * Mutations dropped at commit because the board filled up after they were checked.
   *
   * @return the count over the board's life
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Update functions that threw or returned null.
   *
   * @return the count over the board's life
   */
  public long failedUpdates() {
    return failedUpdates.get();
  }
}
