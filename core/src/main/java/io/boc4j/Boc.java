package io.boc4j;

import io.boc4j.UserBehaviour.Shape;
import io.boc4j.internal.Behaviour;
import io.boc4j.internal.BodyScope;
import io.boc4j.internal.Generation;
import io.boc4j.internal.Take;
import io.boc4j.internal.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A Behaviour-Oriented Concurrency runtime: schedules behaviours over cowns on a pool of workers.
 *
 * <p>{@code when(a, b, body)} returns at once; the runtime later runs {@code body} on a worker once it
 * holds {@code a} and {@code b} exclusively. Behaviours over overlapping cown sets run in the order
 * their {@code when}s happened; behaviours over disjoint sets run in parallel. Acquisition is ordered
 * two-phase locking over per-cown request queues, so there is no deadlock.
 *
 * <h2>Life cycle</h2>
 *
 * The first {@code when} (or {@link #start}) starts a generation of worker threads. {@link #quiesce}
 * waits until every behaviour has completed and keeps the workers; {@link #waitAll} waits the same
 * way and then tears the workers down; the next {@code when} starts a fresh generation (cowns survive).
 * {@link #close()} waits and shuts down for good.
 *
 * <h2>Threading</h2>
 *
 * Every method may be called from any thread. {@code when} and {@code run} are also meant to be called
 * from inside bodies, and never block there. {@link #waitAll}, {@link #quiesce}, {@link #close()},
 * {@link #acquire} and {@link #start} are rejected inside bodies, where they would deadlock.
 */
public final class Boc implements AutoCloseable {

  private final int defaultWorkers;
  private final Duration shutdownTimeout;
  private final String threadNamePrefix;
  private final Noticeboard noticeboard;
  private final Object lifecycle = new Object();
  private volatile Generation current;
  private volatile boolean closed;

  /** A runtime with the defaults of {@link Builder}. */
  public Boc() {
    this(builder());
  }

  private Boc(Builder b) {
    this.defaultWorkers = b.workers;
    this.shutdownTimeout = b.shutdownTimeout;
    this.threadNamePrefix = b.threadNamePrefix;
    this.noticeboard = new Noticeboard(this, b.noticeboardCapacity, b.noticeboardMaxKeyBytes);
  }

  /**
   * This runtime's noticeboard: a small key-value board for read-mostly shared data.
   *
   * @return the noticeboard (the same instance for the runtime's life)
   */
  public Noticeboard noticeboard() {
    return noticeboard;
  }

  /**
   * A builder for a runtime's configuration.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // --- when: returns a result cown ------------------------------------------------------------

  /**
   * Schedules a body over no cowns; it runs on a worker.
   *
   * @param body the body
   * @param <R> result type
   * @return the result cown, held until the body finishes
   * @throws NullPointerException if body is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <R> ResultCown<R> when(Body.Of0<R> body) {
    return submitWithResult(UserBehaviour.ofAll(Shape.WHEN0, requireBody(body), NONE));
  }

  /**
   * Schedules {@code body} to run once {@code a} is held.
   *
   * @param a a cown or group
   * @param body receives {@code a.delivered()}
   * @param <A> what the body receives
   * @param <R> result type
   * @return the result cown, held until the body finishes
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, R> ResultCown<R> when(Acquirable<A> a, Body.Of1<A, R> body) {
    requireBody(body);
    if (requireArg(a, 1) instanceof Cown) {
      return submitWithResult(UserBehaviour.ofOne(Shape.WHEN1, body, (Cown<?>) a));
    }
    return submitWithResult(UserBehaviour.of(Shape.WHEN1, body, a));
  }

  /**
   * Schedules {@code body} to run once {@code a} and {@code b} are both held.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param body receives the delivered arguments in order
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <R> result type
   * @return the result cown, held until the body finishes
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, R> ResultCown<R> when(Acquirable<A> a, Acquirable<B> b, Body.Of2<A, B, R> body) {
    requireBody(body);
    if (requireArg(a, 1) instanceof Cown && requireArg(b, 2) instanceof Cown) {
      return submitWithResult(UserBehaviour.ofTwo(Shape.WHEN2, body, (Cown<?>) a, (Cown<?>) b));
    }
    return submitWithResult(UserBehaviour.of(Shape.WHEN2, body, a, b));
  }

  /**
   * Schedules {@code body} over three arguments. See {@link #when(Acquirable, Acquirable, Body.Of2)}.
   *
   * @param a 1st @param b 2nd @param c 3rd
   * @param body receives the delivered arguments in order
   * @param <A> 1st @param <B> 2nd @param <C> 3rd @param <R> result type
   * @return the result cown
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, R> ResultCown<R> when(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Body.Of3<A, B, C, R> body) {
    return submitWithResult(UserBehaviour.of(Shape.WHEN3, requireBody(body), args(a, b, c)));
  }

  /**
   * Schedules {@code body} over four arguments. See {@link #when(Acquirable, Acquirable, Body.Of2)}.
   *
   * @param a 1st @param b 2nd @param c 3rd @param d 4th
   * @param body receives the delivered arguments in order
   * @param <A> 1st @param <B> 2nd @param <C> 3rd @param <D> 4th @param <R> result type
   * @return the result cown
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D, R> ResultCown<R> when(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d,
      Body.Of4<A, B, C, D, R> body) {
    return submitWithResult(UserBehaviour.of(Shape.WHEN4, requireBody(body), args(a, b, c, d)));
  }

  /**
   * Schedules {@code body} over five arguments. See {@link #when(Acquirable, Acquirable, Body.Of2)}.
   *
   * @param a 1st @param b 2nd @param c 3rd @param d 4th @param e 5th
   * @param body receives the delivered arguments in order
   * @param <A> 1st @param <B> 2nd @param <C> 3rd @param <D> 4th @param <E> 5th @param <R> result
   * @return the result cown
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D, E, R> ResultCown<R> when(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d, Acquirable<E> e,
      Body.Of5<A, B, C, D, E, R> body) {
    return submitWithResult(
        UserBehaviour.of(Shape.WHEN5, requireBody(body), args(a, b, c, d, e)));
  }

  /**
   * Schedules {@code body} over a dynamic request: any number of cowns and groups, possibly none
   * (then the body runs on a worker with nothing held). The body receives one delivered object per
   * argument, in iteration order.
   *
   * @param request the cowns and groups; the collection is copied
   * @param body the body
   * @param <R> result type
   * @return the result cown
   * @throws NullPointerException if the collection, an element or the body is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <R> ResultCown<R> whenAll(
      Collection<? extends Acquirable<?>> request, Body.OfAll<R> body) {
    return submitWithResult(UserBehaviour.ofAll(Shape.WHEN_ALL, requireBody(body), args(request)));
  }

  // --- run: fire-and-forget -------------------------------------------------------------------

  /**
   * Fire-and-forget over no cowns: like {@link #when(Body.Of0)} with no result cown; a throwing
   * action is counted as failed and logged. Ordering and exclusivity rules are the same.
   *
   * @param action the action
   * @throws NullPointerException if action is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public void run(Action.Of0 action) {
    submit(UserBehaviour.ofAll(Shape.RUN0, requireBody(action), NONE));
  }

  /**
   * Fire-and-forget over one argument. See {@link #run(Action.Of0)}.
   *
   * @param a cown or group
   * @param action the action
   * @param <A> delivered type
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A> void run(Acquirable<A> a, Action.Of1<A> action) {
    requireBody(action);
    if (requireArg(a, 1) instanceof Cown) {
      submit(UserBehaviour.ofOne(Shape.RUN1, action, (Cown<?>) a));
    } else {
      submit(UserBehaviour.of(Shape.RUN1, action, a));
    }
  }

  /**
   * Fire-and-forget over two arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st @param b 2nd
   * @param action the action
   * @param <A> 1st @param <B> 2nd
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B> void run(Acquirable<A> a, Acquirable<B> b, Action.Of2<A, B> action) {
    requireBody(action);
    if (requireArg(a, 1) instanceof Cown && requireArg(b, 2) instanceof Cown) {
      submit(UserBehaviour.ofTwo(Shape.RUN2, action, (Cown<?>) a, (Cown<?>) b));
    } else {
      submit(UserBehaviour.of(Shape.RUN2, action, a, b));
    }
  }

  /**
   * Fire-and-forget over three arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st @param b 2nd @param c 3rd
   * @param action the action
   * @param <A> 1st @param <B> 2nd @param <C> 3rd
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C> void run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Action.Of3<A, B, C> action) {
    submit(UserBehaviour.of(Shape.RUN3, requireBody(action), args(a, b, c)));
  }

  /**
   * Fire-and-forget over four arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st @param b 2nd @param c 3rd @param d 4th
   * @param action the action
   * @param <A> 1st @param <B> 2nd @param <C> 3rd @param <D> 4th
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D> void run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d,
      Action.Of4<A, B, C, D> action) {
    submit(UserBehaviour.of(Shape.RUN4, requireBody(action), args(a, b, c, d)));
  }

  /**
   * Fire-and-forget over five arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st @param b 2nd @param c 3rd @param d 4th @param e 5th
   * @param action the action
   * @param <A> 1st @param <B> 2nd @param <C> 3rd @param <D> 4th @param <E> 5th
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D, E> void run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d, Acquirable<E> e,
      Action.Of5<A, B, C, D, E> action) {
    submit(UserBehaviour.of(Shape.RUN5, requireBody(action), args(a, b, c, d, e)));
  }

  /**
   * Fire-and-forget over a dynamic request. See {@link #whenAll}.
   *
   * @param request the cowns and groups
   * @param action the action
   * @throws NullPointerException if the collection, an element or the action is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public void runAll(Collection<? extends Acquirable<?>> request, Action.OfAll action) {
    submit(UserBehaviour.ofAll(Shape.RUN_ALL, requireBody(action), args(request)));
  }

  // --- synchronous take -----------------------------------------------------------------------

  /**
   * Takes {@code cown} on the calling thread, waiting for its turn in the same order as behaviours:
   * behaviours scheduled before this call run first, and those scheduled while it is held run after
   * {@link Held#close()}. Typical use: {@code try (var h = boc.acquire(c)) { ... h.get() ... }}.
   *
   * @param cown the cown
   * @param <T> value type
   * @return the handle; close it to release
   * @throws NullPointerException if cown is null
   * @throws IllegalStateException inside a behaviour body (it would deadlock), or if closed
   */
  public <T> Held<T> acquire(Cown<T> cown) {
    try {
      return acquire(cown, null);
    } catch (TimeoutException impossible) {
      throw new AssertionError(impossible);
    }
  }

  /**
   * Like {@link #acquire(Cown)} but gives up after {@code timeout}; the queued request is then
   * cancelled and passes the cown on as soon as it is granted.
   *
   * @param cown the cown
   * @param timeout how long to wait; null waits forever
   * @param <T> value type
   * @return the handle; close it to release
   * @throws TimeoutException if the cown was not granted in time
   * @throws NullPointerException if cown is null
   * @throws IllegalArgumentException if timeout is negative
   * @throws IllegalStateException inside a behaviour body (it would deadlock), or if closed
   */
  public <T> Held<T> acquire(Cown<T> cown, Duration timeout) throws TimeoutException {
    Objects.requireNonNull(cown, "acquire: cown is null");
    rejectInBody("acquire a cown synchronously",
        "schedule the work with when(cown, ...) instead");
    long deadline = Timeouts.deadlineOrForever(timeout, "acquire timeout");
    Take take = new Take(cown);
    submit(take);
    if (!take.await(deadline)) {
      throw new TimeoutException("acquire: " + cown + " was not granted within " + timeout);
    }
    return new Held<>(cown, take);
  }

  // --- life cycle -----------------------------------------------------------------------------

  /**
   * Starts the runtime with the configured worker count if it is not running. A no-op if running.
   *
   * @return this runtime
   * @throws IllegalStateException on a worker thread, or if closed
   */
  public Boc start() {
    startGeneration(0);
    return this;
  }

  /**
   * Starts the runtime with {@code workers} workers. A no-op if it is running with that count.
   *
   * @param workers the worker count, at least 1
   * @return this runtime
   * @throws IllegalArgumentException if workers &lt; 1
   * @throws IllegalStateException if running with a different count, on a worker thread, or if closed
   */
  public Boc start(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException(
          "start: worker count must be at least 1, got " + workers);
    }
    startGeneration(workers);
    return this;
  }

  /**
   * Waits until every scheduled behaviour, including those scheduled meanwhile by bodies, has
   * completed, and keeps the runtime running: a checkpoint, not a shutdown.
   *
   * @param timeout how long to wait; ZERO checks once
   * @return per-worker statistics and the noticeboard, sampled at quiescence
   * @throws TimeoutException if behaviours are still in flight after timeout (nothing is torn down)
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   * @throws IllegalStateException inside a behaviour body
   */
  public WaitResult quiesce(Duration timeout) throws TimeoutException, InterruptedException {
    rejectInBody("quiesce", "call it from outside behaviours");
    long deadline = Timeouts.deadline(timeout, "quiesce timeout");
    Generation g = current;
    if (g == null) {
      return WaitResult.EMPTY;
    }
    g.terminator().awaitZero(deadline, String.valueOf(timeout), null);
    Map<String, Object> board = noticeboard.commitAndSnapshot();
    return new WaitResult(g.workerStats(), board);
  }

  /**
   * Waits like {@link #quiesce} and then tears the runtime down (workers joined). A later {@code
   * when} starts a fresh runtime; cowns survive. Idempotent.
   *
   * @param timeout how long to wait; ZERO checks once
   * @return per-worker statistics and the final noticeboard
   * @throws TimeoutException if behaviours are still in flight after timeout (nothing is torn down)
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   * @throws IllegalStateException inside a behaviour body
   */
  public WaitResult waitAll(Duration timeout) throws TimeoutException, InterruptedException {
    rejectInBody("waitAll", "call it from outside behaviours");
    long deadline = Timeouts.deadline(timeout, "waitAll timeout");
    while (true) {
      Generation g = current;
      if (g == null) {
        return WaitResult.EMPTY;
      }
      g.terminator().awaitZero(deadline, String.valueOf(timeout), null);
      synchronized (lifecycle) {
        if (current != g || !g.tryBeginStop()) {
          continue; // torn down by another caller, or new work arrived: look again
        }
        List<WorkerStats> stats = g.workerStats();
        Map<String, Object> board = noticeboard.commitAndSnapshot();
        g.stop();
        noticeboard.onTeardown();
        current = null;
        return new WaitResult(stats, board);
      }
    }
  }

  /**
   * Waits for every behaviour (at most the configured shutdown timeout), drops whatever has not
   * started by then (its result cown gets an {@link IllegalStateException} saying it was dropped at
   * shutdown), and shuts the runtime down for good. Idempotent. Afterwards {@code when}, {@code run},
   * {@code start} and {@code acquire} throw {@link IllegalStateException}.
   *
   * @throws IllegalStateException inside a behaviour body
   */
  @Override
  public void close() {
    rejectInBody("close", "call it from outside behaviours");
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true; // refuse new external work from now on
    }
    boolean interrupted = false;
    try {
      try {
        waitAll(shutdownTimeout);
        return;
      } catch (TimeoutException e) {
        Generation g = current;
        if (g != null) {
          g.dropUnstarted();
          waitAll(shutdownTimeout);
        }
      }
    } catch (TimeoutException e) {
      UserBehaviour.LOG.log(System.Logger.Level.WARNING,
          "close: bodies still running after the shutdown timeout; their workers are abandoned");
      abandon();
    } catch (InterruptedException e) {
      interrupted = true;
      abandon();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void abandon() {
    synchronized (lifecycle) {
      Generation g = current;
      current = null;
      if (g != null) {
        g.abandon();
      }
    }
  }

  /**
   * Whether a runtime generation is running.
   *
   * @return true between start and teardown
   */
  public boolean isRunning() {
    return current != null;
  }

  /**
   * Whether {@link #close()} has been called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * The running generation's worker count, or 0 when not running.
   *
   * @return the count
   */
  public int workerCount() {
    Generation g = current;
    return g == null ? 0 : g.workerCount();
  }

  /**
   * Live per-worker statistics of the running generation; empty when not running. No side effects.
   *
   * @return one record per worker, in index order
   */
  public List<WorkerStats> workerStats() {
    Generation g = current;
    return g == null ? List.of() : g.workerStats();
  }

  /**
   * Totals of the running generation; {@link RuntimeTotals#NONE} when not running.
   *
   * @return the totals
   */
  public RuntimeTotals totals() {
    Generation g = current;
    if (g == null) {
      return RuntimeTotals.NONE;
    }
    return new RuntimeTotals(
        g.scheduledTotal(), g.completedTotal(), g.failedTotal(), g.terminator().inFlight());
  }

  /**
   * An upper bound of the behaviours in flight, exact at quiescence; 0 when not running.
   *
   * @return the count
   */
  public long inFlight() {
    Generation g = current;
    return g == null ? 0 : g.terminator().inFlight();
  }

  /** Starts the runtime if it is down (the noticeboard's seed does). Package-private. */
  void ensureStarted() {
    if (current == null) {
      startGeneration(0);
    }
  }

  // --- internals ------------------------------------------------------------------------------

  private static final Acquirable<?>[] NONE = new Acquirable<?>[0];

  private <R> ResultCown<R> submitWithResult(UserBehaviour b) {
    ResultCown<R> result = b.withResult();
    submit(b);
    return result;
  }

  private void submit(Behaviour b) {
    Generation g = current;
    if (g != null && !closed && g.schedule(b)) {
      return;
    }
    while (true) {
      if (closed && !BodyScope.inBody()) { // bodies still running during close may chain work
        throw new IllegalStateException(
            "this Boc runtime is closed; create a new Boc to schedule more behaviours");
      }
      g = current;
      if (g == null) {
        if (closed) {
          throw new IllegalStateException("this Boc runtime is closed");
        }
        g = startGeneration(0);
      }
      if (g.schedule(b)) {
        return;
      }
      if (!g.isStopped()) {
        throw new IllegalStateException(
            "this Boc runtime is shutting down (waitAll is tearing it down); schedule again after"
                + " waitAll returns, which starts a fresh runtime");
      }
      synchronized (lifecycle) {
        // teardown holds the lock until `current` is cleared; then retry on a fresh generation
      }
    }
  }

  private Generation startGeneration(int requested) {
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "start: cannot start a runtime from a worker thread; start it from the main program");
    }
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException(
            "start: this Boc runtime is closed; create a new Boc instead");
      }
      Generation g = current;
      if (g != null) {
        if (requested != 0 && requested != g.workerCount()) {
          throw new IllegalStateException(
              "start: the runtime is already running with " + g.workerCount()
                  + " workers, not " + requested + "; call waitAll() first to restart it with "
                  + requested);
        }
        return g;
      }
      int n = requested != 0 ? requested : defaultWorkers;
      g = Generation.start(n, threadNamePrefix);
      current = g;
      noticeboard.onStart();
      return g;
    }
  }

  private static void rejectInBody(String what, String advice) {
    if (BodyScope.inBody() || BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          what + " was called inside a behaviour body, where it would deadlock (the body holds"
              + " cowns and a worker); " + advice);
    }
  }

  private static <T> T requireBody(T body) {
    return Objects.requireNonNull(body, "when/run: the body is null; pass a lambda");
  }

  private static Acquirable<?> requireArg(Acquirable<?> a, int position) {
    if (a == null) {
      throw new NullPointerException(
          "when/run: argument " + position + " is null; pass a Cown or a Cown.group(...)");
    }
    return a;
  }

  private static Acquirable<?>[] args(Acquirable<?>... as) {
    for (int i = 0; i < as.length; i++) {
      requireArg(as[i], i + 1);
    }
    return as;
  }

  private static Acquirable<?>[] args(Collection<? extends Acquirable<?>> request) {
    Objects.requireNonNull(request, "whenAll/runAll: the request collection is null");
    List<Acquirable<?>> copy = new ArrayList<>(request);
    return args(copy.toArray(NONE));
  }

  /** Configuration of a {@link Boc}. Not thread-safe; build once. */
  public static final class Builder {

    private int workers = Runtime.getRuntime().availableProcessors();
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private String threadNamePrefix = "boc-worker-";
    private int noticeboardCapacity = 64;
    private int noticeboardMaxKeyBytes = 63;

    private Builder() {}

    /**
     * The noticeboard's capacity in distinct keys (default 64).
     *
     * @param keys at least 1
     * @return this builder
     * @throws IllegalArgumentException if keys &lt; 1
     */
    public Builder noticeboardCapacity(int keys) {
      if (keys < 1) {
        throw new IllegalArgumentException("noticeboardCapacity must be at least 1, got " + keys);
      }
      noticeboardCapacity = keys;
      return this;
    }

    /**
     * The longest noticeboard key, in UTF-8 bytes (default 63).
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if bytes &lt; 1
     */
    public Builder noticeboardMaxKeyBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("noticeboardMaxKeyBytes must be at least 1, got " + bytes);
      }
      noticeboardMaxKeyBytes = bytes;
      return this;
    }

    /**
     * The default worker count (default: available processors).
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if n &lt; 1
     */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be at least 1, got " + n);
      }
      workers = n;
      return this;
    }

    /**
     * How long {@link Boc#close()} waits for behaviours before dropping the unstarted ones (default
     * 30 s).
     *
     * @param timeout non-negative
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder shutdownTimeout(Duration timeout) {
      Timeouts.deadline(timeout, "shutdownTimeout");
      shutdownTimeout = timeout;
      return this;
    }

    /**
     * Prefix of worker thread names (default {@code boc-worker-}); the worker index is appended.
     *
     * @param prefix non-null
     * @return this builder
     */
    public Builder threadNamePrefix(String prefix) {
      threadNamePrefix = Objects.requireNonNull(prefix, "threadNamePrefix");
      return this;
    }

    /**
     * Builds the runtime. It starts on the first {@code when} or {@link Boc#start}.
     *
     * @return a new runtime
     */
    public Boc build() {
      return new Boc(this);
    }
  }
}
