package io.boc4j;

import io.boc4j.UserBehaviour.Shape;
import io.boc4j.internal.Behaviour;
import io.boc4j.internal.BodyScope;
import io.boc4j.internal.Generation;
import io.boc4j.internal.Take;
import io.boc4j.internal.Timeouts;
import io.boc4j.internal.pinned.MainQueue;
import io.boc4j.internal.pinned.MainThreadWait;
import io.boc4j.internal.pinned.Pump;
import io.boc4j.internal.pinned.PumpWatchdog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
  private final long backPressureLimit;
  private final long producerTimeoutNanos;
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
    this.backPressureLimit = b.backPressureLimit;
    this.producerTimeoutNanos = b.producerTimeout.toNanos();
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
   * @throws IllegalStateException inside a behaviour body (it would deadlock), or if closed; for a
   *     {@link PinnedCown}, if another thread is the bound main thread (taking one binds the caller)
   */
  public <T> Held<T> acquire(Cown<T> cown, Duration timeout) throws TimeoutException {
    Objects.requireNonNull(cown, "acquire: cown is null");
    rejectInBody("acquire a cown synchronously",
        "schedule the work with when(cown, ...) instead");
    long deadline = Timeouts.deadlineOrForever(timeout, "acquire timeout");
    if (cown.isPinned()) {
      bindMainThread(); // a pinned value is only ever touched on the main thread: be it, or fail
    }
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
   * <p>On the main thread (see {@link #pump}) it runs queued pinned behaviours while it waits: it
   * pumps every {@link #setWaitPumpPoll wait-pump poll} interval and at once when pinned work
   * arrives. A thread that is not bound becomes the main thread if it finds pinned work queued and
   * no thread is bound. On a thread bound elsewhere it only waits (and times out if nobody pumps).
   *
   * @param timeout how long to wait; ZERO checks once
   * @return per-worker statistics and the noticeboard, sampled at quiescence
   * @throws TimeoutException if behaviours are still in flight after timeout (nothing is torn down)
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   * @throws IllegalStateException inside a behaviour body
   * @throws PumpStarvationException on the main thread, if the watchdog's raise threshold was crossed
   * @throws Error thrown by a pinned body this call ran; the rest stays queued
   */
  public WaitResult quiesce(Duration timeout) throws TimeoutException, InterruptedException {
    rejectInBody("quiesce", "call it from outside behaviours");
    long deadline = Timeouts.deadline(timeout, "quiesce timeout");
    Generation g = current;
    if (g == null) {
      return WaitResult.EMPTY;
    }
    awaitQuiescence(g, deadline, String.valueOf(timeout), true);
    Map<String, Object> board = noticeboard.commitAndSnapshot();
    return new WaitResult(g.workerStats(), board);
  }

  /**
   * Waits like {@link #quiesce} (pumping on the main thread) and then tears the runtime down
   * (workers joined, main-thread binding dropped). A later {@code when} starts a fresh runtime;
   * cowns survive. Idempotent.
   *
   * @param timeout how long to wait; ZERO checks once
   * @return per-worker statistics and the final noticeboard
   * @throws TimeoutException if behaviours are still in flight after timeout (nothing is torn down)
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   * @throws IllegalStateException inside a behaviour body
   * @throws PumpStarvationException on the main thread, if the watchdog's raise threshold was crossed
   * @throws Error thrown by a pinned body this call ran; nothing is torn down
   */
  public WaitResult waitAll(Duration timeout) throws TimeoutException, InterruptedException {
    rejectInBody("waitAll", "call it from outside behaviours");
    long deadline = Timeouts.deadline(timeout, "waitAll timeout");
    return awaitAndTearDown(deadline, String.valueOf(timeout), true);
  }

  private WaitResult awaitAndTearDown(long deadline, String timeoutText, boolean raiseStarvation)
      throws TimeoutException, InterruptedException {
    while (true) {
      Generation g = current;
      if (g == null) {
        return WaitResult.EMPTY;
      }
      awaitQuiescence(g, deadline, timeoutText, raiseStarvation);
      synchronized (lifecycle) {
        if (current != g || !g.tryBeginStop()) {
          continue; // torn down by another caller, or new work arrived: look again
        }
        List<WorkerStats> stats = g.workerStats();
        Map<String, Object> board = noticeboard.commitAndSnapshot();
        g.stop();
        current = null; // before the board closes: a writer that sees it open sees a runtime
        noticeboard.onTeardown();
        return new WaitResult(stats, board);
      }
    }
  }

  /**
   * Waits for every behaviour (at most the configured shutdown timeout; on the main thread it pumps
   * meanwhile), drops whatever has not started by then — typically pinned work nobody pumps — and
   * shuts the runtime down for good. A dropped behaviour's result cown gets an {@link
   * IllegalStateException} saying it was dropped at shutdown, and its cowns are released so its
   * successors proceed (and are dropped in turn). Idempotent. Afterwards {@code when}, {@code run},
   * {@code start}, {@code acquire} and {@code pump} throw {@link IllegalStateException}; the pump
   * watchdog stops.
   *
   * @throws IllegalStateException inside a behaviour body
   * @throws RuntimeException or Error raised while dropping behaviours (the first, with the others
   *     suppressed), after every one was dropped and the runtime shut down; or an Error thrown by a
   *     pinned body this call ran (the rest is dropped)
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
    Generation dropped = null;
    Throwable failure = null;
    boolean interrupted = false;
    String timeoutText = String.valueOf(shutdownTimeout);
    try {
      try {
        awaitAndTearDown(Timeouts.deadline(shutdownTimeout, "shutdownTimeout"), timeoutText, false);
      } catch (TimeoutException e) {
        dropped = current;
        if (dropped != null) {
          dropped.dropUnstarted();
          awaitAndTearDown(
              Timeouts.deadline(shutdownTimeout, "shutdownTimeout"), timeoutText, false);
        }
      }
    } catch (TimeoutException e) {
      UserBehaviour.LOG.log(System.Logger.Level.WARNING,
          "close: bodies still running after the shutdown timeout; their workers are abandoned");
      abandon();
    } catch (InterruptedException e) {
      interrupted = true;
      abandon();
    } catch (RuntimeException | Error e) { // a pinned body's Error during the main thread's wait
      failure = e;
      Generation g = current;
      if (g != null) {
        g.dropUnstarted();
        dropped = g;
      }
      abandon();
    } finally {
      watchdog.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable dropFailure = dropped == null ? null : dropped.takeDropFailure();
    if (failure == null) {
      failure = dropFailure;
    } else if (dropFailure != null) {
      failure.addSuppressed(dropFailure);
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException(
          "close: dropping a behaviour at shutdown failed; every behaviour was still dropped and the"
              + " runtime is shut down", failure);
    }
  }

  private void abandon() {
    synchronized (lifecycle) {
      Generation g = current;
      current = null;
      if (g != null) {
        g.abandon();
        noticeboard.onTeardown();
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
   * How often and how long back-pressure held producers back in the running generation; zeros when
   * not running.
   *
   * @return the figures
   */
  public BackPressureStats backPressureStats() {
    Generation g = current;
    if (g == null) {
      return BackPressureStats.NONE;
    }
    return g.backPressureStats();
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

  /**
   * Schedules a runtime-internal fire-and-forget action on the running generation only: never starts
   * one and never waits for back-pressure. For the noticeboard's drain rounds.
   *
   * @return false if no generation is running or it is shutting down
   */
  boolean runInternal(Action.Of0 action) {
    Generation g = current;
    return g != null && g.schedule(UserBehaviour.ofAll(Shape.RUN0, action, NONE), false);
  }

  /** Starts the runtime if it is down (the noticeboard's seed does). Package-private. */
  void ensureStarted() {
    if (current == null) {
      startGeneration(0);
    }
  }

  // --- pinned cowns and pump ------------------------------------------------------------------
  //
  // Behaviours over a PinnedCown run on the runtime's main thread: they wait in the generation's
  // main queue (io.boc4j.internal.pinned.MainQueue) until the main thread pumps. One thread per
  // generation is the main thread, bound by the first of bindMainThread(), pump(), or a waitAll /
  // quiesce that finds pinned work queued; it stays bound until teardown or releaseMainThread().
  // The watchdog (internal.pinned.PumpWatchdog) and the wait-pump poll are configuration of this
  // runtime and survive restarts.

  private static final Duration DEFAULT_WATCHDOG_WARN = Duration.ofSeconds(1);
  private static final Duration LONGEST_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private final PumpWatchdog watchdog = new PumpWatchdog(this, Boc::mainQueueOf);

  /** The auto-pump cadence of waitAll/quiesce on the main thread; re-read by every wait. */
  private volatile long waitPumpPollNanos = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Drains the main queue: runs ready pinned behaviours on the calling thread, which must be (or
   * becomes) the main thread. Same as {@code pump(null, null, false)}.
   *
   * @return what ran
   * @throws IllegalStateException as for {@link #pump(Duration, Integer, boolean)}
   * @throws PumpStarvationException as for {@link #pump(Duration, Integer, boolean)}
   */
  public PumpResult pump() {
    return pump(null, null, false);
  }

  /**
   * Runs ready pinned behaviours (those whose request set holds a {@link PinnedCown}) on the calling
   * thread, the runtime's main thread. Call it from the main thread's event loop (a UI timer, a
   * frame tick); script-style programs need not, since {@link #waitAll} / {@link #quiesce} pump on
   * the main thread while they wait.
   *
   * <ul>
   *   <li>Drains the queue by default and never blocks: on an empty queue it returns {@code (0,
   *       false, 0)} at once.
   *   <li>{@code deadline} gates <em>starting</em> the next behaviour and never interrupts one; if
   *       the queue is non-empty at least one behaviour runs. The queue is checked for emptiness
   *       first, so {@code deadlineReached} means work remained.
   *   <li>{@code maxBehaviours} is a hard count.
   *   <li>A body's exception lands on its result cown and counts in {@code raised}; the pump goes
   *       on. With {@code raiseOnError} the first one is rethrown after the loop, later ones added to
   *       it as suppressed (a checked exception is wrapped in {@link
   *       java.util.concurrent.CompletionException}); each result cown still holds its own.
   *   <li>An {@link Error} from a body propagates at once, after that behaviour's cleanup (cowns
   *       released, result cown marked); the rest stay queued for the next pump.
   * </ul>
   *
   * <p>The first pump binds the calling thread as the main thread unless one is bound (see {@link
   * #bindMainThread}). Pump is not reentrant.
   *
   * @param deadline the time budget, positive; null for none
   * @param maxBehaviours the most behaviours to run, positive (no upper cap); null for no limit
   * @param raiseOnError rethrow the first body exception after the loop
   * @return what ran; not returned when an Error or (with raiseOnError) an exception propagates
   * @throws IllegalArgumentException if deadline or maxBehaviours is zero or negative, or deadline
   *     is too long for nanoseconds (the message names the parameter)
   * @throws IllegalStateException on a worker thread; on a thread other than the bound main thread;
   *     while another thread pumps; from inside a pinned body (not reentrant); with no runtime
   *     running; after close
   * @throws PumpStarvationException if the watchdog's raise threshold was crossed (once per
   *     non-empty period; nothing runs, the next pump proceeds)
   */
  public PumpResult pump(Duration deadline, Integer maxBehaviours, boolean raiseOnError) {
    long budget = Long.MAX_VALUE;
    if (deadline != null) {
      if (deadline.isZero() || deadline.isNegative()) {
        throw new IllegalArgumentException(
            "pump: deadline must be positive, or null for no deadline; got " + deadline);
      }
      if (deadline.compareTo(LONGEST_NANOS) >= 0) {
        throw new IllegalArgumentException(
            "pump: deadline " + deadline + " is too long for nanoseconds; pass null for no deadline");
      }
      budget = deadline.toNanos();
    }
    if (maxBehaviours != null && maxBehaviours <= 0) {
      throw new IllegalArgumentException(
          "pump: maxBehaviours must be positive, or null for no limit; got " + maxBehaviours);
    }
    int max = maxBehaviours == null ? Integer.MAX_VALUE : maxBehaviours;
    Thread me = Thread.currentThread();
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "pump was called on worker thread " + me.getName() + ": pinned behaviours run only on"
              + " the runtime's main thread; call pump from the main thread's loop");
    }
    Generation g = requireRunning("pump");
    Pump p = g.pump();
    p.enter(me);
    watchdog.markPumped();
    try {
      watchdog.checkRaise(g.mainQueue());
      return p.drain(budget, max, raiseOnError);
    } finally {
      watchdog.markPumped();
      p.exit(me);
    }
  }

  /**
   * Binds the calling thread as this runtime's main thread, starting the runtime if it is down.
   * Idempotent on the bound thread. The binding lasts until teardown ({@link #waitAll}, {@link
   * #close}) or {@link #releaseMainThread()}; meanwhile only this thread may pump. Useful for an
   * event loop (or the Reactor bridge's pump scheduler) that wants the binding before its first
   * pump, so that no waitAll elsewhere takes it.
   *
   * @throws IllegalStateException on a worker thread, if another thread is bound, or if closed
   */
  public void bindMainThread() {
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          "bindMainThread was called on worker thread " + Thread.currentThread().getName()
              + "; a worker cannot be the main thread: call it from the thread that will pump");
    }
    Generation g = current;
    if (g == null) {
      g = startGeneration(0);
    }
    g.pump().bind(Thread.currentThread());
  }

  /**
   * Releases the calling thread's main-thread binding, so that another thread may pump. A no-op if
   * no thread is bound or no runtime is running.
   *
   * @throws IllegalStateException if another thread is bound, or inside a pinned body (while
   *     pumping)
   */
  public void releaseMainThread() {
    Generation g = current;
    if (g != null) {
      g.pump().release(Thread.currentThread());
    }
  }

  /**
   * Sets how often {@link #waitAll} / {@link #quiesce} on the main thread pump while they wait
   * (default 50 ms). Waits in progress pick the new value up at once; pinned work arriving wakes
   * them early whatever the cadence.
   *
   * @param poll positive
   * @throws NullPointerException if poll is null
   * @throws IllegalArgumentException if poll is zero, negative, or too long for nanoseconds
   */
  public void setWaitPumpPoll(Duration poll) {
    Objects.requireNonNull(poll, "setWaitPumpPoll: poll is null; pass a positive Duration");
    if (poll.isZero() || poll.isNegative() || poll.compareTo(LONGEST_NANOS) >= 0) {
      throw new IllegalArgumentException(
          "setWaitPumpPoll: poll must be positive and fit in nanoseconds, got " + poll);
    }
    waitPumpPollNanos = poll.toNanos();
    Generation g = current;
    if (g != null) {
      g.terminator().wakeWaiters(); // a wait in progress re-reads the cadence now
    }
  }

  /**
   * Like {@link #setWaitPumpPoll(Duration)} in milliseconds.
   *
   * @param pollMs positive
   * @throws IllegalArgumentException if pollMs is zero or negative
   */
  public void setWaitPumpPoll(long pollMs) {
    if (pollMs <= 0) {
      throw new IllegalArgumentException("setWaitPumpPoll: pollMs must be positive, got " + pollMs);
    }
    setWaitPumpPoll(Duration.ofMillis(pollMs));
  }

  /**
   * The current wait-pump poll cadence.
   *
   * @return the cadence (default 50 ms)
   */
  public Duration waitPumpPoll() {
    return Duration.ofNanos(waitPumpPollNanos);
  }

  /**
   * Turns the pump watchdog on with a 1 s warn threshold, no raise, reporting to the logger.
   *
   * @see #setPumpWatchdog(Duration, Duration, StarvationHandler)
   */
  public void setPumpWatchdog() {
    setPumpWatchdog(DEFAULT_WATCHDOG_WARN, null, null);
  }

  /**
   * Turns the pump watchdog on with a 1 s warn threshold, no raise, reporting to {@code onStarve}.
   *
   * @param onStarve the sink; null for the logger
   * @see #setPumpWatchdog(Duration, Duration, StarvationHandler)
   */
  public void setPumpWatchdog(StarvationHandler onStarve) {
    setPumpWatchdog(DEFAULT_WATCHDOG_WARN, null, onStarve);
  }

  /**
   * Sets the pump watchdog's warn threshold, with no raise, reporting to the logger.
   *
   * @param warn positive; null turns the watchdog off
   * @see #setPumpWatchdog(Duration, Duration, StarvationHandler)
   */
  public void setPumpWatchdog(Duration warn) {
    setPumpWatchdog(warn, null, null);
  }

  /**
   * Configures the pump watchdog, which is off until this is called. It measures how long the main
   * queue has been <em>non-empty</em> — not the time since the last pump — so a program that does
   * not use pinned cowns never trips it, however rarely it pumps.
   *
   * <ul>
   *   <li>Past {@code warn} it reports once per non-empty period (a period ends when the queue
   *       drains): {@code onStarve(WARN, message)}, or by default the {@code io.boc4j} {@link
   *       System.Logger} at WARNING; the message gives the queue's age in ms and its depth. The check
   *       runs on the watchdog's own daemon timer thread, so the report arrives while the main
   *       thread is still stuck, not when it next pumps.
   *   <li>Past {@code raise} (opt-in) it reports {@code onStarve(ERROR, message)} (logger: ERROR),
   *       and the main thread's next {@link #pump}, {@link #waitAll} or {@link #quiesce} throws
   *       {@link PumpStarvationException} naming the age and depth, once per period.
   *   <li>An {@code onStarve} that throws is logged; the watchdog keeps running.
   * </ul>
   *
   * Reconfiguring at any time, also while pinned work is queued, is allowed; a period already
   * reported is not reported again. With both thresholds null the watchdog is off and its thread
   * stops. The timer thread runs until then or until {@link #close()}, across restarts.
   *
   * @param warn positive; null turns warnings off
   * @param raise positive; null (the default) turns raising off
   * @param onStarve the sink; null for the logger
   * @throws IllegalArgumentException if warn or raise is zero, negative or too long for nanoseconds
   *     (the message names the parameter)
   */
  public void setPumpWatchdog(Duration warn, Duration raise, StarvationHandler onStarve) {
    watchdog.configure(thresholdNanos(warn, "warn"), thresholdNanos(raise, "raise"), onStarve);
  }

  /**
   * Like {@link #setPumpWatchdog(Duration, Duration, StarvationHandler)} in milliseconds.
   *
   * @param warnMs positive; null turns warnings off
   * @param raiseMs positive; null turns raising off
   * @param onStarve the sink; null for the logger
   * @throws IllegalArgumentException if warnMs or raiseMs is zero, negative or too large for
   *     nanoseconds (the message names the parameter)
   */
  public void setPumpWatchdog(Long warnMs, Long raiseMs, StarvationHandler onStarve) {
    watchdog.configure(
        thresholdNanos(warnMs, "warnMs"), thresholdNanos(raiseMs, "raiseMs"), onStarve);
  }

  /**
   * Pinned-work figures for metrics: main queue depth, how long it has been non-empty, time since
   * the last pump, watchdog report counts. No side effects; any thread.
   *
   * @return the snapshot (depth and age 0 when no runtime is running)
   */
  public PinnedStats pinnedStats() {
    long now = System.nanoTime();
    Generation g = current;
    long depth = 0;
    long ageMs = 0;
    if (g != null) {
      MainQueue q = g.mainQueue();
      depth = q.depth();
      long since = q.nonEmptySince();
      ageMs = since == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - since);
    }
    long last = watchdog.lastPumpNanos();
    long sinceLastPump = last == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - last));
    return new PinnedStats(depth, ageMs, sinceLastPump, watchdog.warnings(), watchdog.raises());
  }

  private void awaitQuiescence(
      Generation g, long deadline, String timeoutText, boolean raiseStarvation)
      throws TimeoutException, InterruptedException {
    MainThreadWait between =
        new MainThreadWait(g, watchdog, () -> waitPumpPollNanos, deadline, raiseStarvation);
    try {
      g.terminator().awaitZero(deadline, timeoutText, between);
    } catch (TimeoutException e) {
      long depth = g.mainQueue().depth();
      if (depth == 0) {
        throw e;
      }
      Thread main = g.pump().mainThread();
      throw new TimeoutException(
          e.getMessage() + "; " + depth + " pinned behaviour(s) wait for the main thread ("
              + (main == null ? "none is bound" : main.getName()) + ") to pump them");
    }
  }

  private Generation requireRunning(String what) {
    Generation g = current;
    if (g != null) {
      return g;
    }
    if (closed) {
      throw new IllegalStateException(
          what + ": this Boc runtime is closed; create a new Boc to run pinned behaviours");
    }
    throw new IllegalStateException(
        what + ": no runtime is running; start it (boc.start(), or any when) before pumping");
  }

  private static MainQueue mainQueueOf(Boc boc) {
    Generation g = boc.current;
    return g == null ? null : g.mainQueue();
  }

  private static long thresholdNanos(Duration d, String name) {
    if (d == null) {
      return 0;
    }
    if (d.isZero() || d.isNegative() || d.compareTo(LONGEST_NANOS) >= 0) {
      throw new IllegalArgumentException(
          "setPumpWatchdog: " + name + " must be positive and fit in nanoseconds, or null for off;"
              + " got " + d);
    }
    return d.toNanos();
  }

  private static long thresholdNanos(Long ms, String name) {
    if (ms == null) {
      return 0;
    }
    if (ms <= 0 || ms > TimeUnit.NANOSECONDS.toMillis(Long.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "setPumpWatchdog: " + name + " must be positive and fit in nanoseconds, or null for off;"
              + " got " + ms);
    }
    return TimeUnit.MILLISECONDS.toNanos(ms);
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
    if (g != null && !closed && g.schedule(b, true)) {
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
      if (g.schedule(b, true)) {
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
      g = Generation.start(n, threadNamePrefix, backPressureLimit, producerTimeoutNanos);
      noticeboard.onStart(); // before publishing g: a writer that sees the runtime sees the board open
      current = g;
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
    private long backPressureLimit = 16_384;
    private Duration producerTimeout = Duration.ofSeconds(30);
    private int noticeboardCapacity = 64;
    private int noticeboardMaxKeyBytes = 63;

    private Builder() {}

    /**
     * The back-pressure limit (default 16,384): with more behaviours than this in flight, a plain
     * thread's {@code when} waits until the count falls below half of it, and a body that schedules
     * two or more behaviours keeps its cowns (is muted) until the load falls below half the limit
     * or 20 ms pass. Bodies never block. See SPEC §4, back-pressure.
     *
     * @param behaviours at least 2
     * @return this builder
     * @throws IllegalArgumentException if behaviours &lt; 2
     */
    public Builder backPressureLimit(long behaviours) {
      if (behaviours < 2) {
        throw new IllegalArgumentException(
            "backPressureLimit must be at least 2 behaviours, got " + behaviours);
      }
      backPressureLimit = behaviours;
      return this;
    }

    /**
     * How long a plain thread's {@code when} may be held back by back-pressure before it throws
     * {@link java.util.concurrent.RejectedExecutionException} (default 30 s).
     *
     * @param timeout positive; a duration too long for nanoseconds is capped at about 292 years
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder producerTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "producerTimeout must not be null");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("producerTimeout must be positive, got " + timeout);
      }
      producerTimeout = timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) > 0
          ? Duration.ofNanos(Long.MAX_VALUE / 4) : timeout;
      return this;
    }

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
