package io.boc4j.internal;

import io.boc4j.WorkerStats;
import io.boc4j.internal.pinned.MainBinding;
import io.boc4j.internal.pinned.MainQueue;
import io.boc4j.internal.pinned.PinnedHost;
import io.boc4j.internal.pinned.Pump;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One life of a runtime, from start to teardown: its workers, its in-flight accounting and its state.
 * {@code waitAll} ends a generation; the next {@code when} starts a new one. Cowns are not tied to a
 * generation.
 *
 * <h2>Scheduler design notes</h2>
 *
 * The scheduler is built on per-worker JCTools queues rather than {@link
 * java.util.concurrent.ForkJoinPool}, for three reasons. First, wake-ups: a quick prototype measured
 * on the 2-core build machine found that on Java 17 a plain {@code ForkJoinPool} rarely woke its
 * second worker for work submitted from a running task (two workers no faster than one with 10 µs of
 * work per behaviour, where Java 25's pool did wake it); owning the run loop makes the wake-up policy
 * explicit and the same on every JDK, and the benchmark suite shows boc4j scaling 1.9× from one
 * worker to two on Java 17 with 10 µs of work (chain ring and fan-out, docs/benchmarks.md). Second,
 * accounting: a worker keeps its completions local (see {@link Terminator}), which needs to know
 * which thread runs which body. Third, control of what runs next: the run-next slot and the muting
 * of producers under back-pressure ({@link BackPressure}) both live in the run loop. The policy:
 *
 * <ul>
 *   <li>a behaviour made ready by a body goes to that worker's own queue; one made ready by any other
 *       thread goes to a worker chosen round-robin (its inbox);
 *   <li>a behaviour handed its last cown by a finishing body that scheduled nothing runs next on that
 *       worker (the run-next slot, at most 16 in a row while other work waits), so a busy cown's
 *       queue drains in one go; if the finishing body produced work, its continuation waits its
 *       turn instead, but when nothing else waits on that worker it is queued without a wake-up:
 *       the worker takes it next, so a convoy of hand-offs stays on one core instead of bouncing
 *       between two with a park and an unpark per step;
 *   <li>after every other push, if no worker is searching for work and some worker is parked, one
 *       parked worker is woken, so a second worker always joins as soon as there is a second ready
 *       behaviour;
 *       a searcher, or a worker on its way to park, that takes one behaviour wakes another if more
 *       are queued, since the pushes it was counted on may have skipped their wake-ups;
 *   <li>a worker that finds nothing polls all queues, with pauses that grow between polls (about 70
 *       polls over 1,024 spin-wait pauses), before parking, so a steady stream of hand-offs costs no
 *       park/unpark system calls, while an idle runtime parks every worker and burns no CPU.
 * </ul>
 */
public final class Generation implements PinnedHost {

  private static final int RUNNING = 0;
  private static final int STOPPING = 1;
  private static final int STOPPED = 2;

  private static final VarHandle PINNED_RUNNING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PINNED_RUNNING = lookup.findVarHandle(Generation.class, "pinnedRunning", Behaviour.class);
      // Initialise here, on the stack that starts the runtime, the classes that scheduling and
      // dispatch use only on rare paths (a wake-up, a stalled wait, a when() that failed half-way).
      // A class whose initialisation first runs at the end of a stack can fail it, and then stays
      // unusable for the life of the JVM (NoClassDefFoundError on every later use).
      ThreadLocalRandom.current();
      for (Class<?> c : new Class<?>[] {Acquisition.class, ReadyRing.class, Spin.class,
          Spin.Wait.class, FaultInjection.class, FaultInjection.ScheduleStep.class,
          FaultInjection.ReleaseStep.class, FaultInjection.IdleStep.class, Settlement.class,
          BodyScope.class, Take.class, Timeouts.class, LinkedReadyQueue.class,
          LinkedReadyQueue.Node.class}) {
        lookup.ensureInitialized(c);
      }
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Numbers generations in the order they are created, process-wide, from 1. */
  private static final AtomicLong CREATED = new AtomicLong();

  /**
   * This generation's place in creation order. A runtime creates its next generation only after it
   * retired the previous one, so for one runtime this is also the order of retirement ({@link
   * Lifetime} relies on it).
   */
  final long sequence = CREATED.incrementAndGet();

  final Worker[] workers;

  /** Each worker's queues by index, as thieves reach them (see {@link Worker.Queues}). */
  final Worker.Queues[] queues;
  final Terminator terminator = new Terminator(this::finishAbandoned);
  final BackPressure backPressure;
  private final Listeners listeners;

  /**
   * The timings of the sampled behaviours between their schedule and their completion, by identity
   * (a behaviour carries only its SAMPLED flag). A behaviour dropped at shutdown leaves its entry
   * here; the map goes with the generation.
   */
  private final ConcurrentHashMap<Behaviour, SampledRun> samples = new ConcurrentHashMap<>();
  // Each alone on its cache line: every local push reads both, a worker entering its search or
  // going idle writes them (see SharedCounter).
  final SharedCounter idleWorkers = new SharedCounter();
  final SharedCounter searchingWorkers = new SharedCounter();
  private final LongAdder externalScheduled = new LongAdder();
  private final LongAdder externalCompleted = new LongAdder();
  private final LongAdder externalFailed = new LongAdder();
  private final AtomicInteger nextRemote = new AtomicInteger();
  private volatile int state = RUNNING;

  /** Set by close() after its timeout: behaviours that have not started are dropped, not run. */
  private volatile boolean dropping;

  /** The pinned behaviour whose body runs on the main thread now, or null (see settleWaiting). */
  @SuppressWarnings("unused") // accessed through PINNED_RUNNING
  private Behaviour pinnedRunning;

  /** Ready pinned behaviours, waiting for the main thread (see {@link #dispatch}). */
  private final MainQueue mainQueue;

  /** The main thread's side: the pump loop and the shutdown drop of pinned work. */
  private final Pump pump;

  /**
   * The ready set of a deterministic generation (no workers: the thread that waits runs every
   * behaviour, in an order drawn from a seed), or null for an ordinary one.
   */
  private final DeterministicScheduler deterministic;

  /** Throwables raised while dropping behaviours at shutdown; guarded by itself. */
  private final List<Throwable> dropFailures = new ArrayList<>();

  /**
   * Deterministic generations: the thread running a behaviour for the slow-body detector, claimed
   * with a CAS for the length of one behaviour, or null. Two threads may drive one schedule at once
   * (two waits); only the claimant is watched, so the edge count below has one writer at a time.
   */
  private final AtomicReference<Thread> driving = new AtomicReference<>();

  /**
   * Deterministic generations: behaviours entered plus left by the claimant of {@code driving}; odd
   * while one runs. Volatile: written by whichever thread claimed {@code driving} (the claim's CAS
   * orders it after the previous claimant's writes), read by the detector.
   */
  private volatile long drivingEdges;

  private Generation(
      int workerCount, String namePrefix, long backPressureLimit, MainBinding binding,
      Listeners listeners, DeterministicScheduler deterministic) {
    this.deterministic = deterministic;
    this.backPressure = new BackPressure(backPressureLimit);
    this.listeners = listeners;
    this.mainQueue = new MainQueue(listeners.clock());
    this.pump = new Pump(this, mainQueue, binding);
    workers = new Worker[workerCount];
    queues = new Worker.Queues[workerCount];
    for (int i = 0; i < workerCount; i++) { // none in deterministic mode, which has no credit
      workers[i] = new Worker(i, this, namePrefix + i,
          Terminator.creditFor(backPressureLimit, workerCount));
      queues[i] = workers[i].queues;
    }
  }

  /**
   * Creates a generation and starts its worker threads. If a thread fails to start, the ones already
   * started are stopped and the failure is rethrown.
   *
   * @param workerCount workers to start, at least 1
   * @param namePrefix worker thread names are this plus the worker index
   * @param backPressureLimit behaviours in flight above which producers are held back
   * @param binding the runtime's main-thread binding, shared by its generations
   * @param listeners the runtime's listeners
   * @return the running generation
   */
  public static Generation start(
      int workerCount, String namePrefix, long backPressureLimit, MainBinding binding,
      Listeners listeners) {
    Generation g =
        new Generation(workerCount, namePrefix, backPressureLimit, binding, listeners, null);
    int started = 0;
    try {
      for (Worker w : g.workers) {
        FaultInjection.beforeThreadStart();
        w.thread.start();
        started++;
      }
    } catch (RuntimeException | Error e) {
      g.state = STOPPED;
      for (int i = 0; i < started; i++) {
        g.workers[i].wakeForShutdown();
      }
      throw e;
    }
    return g;
  }

  /**
   * Creates a deterministic generation: no worker threads; behaviours run only when a thread waits
   * for them ({@link #runOneDeterministically}), one at a time, picked at random among the ready ones
   * by a generator seeded with {@code seed}. Back-pressure never holds a producer (there is nobody
   * to drain while it waits).
   *
   * @param seed the seed of the pick
   * @param binding the runtime's main-thread binding, shared by its generations
   * @param listeners the runtime's listeners
   * @return the running generation
   */
  public static Generation startDeterministic(long seed, MainBinding binding, Listeners listeners) {
    return new Generation(0, "", Long.MAX_VALUE, binding, listeners,
        new DeterministicScheduler(seed));
  }

  /**
   * Creates a generation whose workers are built but whose threads are never started, for tests that
   * drive a worker's queues ({@link Worker#pushLocal}, {@link Worker#steal}, ...) from threads of
   * their own. Nothing runs on it.
   *
   * @param workerCount workers to build, at least 1
   * @return the generation
   */
  static Generation unstarted(int workerCount) {
    return new Generation(workerCount, "unstarted-worker-", Long.MAX_VALUE, new MainBinding(),
        new Listeners(), null);
  }

  /** Whether this generation runs behaviours only on the waiting thread, in a seeded order. */
  public boolean isDeterministic() {
    return deterministic != null;
  }

  /**
   * Deterministic generations: runs one ready behaviour, chosen by the seeded pick, on the calling
   * thread (a pinned one only if the caller is, or becomes, the main thread), with the accounting of
   * {@link #runPinned}.
   *
   * @return false if no behaviour was ready for the caller
   * @throws Error from a body, after its cleanup
   */
  public boolean runOneDeterministically() {
    Thread me = Thread.currentThread();
    boolean pinnedReady = pump.hasQueued() && pump.claimForWait(me) && pump.tryEnter(me);
    try {
      int choice = deterministic.choose(pinnedReady);
      if (choice == -2) {
        return false;
      }
      Behaviour b = choice == -1 ? pump.pollAsConsumer() : deterministic.take(choice);
      if (b == null) {
        return true; // a producer is mid-offer into the main queue: look again
      }
      boolean watched = driving.compareAndSet(null, me); // volatile CAS: one writer of the edges
      Throwable failure;
      if (watched) {
        drivingEdges++; // odd: a behaviour runs on `me`
      }
      try {
        failure = runPinned(b); // same scope and accounting as a pinned body on main
      } finally {
        if (watched) {
          drivingEdges++; // even
          driving.set(null);
        }
      }
      if (failure instanceof Error) {
        throw (Error) failure;
      }
      return true;
    } finally {
      if (pinnedReady) {
        pump.exit(me);
      }
    }
  }

  // --- scheduling -----------------------------------------------------------------------------

  /**
   * Schedules {@code b}: accounts for it and enqueues its requests. Called by {@code when} on any
   * thread.
   *
   * <p>A thread that is not a worker is first admitted by {@link BackPressure#admit}, which may hold
   * it while the runtime is over its back-pressure limit; the bound main thread is never held (pinned
   * work may be waiting for it to pump), nor is a worker (bodies are muted instead).
   *
   * @param maxWaitNanos how long admission may hold the caller: {@link #NEVER_HOLD} for internal
   *     work, 0 to reject at once when over the limit, else a positive bound
   * @param how the public form used, for messages
   * @return false if this generation is shutting down (nothing was scheduled)
   * @throws java.util.concurrent.RejectedExecutionException if admission refused the caller (nothing
   *     was scheduled)
   */
  public boolean schedule(Behaviour b, long maxWaitNanos, String how) {
    b.generation = this;
    Worker w = currentWorker();
    if (w != null) {
      BodyScope scope = w.scope();
      scope.finishAbandoned(); // an earlier when of this thread that failed half-way, if any
      // A body of this generation is running (or a completion callback after one), so the in-flight
      // count is positive and the state is RUNNING: no state check needed.
      sample(b);
      w.onScheduled(b); // counts it last: throws before counting, or counts and returns
      try {
        b.enqueue();
      } catch (Throwable t) {
        // Counted, so it must complete: finished by another party and released unrun. Field stores
        // only, no call: the stack may be exhausted here. The fate is still OWNED if the throw came
        // before phase 1's own catch (at the call into it). Quiescing threads find the slot.
        if (b.fate == Behaviour.OWNED) {
          b.fate = Behaviour.ABANDONED;
        }
        scope.abandoned = b;
        throw t;
      }
      if (dropping) {
        settle(b); // a body that outlived the shutdown timeout scheduled it
      }
      return true;
    }
    if (deterministic == null // one thread runs everything there: nobody would drain a wait
        && !pump.isMain(Thread.currentThread())) { // the main thread must stay free to pump
      backPressure.admit(terminator, maxWaitNanos, how);
    }
    BodyScope scope = BodyScope.current();
    scope.finishAbandoned(); // an earlier when of this thread that failed half-way, if any
    FaultInjection.beforeInFlightIncrement();
    terminator.increment();
    // Volatile read after the volatile increment: a concurrent waitAll that set STOPPING and then
    // re-reads the counter sees our increment, or we see STOPPING here (Dekker).
    if (state != RUNNING && !(state == STOPPING && BodyScope.current().generation() == this)) {
      // A pinned body of this generation (on the main thread) keeps the count positive, so a
      // concurrent waitAll's tryBeginStop reverts to RUNNING: its when may proceed.
      terminator.add(-1);
      return false;
    }
    try {
      FaultInjection.beforeEnqueue();
      sample(b);
      b.enqueue();
    } catch (RuntimeException | Error e) {
      // Field accesses only, but for the undo and the note below: the stack may be exhausted here.
      if (b.fate == Behaviour.OWNED) { // failed before phase 1: nothing was queued
        boolean undone = false;
        try {
          long now = terminator.addOnly(-1);
          undone = true; // no call since the update
          terminator.signalAfter(now);
        } catch (Throwable stillExhausted) {
          if (!undone) {
            // Not even the count could be undone: it is finished as abandoned instead, queued by
            // another thread and released unrun, which completes it.
            b.fate = Behaviour.ABANDONED;
          }
        }
        if (undone) {
          throw e;
        }
      }
      // Failed half-way through phase 1: still in flight, finished by whoever waits on it, by
      // this thread's next call (BodyScope.finishAbandoned), or by an idle worker or a quiescing
      // thread (noteLeftBehind).
      scope.abandoned = b;
      noteLeftBehind(b);
      throw e;
    }
    try {
      externalScheduled.increment();
    } catch (Throwable t) {
      // A statistic, at the end of a stack: the behaviour is scheduled, so this call must not
      // throw (its caller would believe it was not). One count lost.
    }
    if (dropping) {
      settle(b); // a pinned body that outlived the shutdown timeout scheduled it
    }
    return true;
  }

  /** Room for behaviours left behind (see {@link #noteLeftBehind}); a power of two. */
  private static final int LEFT_BEHIND_SLOTS = 64;

  /**
   * Behaviours whose {@code when} threw part-way through phase 1, or whose release threw part-way
   * (see {@link Acquisition}), until a thread finishes them. Written with bare stores by the failing
   * call, cleared by CAS.
   */
  private final Behaviour[] leftBehind = new Behaviour[LEFT_BEHIND_SLOTS];

  private static final VarHandle LEFT_BEHIND =
      MethodHandles.arrayElementVarHandle(Behaviour[].class);

  /** Set when a behaviour is left behind, cleared by the thread about to look for them. */
  private volatile boolean leftBehindNoted;

  /**
   * Lists {@code b}, abandoned by a failing {@code when} or stranded by a failing release, for the
   * threads that finish such work: idle workers, and threads waiting for quiescence. Called from
   * the failing call's catch, where the stack may still be nearly exhausted (the frames the throw
   * unwound make room for this one call), so field and array accesses only, no call: it takes the
   * first free slot from one chosen by {@code b}'s first cown. Two behaviours
   * left at the same instant may race for one slot and one be lost; with every slot taken the newest
   * is. Either needs faults far beyond one thread's stack overflowing, and a lost abandoned {@code
   * when} is still finished by its thread's next call or by a successor that waits on it.
   */
  void noteLeftBehind(Behaviour b) {
    CownCore c = b.cown;
    int start = c == null ? 0 : (int) c.id;
    for (int i = 0; i < LEFT_BEHIND_SLOTS; i++) {
      int slot = (start + i) & (LEFT_BEHIND_SLOTS - 1);
      Behaviour there = leftBehind[slot];
      if (there == null || there == b) {
        leftBehind[slot] = b; // plain: the volatile flag below publishes it
        break;
      }
    }
    leftBehindNoted = true;
  }

  /**
   * Finishes what {@link #noteLeftBehind} listed and nobody finished yet: the phase 1 of abandoned
   * behaviours, the rest of stranded releases. Any thread, from a frame with stack to spare; what
   * fails again, or another thread is finishing, stays listed.
   */
  void finishLeftBehind() {
    if (!leftBehindNoted) {
      return;
    }
    leftBehindNoted = false; // before looking: one left while we look sets it again
    for (int i = 0; i < LEFT_BEHIND_SLOTS; i++) {
      Behaviour b = (Behaviour) LEFT_BEHIND.getVolatile(leftBehind, i);
      if (b == null) {
        continue;
      }
      try {
        if (b.fate < Behaviour.FINISHED) {
          Acquisition.finishAbandoned(b);
        } else {
          b.finishStranded();
        }
      } catch (Throwable t) {
        // failed again: it stays listed
      }
      byte f = b.fate;
      if (f == Behaviour.FINISHED || f == Behaviour.RELEASE_FINISHED) {
        LEFT_BEHIND.compareAndSet(leftBehind, i, b, null);
      } else {
        leftBehindNoted = true; // not finished yet, or another thread is at it: look again later
      }
    }
  }

  /**
   * Finishes the phase 1 of behaviours whose {@code when} failed half-way and that nobody finished
   * yet (their thread does so at its next call into the runtime, a worker after the body that made
   * the call; either may be far off, and a thread that is not a worker may never call again), and
   * the stranded releases. Run by threads waiting for quiescence, between their waits.
   */
  private void finishAbandoned() {
    finishLeftBehind();
    for (Worker w : workers) {
      Behaviour b = w.scope().abandoned;
      if (b != null) {
        Acquisition.finishAbandoned(b); // the worker clears its slot when it next looks
      }
    }
  }

  /**
   * Settles {@code b} if it still waits for a cown (see {@link Settlement}): the shutdown exception
   * on its result cown, counted as completed, then the settler's hold released, which dispatches a
   * drop if every cown arrived meanwhile. Only while dropping.
   *
   * @return whether this call settled it
   */
  boolean settle(Behaviour b) {
    IllegalStateException reason = droppedAtShutdown();
    if (!b.trySettle(reason)) {
      return false;
    }
    completedElsewhere(reason);
    b.resolve(1); // the settler's hold (see Behaviour.trySettle)
    return true;
  }

  /**
   * Attaches timings to {@code b} if a behaviour observer is registered and draws it. The only cost
   * without one is this volatile read of an empty slot.
   */
  private void sample(Behaviour b) {
    Sampler s = listeners.sampler(); // volatile read: null unless sampled timers are on
    if (s != null && s.pick()) {
      samples.put(b, new SampledRun(s));
      b.markSampled(); // plain: enqueue publishes b (and the entry before it) to whoever runs it
    }
  }

  /** The timings of sampled behaviour {@code b}; null if they were taken already. Any thread. */
  SampledRun sampleOf(Behaviour b) {
    return samples.get(b);
  }

  /**
   * How many sampled behaviours' timings this generation holds: those scheduled and not yet
   * completed (and any dropped at shutdown). Any thread.
   *
   * @return the count
   */
  public int samplesHeld() {
    return samples.size();
  }

  /** Removes and returns the timings of sampled behaviour {@code b}. Any thread. */
  SampledRun takeSample(Behaviour b) {
    return samples.remove(b);
  }

  /** {@link #schedule} wait for internal work: never held back by back-pressure. */
  public static final long NEVER_HOLD = BackPressure.NEVER_HOLD;

  /**
   * A stage completed once a producer over the back-pressure limit may schedule again: at once if
   * the runtime is under its limit. Never parks.
   */
  public java.util.concurrent.CompletableFuture<Void> onCapacity() {
    return backPressure.onCapacity(terminator);
  }

  /** The runtime's listeners. */
  public Listeners listeners() {
    return listeners;
  }

  /**
   * Routes a ready behaviour to a worker, or a pinned one to the main queue. A pinned behaviour is
   * ready exactly as an ordinary one (all its cowns held, acquired in the same order); only the
   * thread that runs its body differs.
   */
  void dispatch(Behaviour b) {
    if (dropping) {
      // Counted as published before the drop: a drop that failed half-way must not be repeated.
      b.progress |= Behaviour.PUBLISHED;
      dropOnCaller(b); // close() gave up waiting: nothing new starts
      return;
    }
    if (b.isPinned()) {
      dispatchPinned(b);
      return;
    }
    Worker w = currentWorker();
    if (w != null) {
      w.pushLocal(b);
      return;
    }
    if (deterministic != null) {
      deterministic.add(b); // the waiting thread picks it (runOneDeterministically)
      b.progress |= Behaviour.PUBLISHED; // right after the publishing call (see Acquisition)
      return;
    }
    Worker[] ws = workers;
    int i = ws.length == 1 ? 0 : (nextRemote.getAndIncrement() & Integer.MAX_VALUE) % ws.length;
    ws[i].pushRemote(b);
  }

  /**
   * Routes a behaviour whose last cown was just handed over by a finishing body. On a worker it goes
   * to that worker's run-next slot: the continuation of the work that just finished runs next, while
   * its cowns' state is still in this core's cache, and a chain of hand-offs (a busy cown's queue)
   * drains without waiting a full turn of the ready queue per step.
   */
  void dispatchHandedOver(Behaviour b) {
    if (!b.isPinned() && !dropping) {
      Worker w = currentWorker();
      if (w != null) {
        w.pushNext(b);
        return;
      }
    }
    dispatch(b);
  }

  private void dispatchPinned(Behaviour b) {
    boolean wasEmpty = mainQueue.offer(b);
    b.progress |= Behaviour.PUBLISHED; // right after the publishing call (see Acquisition)
    if (wasEmpty) {
      // A non-empty period began: wake a main thread that auto-pumps in waitAll/quiesce. Only this
      // 0 -> 1 edge needs the signal: the waiter checks the depth before it sleeps, so it sleeps
      // only on an empty queue, and the next arrival after that is again such an edge.
      terminator.wakeWaiters();
    }
    if (dropping) {
      pump.dropQueued(); // close() gave up on the main thread: drop rather than queue for ever
    }
  }

  // --- pinned behaviours: run by the pump on the main thread ----------------------------------

  /** The main queue of ready pinned behaviours. */
  public MainQueue mainQueue() {
    return mainQueue;
  }

  /** The main thread's side: binding, pump loop, shutdown drop. */
  public Pump pump() {
    return pump;
  }

  /**
   * Runs a pinned behaviour taken from the main queue on the calling (main) thread, inside a body
   * scope of this generation, and accounts for its completion. Cleanup (cowns released, result
   * published, in-flight count decremented, scope left) happens on every path.
   *
   * @return the body's failure, or null
   * @throws RuntimeException or Error only from a test's fault-injection hook, after the cleanup
   */
  @Override
  public Throwable runPinned(Behaviour b) {
    BodyScope scope = BodyScope.current();
    Throwable failure = null;
    scope.enter(this);
    try {
      try {
        FaultInjection.beforePinnedAcquire();
      } catch (RuntimeException | Error e) {
        failure = e;
        b.releaseWithoutRunning(e); // the body never starts; its cowns pass on
        throw e;
      }
      PINNED_RUNNING.setRelease(this, b); // for the shutdown walk, as Worker.running
      try {
        failure = b.run();
      } finally {
        PINNED_RUNNING.setRelease(this, null);
      }
      if (b.isPinned()) {
        // Counted before the in-flight decrement below, so a waitAll that returns has seen it.
        pump.countRun(failure != null);
      }
      FaultInjection.afterPinnedRelease();
      return failure;
    } finally {
      scope.exitAndForget();
      completedElsewhere(failure);
      scope.finishAbandoned(); // a when of the body that failed half-way: finished on a shallow stack
    }
  }

  /**
   * Releases a pinned behaviour without running it (shutdown drop, R09): its result cown gets the
   * shutdown exception and its cowns pass on. Completes the drop on every path.
   *
   * @return a Throwable raised while handling it, or null
   */
  @Override
  public Throwable dropOne(Behaviour b) {
    IllegalStateException reason = droppedAtShutdown();
    boolean accounted = b.isSettled(); // counted when it was settled
    Throwable thrown = null;
    try {
      FaultInjection.beforePinnedDrop();
    } catch (Throwable t) {
      thrown = t;
    }
    try {
      b.releaseWithoutRunning(reason);
    } catch (Throwable t) {
      if (thrown == null) {
        thrown = t;
      } else {
        thrown.addSuppressed(t);
      }
    } finally {
      if (!accounted) {
        completedElsewhere(reason);
      }
    }
    return thrown;
  }

  /** The calling thread's worker if it belongs to this generation, else null. */
  private Worker currentWorker() {
    Thread t = Thread.currentThread();
    if (t instanceof WorkerThread) {
      Worker w = ((WorkerThread) t).worker;
      if (w.generation == this) {
        return w;
      }
    }
    return null;
  }

  /** Whether the calling thread is one of this generation's workers. */
  public boolean isWorkerThread() {
    return currentWorker() != null;
  }

  /** Whether any worker's queue holds a behaviour (a racy look: for wake-up decisions only). */
  boolean anyQueuedWork() {
    for (Worker.Queues q : queues) {
      if (q.hasWork()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Wakes one parked worker other than {@code self}, unless a worker is already searching (it will
   * find the work) or none counts itself idle. The caller has just published work with a volatile
   * write; see {@link Worker#search} for the other half, and for why the idle count may run ahead of
   * the parked workers but never behind them.
   */
  void wakeIdleWorker(Worker self) {
    if (self != null && workers.length == 1) {
      return; // the only worker is the one pushing
    }
    if (searchingWorkers.get() > 0 || idleWorkers.get() == 0) {
      return;
    }
    Worker[] ws = workers;
    int n = ws.length;
    int start = ThreadLocalRandom.current().nextInt(n);
    for (int i = 0; i < n; i++) {
      Worker w = ws[(start + i) % n];
      if (w != self && w.tryWake()) {
        idleWorkers.decrementAndGet();
        return;
      }
    }
  }

  /** Accounts for a behaviour completed by a thread that is not a worker (main thread, taker). */
  void completedElsewhere(Throwable failure) {
    countCompletedElsewhere(failure);
    terminator.add(-1);
  }

  /** The statistics of {@link #completedElsewhere}, counted before its in-flight update. */
  void countCompletedElsewhere(Throwable failure) {
    externalCompleted.increment();
    if (failure != null) {
      externalFailed.increment();
    }
  }

  // --- lifecycle ------------------------------------------------------------------------------

  boolean isRunning() {
    return state != STOPPED;
  }

  /** Whether {@code when} from a non-worker thread is currently accepted. */
  public boolean acceptsExternalWork() {
    return state == RUNNING;
  }

  /** Whether teardown has completed. */
  public boolean isStopped() {
    return state == STOPPED;
  }

  public int workerCount() {
    return workers.length;
  }

  public Terminator terminator() {
    return terminator;
  }

  /**
   * Tries to begin teardown: succeeds only if nothing is in flight once {@code when} from other
   * threads is refused.
   */
  public boolean tryBeginStop() {
    state = STOPPING;
    // Volatile write then volatile read; pairs with schedule(): see the comment there.
    if (terminator.inFlight() != 0) {
      state = RUNNING;
      return false;
    }
    return true;
  }

  /** Stops and joins every worker. Call after {@link #tryBeginStop()} succeeded. */
  public void stop() throws InterruptedException {
    state = STOPPED;
    terminator.releaseCapacityWaiters(); // their retry starts the next generation
    for (Worker w : workers) {
      w.wakeForShutdown();
    }
    for (Worker w : workers) {
      if (w.thread != Thread.currentThread()) {
        w.thread.join();
      }
    }
  }

  /**
   * From now on, behaviours that become ready are released without running, their result cowns
   * carrying an {@link IllegalStateException} that says they were dropped at shutdown. Bodies already
   * running finish normally. Pinned behaviours already queued for the main thread are dropped too;
   * a Throwable raised while dropping one is kept ({@link #recordDropFailure}) and the drop goes on.
   */
  public void dropUnstarted() {
    dropping = true;
    pump.dropQueued(); // queued pinned work too; if the main thread is pumping, it drops the rest
    dropQueuedOnWorkers();
    for (Worker w : workers) {
      w.wakeForShutdown(); // a parked worker re-polls, and drops what reaches its run-next slot
    }
    settleWaiting();
  }

  /**
   * Settles every behaviour that waits behind a body still running (see {@link Settlement}): its
   * result cown gets the shutdown exception now, whoever holds its cowns. Called when the drop begins
   * and again when close() stops waiting for running bodies; the second call finds what the first
   * could not see yet (a body that started as the drop began, a behaviour linked since). Only after
   * {@link #dropUnstarted()}.
   *
   * @return how many behaviours this call settled
   */
  public int settleWaiting() {
    List<Behaviour> roots = new ArrayList<>(workers.length + 1);
    for (Worker w : workers) {
      roots.add(w.running());
    }
    roots.add((Behaviour) PINNED_RUNNING.getAcquire(this));
    return Settlement.settleBehind(this, roots);
  }

  /** Drops, on the calling thread, every behaviour waiting in a worker's queues. */
  private void dropQueuedOnWorkers() {
    if (deterministic != null) {
      for (Behaviour b : deterministic.takeAll()) {
        dropOnCaller(b);
      }
    }
    for (Worker w : workers) {
      Behaviour b;
      while ((b = w.steal()) != null) {
        dropOnCaller(b);
      }
    }
  }

  private static final ThreadLocal<ArrayDeque<Behaviour>> DROPS_ON_THIS_THREAD = new ThreadLocal<>();

  /**
   * Drops {@code b} on the calling thread: releases its cowns without running it (its result cown
   * gets the shutdown exception) and accounts for it. Releasing can make successors ready, which are
   * dropped too; they are queued on this thread rather than dropped recursively, so a long chain
   * cannot overflow the stack. Never throws: failures are kept by {@link #recordDropFailure}.
   */
  void dropOnCaller(Behaviour b) {
    ArrayDeque<Behaviour> pending = DROPS_ON_THIS_THREAD.get();
    if (pending != null) { // re-entered from a release inside a drop: the outer loop takes it
      pending.add(b);
      return;
    }
    pending = new ArrayDeque<>();
    DROPS_ON_THIS_THREAD.set(pending);
    try {
      for (Behaviour next = b; next != null; next = pending.poll()) {
        Throwable t = dropOne(next);
        if (t != null) {
          recordDropFailure(t);
        }
      }
    } finally {
      DROPS_ON_THIS_THREAD.remove();
    }
  }

  /**
   * Keeps a Throwable raised while dropping a behaviour, for {@link #takeDropFailure()}: the drop
   * goes on, and close() rethrows it once everything was dropped. Any thread that drops (the pump's
   * drain, a worker).
   */
  @Override
  public void recordDropFailure(Throwable t) {
    synchronized (dropFailures) {
      dropFailures.add(t);
    }
  }

  /**
   * The first Throwable raised while dropping, with the others added as suppressed, or null; clears
   * the record.
   */
  public Throwable takeDropFailure() {
    synchronized (dropFailures) {
      if (dropFailures.isEmpty()) {
        return null;
      }
      Throwable first = dropFailures.get(0);
      for (int i = 1; i < dropFailures.size(); i++) {
        Throwable t = dropFailures.get(i);
        if (t != first) {
          first.addSuppressed(t);
        }
      }
      dropFailures.clear();
      return first;
    }
  }

  @Override
  public boolean isDropping() {
    return dropping;
  }

  static IllegalStateException droppedAtShutdown() {
    return new IllegalStateException(
        "behaviour dropped at shutdown: the runtime was closed before it could run (its cowns were"
            + " released so successors proceed); give close() a longer shutdown timeout, or pump"
            + " pinned work before closing");
  }

  /** Stops without waiting for anything: the threads are daemons and exit when their bodies end. */
  public void abandon() {
    state = STOPPED;
    terminator.releaseCapacityWaiters();
    for (Worker w : workers) {
      w.wakeForShutdown();
    }
    if (dropping) {
      dropQueuedOnWorkers(); // anything queued since; a worker also drops its own slot on exit
    }
  }

  // --- the slow-body detector's view -------------------------------------------------------

  /** How many threads run behaviours: the workers, or the one driving thread when deterministic. */
  int runners() {
    return deterministic != null ? 1 : workers.length;
  }

  /**
   * Behaviours entered plus behaviours left by runner {@code i}: odd while it runs one, and a new
   * value for each behaviour. One opaque (worker) or volatile (driver) read; any thread.
   */
  long runnerEdges(int i) {
    return deterministic != null ? drivingEdges : workers[i].bodyEdges();
  }

  /** The thread of runner {@code i}, or null if a deterministic generation's driver just left. */
  Thread runnerThread(int i) {
    return deterministic != null ? driving.get() : workers[i].thread;
  }

  // --- statistics ---

  /** Behaviours muted by back-pressure now. */
  public int mutedNow() {
    return backPressure.mutedNow();
  }


  // -------------------------------------------------------------------------

  /** A snapshot of every worker's statistics, in worker index order. */
  public List<WorkerStats> workerStats() {
    List<WorkerStats> out = new ArrayList<>(workers.length);
    for (Worker w : workers) {
      out.add(w.stats());
    }
    return List.copyOf(out);
  }

  public long scheduledTotal() {
    long s = externalScheduled.sum();
    for (Worker w : workers) {
      s += w.scheduled();
    }
    return s;
  }

  public long completedTotal() {
    long s = externalCompleted.sum();
    for (Worker w : workers) {
      s += w.completed();
    }
    return s;
  }

  public long failedTotal() {
    long s = externalFailed.sum();
    for (Worker w : workers) {
      s += w.failed();
    }
    return s;
  }
}
