package io.boc4j;

import io.boc4j.internal.Behaviour;
import io.boc4j.internal.BodyScope;
import io.boc4j.internal.Generation;
import io.boc4j.internal.Lifetime;
import io.boc4j.internal.NonBlockingThreads;
import io.boc4j.internal.Sampler;
import io.boc4j.internal.SlowBodyDetector;
import io.boc4j.internal.Take;
import io.boc4j.internal.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

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
 *
 * <p>Interrupts: a worker clears its thread's interrupt flag before each body starts and before it
 * parks, as {@link java.util.concurrent.ThreadPoolExecutor} does between tasks. An interrupt sent to a
 * worker while a body runs reaches that body; one a body leaves set, or one that reaches an idle
 * worker, is discarded: it never leaks into the next body and never keeps an idle worker spinning.
 */
public final class Boc extends Scheduling implements AutoCloseable {

  private static final AtomicLong NAMES = new AtomicLong();

  private final String name;
  private final long producerTimeoutNanos;
  private final Lifecycle lifecycle;
  private final Mailbox mailbox;
  private final MainThread mainThread;
  private final Admitting nonBlocking;

  /** The slow-body detector, or null while {@link Builder#slowBodyThreshold} is off. */
  private final SlowBodyDetector slowBodies;

  /** A runtime with the defaults of {@link Builder}. */
  public Boc() {
    this(builder());
  }

  private Boc(Builder b) {
    this.name = b.name != null ? b.name : "boc-" + NAMES.incrementAndGet();
    this.producerTimeoutNanos = b.producerTimeout.toNanos();
    this.lifecycle = new Lifecycle(b.workers, b.shutdownTimeout,
        b.threadNamePrefix != null ? b.threadNamePrefix : name + "-worker-", b.backPressureLimit,
        b.waitPumpPoll, b.noticeboardCapacity, b.noticeboardMaxKeyBytes, b.deterministicSeed);
    this.mailbox = new Mailbox(b.mailboxTagLimit, b.mailboxCapacity);
    if (b.clock != null) {
      lifecycle.listeners.useClock(b.clock.time); // before any watchdog or generation reads it
    }
    b.listeners.forEach(lifecycle.listeners::add);
    this.mainThread = new MainThread(this, lifecycle);
    this.nonBlocking = new Admitting(this, 0, "nonBlocking().when");
    if (b.watchdogWarn != null || b.watchdogRaise != null) {
      mainThread.setPumpWatchdog(b.watchdogWarn, b.watchdogRaise, b.starvationHandler);
    }
    if (b.slowBodyThreshold != null) {
      slowBodies = new SlowBodyDetector(
          this, Boc::generation, lifecycle.listeners, b.slowBodyThreshold.toNanos());
      slowBodies.start(name);
    } else {
      slowBodies = null;
    }
  }

  /**
   * This runtime's name ({@link Builder#name}): the {@code runtime} tag of its metrics and the
   * default prefix of its worker threads' names.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * This runtime's mailbox: Erlang-style send/receive for code that is not a behaviour, with the tag
   * limit of {@link Builder#mailboxTagLimit} and the per-tag capacity of {@link
   * Builder#mailboxCapacity}. Its figures are part of {@link #stats()}. Independent
   * {@link Mailbox}es can also be created directly.
   *
   * @return the mailbox (the same instance for the runtime's life)
   */
  public Mailbox mailbox() {
    return mailbox;
  }

  /**
   * This runtime's main thread: pumping pinned behaviours, its binding, the pump watchdog and
   * pinned-work statistics.
   *
   * @return the handle (the same instance for the runtime's life)
   */
  public MainThread mainThread() {
    return mainThread;
  }

  /**
   * This runtime's noticeboard: a small key-value board for read-mostly shared data.
   *
   * @return the noticeboard (the same instance for the runtime's life)
   */
  public Noticeboard noticeboard() {
    return lifecycle.noticeboard;
  }

