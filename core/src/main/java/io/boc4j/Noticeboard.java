package io.boc4j;

import io.boc4j.internal.BodyScope;
import io.boc4j.internal.Timeouts;
import io.boc4j.internal.board.Committer;
import io.boc4j.internal.board.FrozenView;
import io.boc4j.internal.board.Keys;
import io.boc4j.internal.board.Snapshot;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The noticeboard of a {@link Boc} runtime: a small global key-value board for read-mostly data that
 * does not warrant a cown, such as flags, configuration and best-so-far results.
 * Obtain it with {@link Boc#noticeboard()}.
 *
 * <h2>Writing</h2>
 *
 * {@link #write}, {@link #delete} and {@link #update} are fire-and-forget: the call checks its
 * arguments, posts the mutation and returns; it never waits for other behaviours. Mutations are
 * committed later in one serial order, each thread's in the order it posted them. {@code update}
 * applies its function exactly once, atomically, to the value current at that point of the order. A
 * mutation has no order relative to behaviours, not even to ones chained through a cown, unless the
 * writer calls {@link #sync()}. {@link #seed} commits at once, for set-up before scheduling. {@link
 * Boc#quiesce} and {@link Boc#waitAll} commit every posted mutation before they return the final board.
 *
 * <h2>Reading</h2>
 *
 * Inside a behaviour body, the first {@link #read} or {@link #snapshot} fixes one committed version
 * and every later read in that body returns it, even after the body's own writes; the next body gets a
 * fresh view. Outside bodies, each call returns the latest committed version. Readers never block.
 *
 * <h2>Limits and values</h2>
 *
 * The board holds at most {@link #capacity()} keys (default 64, {@link
 * Boc.Builder#noticeboardCapacity}). A key is a non-empty string of at most {@link #maxKeyBytes()}
 * UTF-8 bytes (default 63, {@link Boc.Builder#noticeboardMaxKeyBytes}) without NUL characters; keys are
 * checked on the calling thread, so inside a body a bad key lands on the body's result cown. Values are
 * any non-null objects, stored by reference and never copied; they may hold cowns. The board publishes
 * a value safely, but does not guard its later mutation: store immutable values, or cowns.
 *
 * <h2>Life cycle</h2>
 *
 * Mutations, {@code sync} and {@code seed} need the runtime: {@code write}, {@code update}, {@code
 * delete} and {@code sync} throw {@link IllegalStateException} while no runtime is running, and
 * {@code seed} starts it. {@code waitAll} empties the board; {@link #version()} keeps counting across
 * restarts. After {@link Boc#close()} the mutators throw.
 *
 * <h2>Threading and cost</h2>
 *
 * Every method may be called from any thread, inside or outside bodies, except {@code seed}, which is
 * refused on worker threads. On a quiet board a write or delete is committed on the posting thread
 * before the call returns (cheap, and never running user code); otherwise, and for every update,
 * the commit runs in a <i>drain round</i>: a runtime-internal fire-and-forget behaviour over no cowns.
 * Pending mutations are therefore in-flight work for {@code quiesce}/{@code waitAll}, and a slow update
 * function can make them time out; drain rounds also appear in the runtime's totals and per-worker
 * statistics. An update function runs on whichever thread commits, usually a worker; it should be
 * quick and free of side effects, may read the board, and must not change it, sync it or call into
 * the runtime.
 */
public final class Noticeboard {

  /**
   * The value an {@link #update} function returns to delete its key. A non-null singleton whose
   * {@code toString()} is {@code "REMOVED"}; compare by identity.
   */
  public static final Object REMOVED =
      new Object() {
        @Override
        public String toString() {
          return "REMOVED";
        }
      };

  private static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(30);

  private final BoardRuntime boc;
  private final int capacity;
  private final int maxKeyBytes;
  private final Committer committer;

  Noticeboard(BoardRuntime boc, int capacity, int maxKeyBytes) {
    this.boc = boc;
    this.capacity = capacity;
    this.maxKeyBytes = maxKeyBytes;
    this.committer = new Committer(capacity, REMOVED, this::scheduleRound);
  }

  // --- mutations --------------------------------------------------------------------------------

  /**
   * Posts {@code key → value}; it replaces any value the key holds. Fire-and-forget.
   *
   * @param key the key
   * @param value the value, stored by reference
   * @throws IllegalStateException if no runtime is running (checked first), the runtime is closed,
   *     the key is new and the board is visibly full, or inside an update function
   * @throws NullPointerException if key or value is null
   * @throws IllegalArgumentException if the key is empty, too long or holds a NUL character
   */
  public void write(String key, Object value) {
    long epoch = requireLive("write to");
    Keys.check(key, maxKeyBytes, "write to");
    Objects.requireNonNull(value, () -> "cannot write key \"" + key + "\" to the noticeboard: the"
        + " value is null; values must be non-null (use delete() to remove a key)");
    requireRoom(key, "write");
    committer.postWrite(key, value, epoch);
  }

  /**
   * Posts the deletion of {@code key}; deleting an absent key is a no-op. Deleting frees the key's
   * slot. Fire-and-forget.
   *
   * @param key the key
   * @throws IllegalStateException if no runtime is running (checked first), the runtime is closed, or
   *     inside an update function
   * @throws NullPointerException if key is null
   * @throws IllegalArgumentException if the key is empty, too long or holds a NUL character
   */
  public void delete(String key) {
    long epoch = requireLive("delete from");
    Keys.check(key, maxKeyBytes, "delete from");
    committer.postDelete(key, epoch);
  }

  /**
   * Posts an update: at its place in the commit order, {@code fn} is applied exactly once, atomically,
   * to the key's current value, or to {@code defaultValue} if the key is absent, and its result
   * becomes the key's value. Returning {@link #REMOVED} deletes the key. If {@code fn} throws or
   * returns null, the key keeps its old value and the failure is logged and counted in {@link
   * #failedUpdates()}; it never reaches the caller. Fire-and-forget.
   *
   * @param key the key
   * @param fn a quick, side-effect-free function; see the class notes on where it runs
   * @param defaultValue what {@code fn} receives when the key is absent; may be null
   * @throws IllegalStateException if no runtime is running (checked first), the runtime is closed,
   *     the key is new and the board is visibly full, or inside an update function
   * @throws NullPointerException if key or fn is null
   * @throws IllegalArgumentException if the key is empty, too long or holds a NUL character
   */
  public void update(String key, UnaryOperator<Object> fn, Object defaultValue) {
    long epoch = requireLive("update");
    Keys.check(key, maxKeyBytes, "update");
    Objects.requireNonNull(fn, () -> "cannot update key \"" + key + "\" on the noticeboard: the"
        + " function is null; pass a function from the old value to the new one");
    requireRoom(key, "update");
    committer.postUpdate(key, fn, defaultValue, epoch);
  }

  /**
   * Commits {@code key → value} before returning, after this thread's earlier mutations; the calling
   * thread and every behaviour scheduled afterwards see it. Starts the runtime if it is down. Meant
   * for set-up before scheduling; inside behaviours use {@link #write}.
   *
   * @param key the key
   * @param value the value, stored by reference
   * @throws IllegalStateException on a worker thread, if the runtime is closed, if the key is new and
   *     the board is full, or inside an update function
   * @throws NullPointerException if key or value is null
   * @throws IllegalArgumentException if the key is empty, too long or holds a NUL character
   */
  public void seed(String key, Object value) {
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "cannot seed the noticeboard from a worker thread: seed commits synchronously and is meant"
              + " for set-up before scheduling; use write() (and sync() if needed) inside behaviours");
    }
    if (boc.isClosed()) {
      throw closed("seed");
    }
    committer.rejectInsideUpdate("seed");
    Keys.check(key, maxKeyBytes, "seed");
    Objects.requireNonNull(value, () -> "cannot seed key \"" + key + "\" on the noticeboard: the"
        + " value is null; values must be non-null");
    while (true) {
      boc.ensureStarted();
      long epoch = liveEpoch();
      if (epoch != 0 && committer.seed(key, value, epoch)) {
        return;
      }
      // a waitAll on another thread tore the runtime down in between: start a fresh one and retry
    }
  }

  /**
   * Waits until every mutation the calling thread has posted is committed, for at most 30 seconds. See
   * {@link #sync(Duration)}.
   *
   * @throws TimeoutException if they are not committed within 30 seconds
   * @throws IllegalStateException if no runtime is running, or inside an update function
   */
  public void sync() throws TimeoutException {
    sync(DEFAULT_SYNC_TIMEOUT);
  }

  /**
   * Waits until every mutation the calling thread has posted is committed. Afterwards this thread's
   * reads outside bodies, and every behaviour ordered after this call (through a cown or a result
   * cown), see them. Inside a body it does not change the body's frozen view. If the committer is
   * busy, the calling thread commits the queue up to its own mutations itself, so sync never waits
   * for a worker, and is safe inside a body on a single worker. Interrupts do not end the wait; the
   * interrupt status is kept.
   *
   * @param timeout how long to wait; ZERO checks once
   * @throws TimeoutException if they are not committed within {@code timeout}
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   * @throws IllegalStateException if no runtime is running, or inside an update function
   */
  public void sync(Duration timeout) throws TimeoutException {
    long deadline = Timeouts.deadline(timeout, "sync timeout");
    requireLive("sync");
    if (!committer.sync(deadline)) {
      throw new TimeoutException(
          "noticeboard sync: mutations this thread posted were not committed within " + timeout
              + " (" + committer.pending() + " pending on the board); the committer is busy, for"
              + " example with a slow update function: sync again or give it more time");
    }
  }

  // --- reads --------------------------------------------------------------------------------------

  /**
   * The value of {@code key}: in a body, from the body's frozen view; outside, the latest committed.
   *
   * @param key the key
   * @return the value, or null if absent
   * @throws NullPointerException if key is null
   * @throws IllegalArgumentException if the key is empty, too long or holds a NUL character
   */
  public Object read(String key) {
    Keys.check(key, maxKeyBytes, "read");
    return FrozenView.of(committer).get(key);
  }

  /**
   * The value of {@code key}, or {@code defaultValue} if absent. See {@link #read(String)}.
   *
   * @param key the key
   * @param defaultValue returned when the key is absent
   * @param <T> the expected type; a value of another type fails with ClassCastException where used
   * @return the value or the default
   * @throws NullPointerException if key is null
   * @throws IllegalArgumentException if the key is empty, too long or holds a NUL character
   */
  @SuppressWarnings("unchecked")
  public <T> T read(String key, T defaultValue) {
    Object v = read(key);
    return v != null ? (T) v : defaultValue;
  }

  /**
   * All entries: in a body, the body's frozen view; outside, the latest committed version.
   *
   * @return an unmodifiable map (empty, never null, when the board is empty); it never changes
   */
  public Map<String, Object> snapshot() {
    return FrozenView.of(committer).entries();
  }

  /**
   * The commit counter: rises with every committed change (not with no-ops such as deleting an absent
   * key or a failed update function) and never decreases, across restarts too. Always the latest
   * committed value, also inside bodies.
   *
   * @return the counter
   */
  public long version() {
    return committer.latest().version();
  }

  // --- metrics -----------------------------------------------------------------------------------

  /**
   * The board's figures in one record (also part of {@link Boc#stats()}). No side effects; takes no
   * lock that behaviours take.
   *
   * @return the figures
   */
  public NoticeboardStats stats() {
    return new NoticeboardStats(size(), capacity, version(), pendingMutations(), rejectedWrites(),
        droppedMutations(), failedUpdates());
  }

  /**
   * The number of entries in the latest committed version.
   *
   * @return the count
   */
  public int size() {
    return committer.latest().size();
  }

  /**
   * Mutations posted and not yet committed (approximate while threads are posting).
   *
   * @return the count
   */
  public long pendingMutations() {
    return committer.pending();
  }

  /**
   * Writes, updates and seeds of a new key rejected on the calling thread because the board was full.
   *
   * @return the count over this runtime's life
   */
  public long rejectedWrites() {
    return committer.rejected();
  }

  /**
   * Writes and updates of a new key that passed the caller's check but found the board full at commit
   * (another writer took the last slot in between); each was logged.
   *
   * @return the count over this runtime's life
   */
  public long droppedMutations() {
    return committer.dropped();
  }

  /**
   * Update functions that threw or returned null; each was logged.
   *
   * @return the count over this runtime's life
   */
  public long failedUpdates() {
    return committer.failedUpdates();
  }

  /**
   * The most keys the board holds.
   *
   * @return the configured capacity
   */
  public int capacity() {
    return capacity;
  }

  /**
   * The longest key in UTF-8 bytes.
   *
   * @return the configured limit
   */
  public int maxKeyBytes() {
    return maxKeyBytes;
  }

  // --- runtime hooks -----------------------------------------------------------------------------

  /** Runtime hook: a generation started. Called under the runtime's lifecycle lock. */
  void onStart() {
    committer.onStart();
  }

  /**
   * Runtime hook (quiesce / waitAll, after quiescence): commits every posted mutation and returns the
   * final map, detached and unmodifiable.
   */
  Map<String, Object> commitAndSnapshot() {
    committer.rejectInsideUpdate("wait for");
    return committer.commitAll().entries();
  }

  /** Runtime hook: the generation was torn down; the board is emptied, the version kept. */
  void onTeardown() {
    committer.onTeardown();
  }

  // --- internals ---------------------------------------------------------------------------------

  /**
   * Runs a drain round as a fire-and-forget behaviour over no cowns, so that pending mutations are
   * in-flight work. Never starts a runtime: a writer that raced with waitAll's teardown must not bring
   * it back; the committer then drains on the writer's thread.
   */
  private boolean scheduleRound(Runnable round) {
    try {
      return boc.runInternal(round::run);
    } catch (RuntimeException refused) { // an injected failure
      return false;
    }
  }

  /** The live epoch for a mutation, or throws if the runtime cannot take one. */
  private long requireLive(String op) {
    if (boc.isClosed() && !BodyScope.inBody()) { // bodies finishing during close may still write
      throw closed(op);
    }
    committer.rejectInsideUpdate(op);
    long epoch = liveEpoch();
    if (epoch == 0) {
      throw new IllegalStateException(
          "cannot " + op + " the noticeboard: no Boc runtime is running (it starts with the first"
              + " when(), run() or start(), and waitAll() stops it); schedule behaviours first, or"
              + " call seed() to set the board up before scheduling");
    }
    return epoch;
  }

  /**
   * The live epoch, or 0 if no runtime is running. The runtime opens the board before it publishes a
   * new generation and clears the generation before it closes the board, both under its lifecycle
   * lock, so a caller that sees a running runtime also sees the board open.
   */
  private long liveEpoch() {
    return committer.liveEpoch();
  }

  private static IllegalStateException closed(String op) {
    return new IllegalStateException(
        "cannot " + op + " the noticeboard: this Boc runtime is closed; create a new Boc to use a"
            + " noticeboard again");
  }

  /** N11: a new key is refused on the caller's thread when the latest committed version is full. */
  private void requireRoom(String key, String op) {
    Snapshot s = committer.latest();
    if (!s.containsKey(key) && s.size() >= capacity) {
      throw committer.rejectFull(op, key);
    }
  }

  /**
   * What the board needs from its runtime: whether it is closed, starting it for {@code seed}, and
   * scheduling the drain rounds. Implemented by the runtime's life cycle, so that the board does not
   * depend on the {@link Boc} façade (and the façade on it, in a circle).
   */
  interface BoardRuntime {
    /** Whether the runtime was closed. */
    boolean isClosed();

    /** Starts the runtime if it is down. */
    void ensureStarted();

    /** Schedules an internal action on the running generation only; false if none runs. */
    boolean runInternal(Action.Of0 action);
  }
}