  /**
   * A builder for a runtime's configuration.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // --- synchronous take -----------------------------------------------------------------------

  /**
   * Takes {@code cown} on the calling thread, waiting for its turn in the same order as behaviours:
   * behaviours scheduled before this call run first, and those scheduled while it is held run after
   * {@link Held#close()}. Typical use: {@code try (var h = boc.acquire(c)) { ... h.get() ... }}.
   *
   * <p>Pass a read-only view, {@code boc.acquire(Cown.read(c))}, to take the cown read-only: the take
   * then waits only for writers scheduled before it, runs alongside readers, and holds the view
   * (whose {@code set} throws) until closed.
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
      mainThread.bind(); // a pinned value is only ever touched on the main thread: be it, or fail
    }
    Take take = new Take(cown.core, cown.isReadOnly());
    lifecycle.submit(take, producerTimeoutNanos, "acquire");
    boolean granted = false;
    try {
      lifecycle.driveUntilGranted(take);
      granted = take.await(deadline);
      if (!granted) {
        throw new TimeoutException("acquire: " + cown + " was not granted within " + timeout);
      }
      return new Held<>(cown, take);
    } catch (RuntimeException | Error e) {
      leave(take, granted);
      throw e;
    }
  }

  /**
   * An acquire is throwing after its take was queued (a {@code StackOverflowError} near the end of
   * the caller's stack, or a deterministic runtime that cannot grant it): nobody would ever release
   * the take, so it is released here if it was granted, else it passes its cowns on when they
   * arrive. Best effort: these calls too may fail while the stack is still exhausted.
   */
  private static void leave(Take take, boolean granted) {
    if (granted) {
      take.release();
    } else {
      take.leftByTaker();
    }
  }

  /**
   * Takes every member of {@code group} at once on the calling thread, in the same order as
   * behaviours over the group would be (all-or-nothing, ids ascending, so no deadlock with
   * behaviours or other takers). Typical use: {@code try (var all = boc.acquire(Cown.group(accounts),
   * timeout)) { ... all.get(i) ... }} for an audit after {@code quiesce}; with {@link
   * Cown#readGroup} (or read-only views as members) the take holds those members read-only, so
   * an audit shares the accounts with readers and blocks only writers.
   *
   * @param group the cowns
   * @param timeout how long to wait; null waits forever
   * @param <T> the members' value type
   * @return the handle; close it to release every member
   * @throws TimeoutException if the group was not granted in time (the request is cancelled and
   *     passes the cowns on as soon as it is granted)
   * @throws NullPointerException if group is null
   * @throws IllegalArgumentException if timeout is negative
   * @throws IllegalStateException inside a behaviour body or on a worker thread (it would
   *     deadlock), or if closed; with a pinned member, if another thread is the bound main thread
   */
  public <T> HeldGroup<T> acquire(CownGroup<T> group, Duration timeout) throws TimeoutException {
    Objects.requireNonNull(group,
        "acquire: group is null; pass Cown.group(list) (an empty list takes nothing)");
    rejectInBody("acquire a group synchronously",
        "schedule the work with when(Cown.group(...), ...) instead");
    long deadline = Timeouts.deadlineOrForever(timeout, "acquire timeout");
    List<Cown<T>> members = group.delivered();
    for (Cown<T> c : members) {
      if (c.isPinned()) {
        mainThread.bind(); // pinned values are only ever touched on the main thread
        break;
      }
    }
    Take take = UserBehaviour.takeOf(group);
    lifecycle.submit(take, producerTimeoutNanos, "acquire");
    boolean granted = false;
    try {
      lifecycle.driveUntilGranted(take);
      granted = take.await(deadline);
      if (!granted) {
        throw new TimeoutException("acquire: " + members.size() + " cowns of a group were not"
            + " granted within " + timeout);
      }
      return new HeldGroup<>(members, take);
    } catch (RuntimeException | Error e) {
      leave(take, granted);
      throw e;
    }
  }

  // --- life cycle -----------------------------------------------------------------------------

  /**
   * Starts the runtime with the configured worker count if it is not running. A no-op if running.
   *
   * @return this runtime
   * @throws IllegalStateException on a worker thread, or if closed
   */
  public Boc start() {
    lifecycle.startGeneration(0);
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
    lifecycle.startGeneration(workers);
    return this;
  }

  /**
   * Waits until every scheduled behaviour, including those scheduled meanwhile by bodies, has
   * completed, and keeps the runtime running: a checkpoint, not a shutdown.
   *
   * <p>On the main thread (see {@link MainThread}) it runs queued pinned behaviours while it waits:
   * it pumps every {@link MainThread#setWaitPumpPoll wait-pump poll} interval and at once when pinned work
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
    return lifecycle.quiesce(Timeouts.deadline(timeout, "quiesce timeout"), String.valueOf(timeout));
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
    return lifecycle.awaitAndTearDown(
        Timeouts.deadline(timeout, "waitAll timeout"), String.valueOf(timeout), true);
  }

  /**
   * Waits for every behaviour (at most the configured shutdown timeout; on the main thread it pumps
   * meanwhile), drops whatever has not started by then — typically pinned work nobody pumps — and
   * shuts the runtime down for good. A dropped behaviour's result cown gets an {@link
   * IllegalStateException} saying it was dropped at shutdown, and its cowns are released so its
   * successors proceed (and are dropped in turn). A behaviour that still waits for a cown a running
   * body holds is settled then too, whoever holds its cowns: its result cown gets the same exception
   * and its observers complete at once, its body never runs, and its other cowns pass on unrun if
   * that body ever returns. Idempotent. Afterwards {@code when}, {@code run},
   * {@code start}, {@code acquire} and {@code pump} throw {@link IllegalStateException}; the pump
   * watchdog stops.
   *
   * <p>Time bound: close() returns within the shutdown timeout plus a grace of 100 ms for bodies
   * still running when the unstarted ones are dropped (their workers are then abandoned, never
   * interrupted), plus the time the drop itself takes. The runtime's own threads (workers not
   * abandoned, the watchdogs' timers) have ended when it returns.
   *
   * @throws IllegalStateException inside a behaviour body
   * @throws RuntimeException or Error raised while dropping behaviours (the first, with the others
   *     suppressed), after every one was dropped and the runtime shut down; or an Error thrown by a
   *     pinned body this call ran (the rest is dropped)
   */
  @Override
  public void close() {
    rejectInBody("close", "call it from outside behaviours");
    try {
      lifecycle.close();
    } finally {
      if (slowBodies != null) {
        slowBodies.close(); // after the wait: a body that holds close() up is still reported
      }
    }
  }

  /**
   * Whether a runtime generation is running.
   *
   * @return true between start and teardown
   */
  public boolean isRunning() {
    return lifecycle.generation() != null;
  }

  /**
   * Whether {@link #close()} has been called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return lifecycle.isClosed();
  }

  /**
   * The running generation's worker count, or 0 when not running.
   *
   * @return the count
   */
  public int workerCount() {
    Generation g = lifecycle.generation();
    return g == null ? 0 : g.workerCount();
  }

  /**
   * Live per-worker statistics of the running generation only (they start from zero at each start);
   * empty when not running. For lifetime counters, use {@link #stats()}. No side effects.
   *
   * @return one record per worker, in index order
   */
  public List<WorkerStats> workerStats() {
    Generation g = lifecycle.generation();
    return g == null ? List.of() : g.workerStats();
  }

  /**
   * One immutable snapshot of this runtime's statistics: lifetime counters that never go backwards
   * (not reset by {@code waitAll}, teardown or restart) and gauges of the moment. Reading takes no
   * lock that behaviours take; any thread; no side effects. See {@link BocStats}.
   *
   * @return the snapshot
   */
  public BocStats stats() {
    Generation g = lifecycle.generation(); // before the lifetime read: see Lifetime's notes
    Lifetime.Figures f = lifecycle.lifetime.read(g);
    long inFlight = g == null ? 0 : g.terminator().inFlight();
    BackPressureStats bp = new BackPressureStats(
        f.mutes(), f.mutedNanos() / 1_000_000, g == null ? 0 : g.mutedNow(), f.producerWaits(),
        f.producerWaitNanos() / 1_000_000);
    Map<String, Integer> depths = new java.util.TreeMap<>();
    List<TagStats> tags = mailbox.tagStats();
    for (TagStats t : tags) {
      depths.put(t.tag(), mailbox.depth(t.tag()));
    }
    return new BocStats(name, g != null, lifecycle.isClosed(), g == null ? 0 : g.workerCount(),
        lifecycle.backPressureLimit(), f.scheduled(), f.completed(), f.failed(),
        slowBodies == null ? 0 : slowBodies.reported(), inFlight,
        f.peakInFlight(), f.workers(), bp, mainThread.stats(), lifecycle.noticeboard.stats(), tags,
        depths);
  }

  /**
   * The slow-body detector's threshold ({@link Builder#slowBodyThreshold}). Any thread.
   *
   * @return the threshold, or empty while the detector is off (the default)
   */
  public Optional<Duration> slowBodyThreshold() {
    return slowBodies == null
        ? Optional.empty() : Optional.of(Duration.ofNanos(slowBodies.thresholdNanos()));
  }

  /**
   * Registers a listener for events that are not counters (watchdog reports, slow bodies, failures
   * of fire-and-forget bodies). Any thread; effective at once.
   *
   * @param listener the listener
   * @return closing it unregisters the listener
   * @throws NullPointerException if listener is null
   */
  public Registration addListener(BocListener listener) {
    Objects.requireNonNull(listener, "addListener: listener is null; pass a BocListener");
    lifecycle.listeners.add(listener);
    return () -> lifecycle.listeners.remove(listener);
  }

  /**
   * Starts timing a random sample of behaviours: each behaviour scheduled from now on is sampled with
   * probability {@code 1/oneIn}, and {@code observer} is told how long each sampled one waited
   * between being scheduled and starting, and how long its body ran (see {@link
   * BehaviourObserver}). For sampled timers in metrics. One observer per runtime at a time; the
   * sampling survives {@code waitAll} and restart, and ends when the registration is closed.
   *
   * <p>Cost: without an observer, one volatile read per scheduled behaviour. With one, a
   * thread-local random draw per behaviour, and for each sampled one a small allocation, three
   * {@link System#nanoTime()} calls and the observer's own work. Any thread.
   *
   * @param oneIn sample one behaviour in {@code oneIn} on average; 1 samples every behaviour
   * @param observer told about each sampled behaviour
   * @return closing it stops the sampling (behaviours already sampled may still be reported)
   * @throws IllegalArgumentException if oneIn &lt; 1
   * @throws NullPointerException if observer is null
   * @throws IllegalStateException if another observer is registered (the message names it): close
   *     its registration first
   */
  public Registration sampleBehaviours(int oneIn, BehaviourObserver observer) {
    if (oneIn < 1) {
      throw new IllegalArgumentException(
          "sampleBehaviours: oneIn must be at least 1 (1 samples every behaviour), got " + oneIn);
    }
    Objects.requireNonNull(observer, "sampleBehaviours: observer is null; pass a BehaviourObserver");
    Sampler mine = new Sampler(oneIn, observer);
    Sampler other = lifecycle.listeners.installSampler(mine);
    if (other != null) {
      throw new IllegalStateException("sampleBehaviours: runtime " + name + " is already sampled"
          + " by " + other.observer() + "; close that registration first (one observer per"
          + " runtime)");
    }
    return () -> lifecycle.listeners.removeSampler(mine);
  }

  /**
   * Something registered that can be undone: closing it unregisters. Idempotent; never throws.
   */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** Undoes the registration. */
    @Override
    void close();
  }

  // --- admission ------------------------------------------------------------------------------

  /**
   * The scheduling forms that never wait for back-pressure capacity: over the limit, a plain-thread
   * caller gets {@link java.util.concurrent.RejectedExecutionException} at once, with nothing
   * scheduled, and can retry when {@link #onCapacity()} completes. For event loops and other threads
   * that must not block. Inside bodies every form is already non-blocking.
   *
   * @return the view (the same instance each time)
   */
  public Scheduling nonBlocking() {
    return nonBlocking;
  }

  /**
   * The scheduling forms with their own admission bound: over the limit, a plain-thread caller waits
   * at most {@code timeout} for capacity (instead of the configured producer timeout), then gets
   * {@link java.util.concurrent.RejectedExecutionException} with nothing scheduled.
   *
   * @param timeout how long to wait for capacity; ZERO never waits (like {@link #nonBlocking()})
   * @return a view with that bound
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   */
  public Scheduling waitingAtMost(Duration timeout) {
    Objects.requireNonNull(timeout, "waitingAtMost: timeout is null; pass a Duration (ZERO never waits)");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("waitingAtMost: timeout must not be negative, got " + timeout);
    }
    long nanos = timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) > 0
        ? Long.MAX_VALUE / 4 : timeout.toNanos();
    return nanos == 0 ? nonBlocking : new Admitting(this, nanos, "waitingAtMost(" + timeout + ").when");
  }

  /**
   * A stage that completes when a producer held back by back-pressure may schedule again: at once if
   * the runtime is under its limit (or not running), else when the behaviours in flight fall below
   * half the limit (or the runtime is torn down). Never parks the caller. The stage completes on the
   * thread whose progress lowered the count (often a worker): keep its callbacks short, or move them
   * with {@code thenRunAsync(action, executor)}.
   *
   * @return the stage
   */
  public CompletionStage<Void> onCapacity() {
    Generation g = lifecycle.generation();
    return g == null
        ? CompletableFuture.completedFuture(null)
        : g.onCapacity().minimalCompletionStage();
  }

  /**
   * Marks the threads that boc4j must never park (for example Reactor's non-blocking threads, or a
   * Netty event loop): over the back-pressure limit, a plain {@code when} on such a thread throws
   * {@link java.util.concurrent.RejectedExecutionException} naming {@link #nonBlocking()} instead of
   * waiting. Applies to every runtime in the JVM. Any thread.
   *
   * @param threads accepts the threads to mark; called on the scheduling thread, so keep it cheap
   * @return closing it removes the mark
   * @throws NullPointerException if threads is null
   */
  public static Registration markNonBlocking(Predicate<? super Thread> threads) {
    Objects.requireNonNull(threads, "markNonBlocking: the predicate is null; pass t -> ...");
    Runnable undo = NonBlockingThreads.register(threads);
    return undo::run;
  }

  @Override
  Boc runtime() {
    return this;
  }

  @Override
  long admissionWaitNanos() {
    return producerTimeoutNanos;
  }

  @Override
  String form() {
    return "when";
  }

  /**
   * A view of a runtime's scheduling forms with another admission bound, and optionally an observer
   * of every result (see {@link Scheduling#observing}).
   */
  static final class Admitting extends Scheduling {
    private final Boc boc;
    private final long waitNanos;
    private final String form;
    private final BiConsumer<Object, ? super Throwable> observer;

    Admitting(Boc boc, long waitNanos, String form) {
      this(boc, waitNanos, form, null);
    }

    Admitting(
        Boc boc, long waitNanos, String form,
        BiConsumer<Object, ? super Throwable> observer) {
      this.boc = boc;
      this.waitNanos = waitNanos;
      this.form = form;
      this.observer = observer;
    }

    @Override
    Boc runtime() {
      return boc;
    }

    @Override
    long admissionWaitNanos() {
      return waitNanos;
    }

    @Override
    String form() {
      return form;
    }

    @Override
    BiConsumer<Object, ? super Throwable> observer() {
      return observer;
    }

    @Override
    public String toString() {
      return boc.name() + "." + form;
    }
  }

  /** Schedules {@code b}: the one entry of every scheduling form (see {@link Lifecycle#submit}). */
  void submit(Behaviour b, long maxWaitNanos, String how) {
    lifecycle.submit(b, maxWaitNanos, how);
  }

  /** The running generation, or null. */
  Generation generation() {
    return lifecycle.generation();
  }

  /**
   * Rejects a blocking call on a thread where it could deadlock: inside a body (it holds cowns and a
   * worker), or on a worker outside a body (a completion callback or listener running there: blocking
   * it takes a worker from the behaviours it may be waiting for). The message says which.
   */
  static void rejectInBody(String what, String advice) {
    if (BodyScope.inBody()) {
      throw new IllegalStateException(
          what + " was called inside a behaviour body, where it would deadlock (the body holds"
              + " cowns and a worker); " + advice);
    }
    if (BodyScope.onWorkerThread()) {
      throw new IllegalStateException(
          what + " was called on worker thread " + Thread.currentThread().getName() + ", outside"
              + " any body (in a completion callback or listener, which run on the thread that ran"
              + " the body): blocking a worker can deadlock the runtime. Move the callback off the"
              + " workers with result.toCompletionStage(executor), or " + advice);
    }
  }

  /** Configuration of a {@link Boc}. Not thread-safe; build once. */
  public static final class Builder {

    private int workers = Runtime.getRuntime().availableProcessors();
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private String threadNamePrefix;
    private String name;
    private long backPressureLimit = 16_384;
    private Duration producerTimeout = Duration.ofSeconds(30);
    private int noticeboardCapacity = 64;
    private int noticeboardMaxKeyBytes = 63;
    private int mailboxTagLimit = Mailbox.DEFAULT_TAG_LIMIT;
    private int mailboxCapacity = Mailbox.UNBOUNDED;
    private Duration waitPumpPoll = Duration.ofMillis(50);
    private Duration watchdogWarn;
    private Duration watchdogRaise;
    private StarvationHandler starvationHandler;
    private final List<BocListener> listeners = new ArrayList<>();
    private Long deterministicSeed;
    private VirtualClock clock;
    private Duration slowBodyThreshold;

    private Builder() {}

    /**
     * Deterministic scheduling, for tests of programs built on boc4j: the runtime starts no worker
     * threads; behaviours run only while a thread waits for them in {@link Boc#quiesce} or {@link
     * Boc#waitAll}, one at a time on that thread, each picked at random among the ready ones by a
     * generator seeded with {@code seed}. The same program and seed replay the same interleaving, so a
     * failing order found by one seed (see the {@code boc4j-test} JUnit extension, which runs a test
     * under many seeds) is reproduced by running that seed again.
     *
     * <p>Every BoC guarantee holds (only behaviours holding all their cowns run). What changes:
     * {@code when} never waits for back-pressure; time does not pass for the program, so a wait that
     * finds work in flight but nothing ready for the waiting thread fails at once with a {@link
     * TimeoutException} instead of sleeping; the waiting thread is the main thread for pinned cowns;
     * synchronous {@link Boc#acquire} from the waiting thread must come after a {@code quiesce}.
     * The worker-count settings are ignored. To test the watchdogs too, put them on virtual time
     * with {@link #deterministic(long, VirtualClock)}.
     *
     * @param seed the seed of the interleaving
     * @return this builder
     */
    public Builder deterministic(long seed) {
      deterministicSeed = seed;
      return this;
    }

    /**
     * Deterministic scheduling as {@link #deterministic(long)}, with the runtime's watchdogs on
     * virtual time: the pump watchdog and the slow-body detector read {@code clock}, and their checks
     * run when the test calls {@link VirtualClock#advance}, on that thread, before it returns. So a
     * test sees a starvation warning or raise, or a slow-body report, without waiting real time. See
     * {@link VirtualClock} for what it moves and what it does not.
     *
     * @param seed the seed of the interleaving
     * @param clock the clock of the runtime's watchdogs
     * @return this builder
     * @throws NullPointerException if clock is null
     */
    public Builder deterministic(long seed, VirtualClock clock) {
      Objects.requireNonNull(clock,
          "deterministic: clock is null; pass a new VirtualClock(), or use deterministic(seed)");
      deterministicSeed = seed;
      this.clock = clock;
      return this;
    }

    /**
     * The watchdogs' clock for a runtime that is not deterministic: for boc4j's own tests, which
     * drive the watchdogs over real workers with virtual time. Not API.
     */
    Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock is null");
      return this;
    }

    /**
     * Turns on the slow-body detector (off by default): a worker that has been running one behaviour
     * — its body, or the completion callbacks that run on the worker right after it — for longer
     * than {@code threshold} is reported once, with its stack: a {@link SlowBody} to every {@link
     * BocListener#onSlowBody}, a warning with the stack on the logger {@code io.boc4j.runtime}, and
     * one more in {@link BocStats#slowBodies()}. Such a behaviour takes its worker from every other
     * behaviour and keeps its cowns; the usual cause is a body that blocks (a lock, a latch, I/O, a
     * {@code join} on another behaviour's result).
     *
     * <p>A daemon thread, {@code boc4j-slow-bodies-<name>}, samples the workers every quarter of the
     * threshold, from the runtime's construction to {@link Boc#close()}; a behaviour is reported
     * between the threshold and 1.25 thresholds after it started, and never if it ends within the
     * threshold. The workers pay two stores to their own counters per behaviour and read no clock.
     * In deterministic mode the thread running the schedule is watched instead of workers.
     *
     * @param threshold at least 1 ms
     * @return this builder
     * @throws NullPointerException if threshold is null
     * @throws IllegalArgumentException if threshold is under 1 ms or too long for nanoseconds
     */
    public Builder slowBodyThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "slowBodyThreshold must not be null; pass a Duration of at"
          + " least 1 ms, or leave it unset to keep the detector off");
      if (threshold.compareTo(Duration.ofMillis(1)) < 0
          || threshold.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0) {
        throw new IllegalArgumentException("slowBodyThreshold must be at least 1 ms and fit in"
            + " nanoseconds, got " + threshold);
      }
      slowBodyThreshold = threshold;
      return this;
    }

    /**
     * The runtime's name (default {@code boc-N}, N counting runtimes built in this JVM): the {@code
     * runtime} tag of its metrics, so several runtimes in one application stay apart, and the
     * default worker thread name prefix ({@code name-worker-}).
     *
     * @param name non-blank
     * @return this builder
     * @throws NullPointerException if name is null
     * @throws IllegalArgumentException if name is blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name must not be null; leave it unset for boc-N");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank; leave it unset for boc-N");
      }
      this.name = name;
      return this;
    }

    /**
     * The tag limit of the runtime's {@link Boc#mailbox()} (default {@link
     * Mailbox#DEFAULT_TAG_LIMIT}).
     *
     * @param tags at least 1
     * @return this builder
     * @throws IllegalArgumentException if tags &lt; 1
     */
    public Builder mailboxTagLimit(int tags) {
      if (tags < 1) {
        throw new IllegalArgumentException("mailboxTagLimit must be at least 1, got " + tags);
      }
      mailboxTagLimit = tags;
      return this;
    }

    /**
     * The per-tag capacity of the runtime's {@link Boc#mailbox()} (default {@link
     * Mailbox#UNBOUNDED}): a tag holding that many messages refuses more until a receive takes
     * one (see {@link Mailbox#trySend} and {@link Mailbox#onSpace}).
     *
     * @param messages at least 1, or {@link Mailbox#UNBOUNDED}
     * @return this builder
     * @throws IllegalArgumentException if messages &lt; 1
     */
    public Builder mailboxCapacity(int messages) {
      if (messages < 1) {
        throw new IllegalArgumentException("mailboxCapacity must be at least 1, got " + messages
            + "; leave it unset (or pass Mailbox.UNBOUNDED) for no bound");
      }
      mailboxCapacity = messages;
      return this;
    }

    /**
     * How often {@code waitAll} / {@code quiesce} on the main thread pump while they wait (default
     * 50 ms); changeable later with {@link MainThread#setWaitPumpPoll}.
     *
     * @param poll positive
     * @return this builder
     * @throws NullPointerException if poll is null
     * @throws IllegalArgumentException if poll is zero, negative or too long for nanoseconds
     */
    public Builder waitPumpPoll(Duration poll) {
      waitPumpPoll = MainThread.validPoll(poll, "waitPumpPoll");
      return this;
    }

    /**
     * Turns the pump watchdog on from the start (off by default); see {@link
     * MainThread#setPumpWatchdog(Duration, Duration, StarvationHandler)}, which can change it later.
     *
     * @param warn positive; null for no warnings
     * @param raise positive; null for no raising
     * @param onStarve the sink; null for the logger {@code io.boc4j.pinned}
     * @return this builder
     * @throws IllegalArgumentException if warn or raise is zero, negative or too long for
     *     nanoseconds (the message names it)
     */
    public Builder pumpWatchdog(Duration warn, Duration raise, StarvationHandler onStarve) {
      MainThread.thresholdNanos(warn, "warn");
      MainThread.thresholdNanos(raise, "raise");
      watchdogWarn = warn;
      watchdogRaise = raise;
      starvationHandler = onStarve;
      return this;
    }

    /**
     * Adds a listener from the start (more can be added with {@link Boc#addListener}).
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if listener is null
     */
    public Builder listener(BocListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener must not be null; pass a BocListener"));
      return this;
    }

    /**
     * The back-pressure limit (default 16,384): with more behaviours than this in flight, a plain
     * thread's {@code when} waits until the count falls below half of it, and a body that schedules
     * two or more behaviours keeps its cowns (is muted) until the load falls below half the limit
     * or 20 ms pass. Bodies never block. See {@code docs/back-pressure.md}.
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
      Objects.requireNonNull(timeout, "producerTimeout must not be null; pass a positive Duration (default 30 s)");
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
     * Prefix of worker thread names (default: the runtime's {@link #name} plus {@code -worker-});
     * the worker index is appended.
     *
     * @param prefix non-null, may be empty
     * @return this builder
     * @throws NullPointerException if prefix is null
     */
    public Builder threadNamePrefix(String prefix) {
      threadNamePrefix = Objects.requireNonNull(prefix,
          "threadNamePrefix must not be null; pass a prefix such as \"app-boc-\" (the worker index"
              + " is appended)");
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
