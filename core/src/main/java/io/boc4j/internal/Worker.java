package io.boc4j.internal;

import io.boc4j.WorkerStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker: a thread, its ready queue and its statistics.
 *
 * <p>Interrupts: the worker clears its thread's interrupt flag before each body and before it parks.
 * An interrupt sent while a body runs reaches that body (a sleeping body gets its {@link
 * InterruptedException}); one a body leaves set, or one sent to an idle worker, is discarded, so it
 * neither leaks into the next body nor keeps the idle worker awake.
 *
 * <p>Threading: {@link #pushLocal} and the run loop are called only on this worker's thread; {@link
 * #pushRemote} and {@link #steal} from any thread.
 *
 * <p>Dispatch order: the run-next slot, then the worker's own queues (FIFO), then steal from the
 * other workers (the older half of a victim's queue at once, up to {@link #STEAL_BATCH}: the oldest
 * runs now, the rest join this worker's queue), then spin briefly, then park.
 *
 * <p>Each worker has two ready queues. {@code local} takes what this worker's bodies make ready: a
 * single-producer multi-consumer {@link ReadyRing} (the owner offers; the owner and thieves poll),
 * the cheapest queue that still allows stealing, and one whose offer publishes in a single store
 * (see {@link Acquisition} on faults in phase 1). {@code inbox} takes what other threads make ready,
 * and what overflows {@code local}: an unbounded {@link LinkedReadyQueue}, whose offer publishes with
 * its last call too.
 */
final class Worker implements Runnable {

  private static final VarHandle PARKED;
  private static final VarHandle SLOTS;
  private static final VarHandle RUNNING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PARKED = lookup.findVarHandle(Worker.class, "parked", boolean.class);
      SLOTS = lookup.findVarHandle(Worker.class, "slots", Slots.class);
      RUNNING = lookup.findVarHandle(Slots.class, "running", Behaviour.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The two references a worker stores on every behaviour: the one it runs and the one to run next.
   * They live in a small object of their own, replaced now and then ({@link #RENEW_SLOTS_EVERY}),
   * rather than in the worker: the worker lives long and is in the old generation of the heap, where
   * under G1 each store of a young behaviour costs a post-write barrier with a StoreLoad fence (which
   * waits for the behaviours just allocated to reach memory). A young holder costs none of that.
   */
  static final class Slots {
    /** The behaviour to run next, handed over by the body that just finished. Owner thread only. */
    Behaviour runNext;

    /**
     * The behaviour whose body runs on this worker now, or null: written by the owner (release),
     * read by a closing thread (acquire) that settles what waits behind a body that outlived the
     * shutdown timeout.
     */
    @SuppressWarnings("unused") // accessed through RUNNING
    Behaviour running;
  }

  /**
   * How many times the worker finds its run-next slot empty (about once per behaviour it takes from
   * a queue) between two replacements of {@link #slots}.
   */
  static final int RENEW_SLOTS_EVERY = 4_096;

  /**
   * This worker's current {@link Slots}. Replaced by the owner between behaviours, with a release
   * store, so that a closing thread that reads it with acquire sees the new holder's fields; the old
   * holder's {@code running} was cleared before, as between any two behaviours.
   */
  private Slots slots = new Slots(); // replaced through SLOTS; the owner reads it plainly

  /** Owner only: empty run-next slots seen since {@link #slots} was last replaced. */
  private int sinceSlotsRenewed;

  /**
   * Spin-wait pauses a worker with no work spends polling the queues before it parks: about 70
   * polls with the back-off below, over roughly the time the 256 back-to-back polls of earlier
   * versions took, so a worker that runs out of work parks no sooner than it did.
   */
  private static final int SEARCH_PAUSES = 1024;

  /**
   * The longest run of pauses between two polls of a search. Polls back off exponentially up to it:
   * each poll reads the other workers' queue indices, lines those workers write on every push and
   * pop, so a thief that polls without pause slows down the very worker whose work it waits for.
   */
  private static final int MAX_SEARCH_PAUSE = 16;

  /**
   * Consecutive run-next behaviours before the worker turns to its queue again. Bounds how long a
   * chain of hand-offs can keep queued work waiting (a self-rescheduling behaviour is such a chain).
   */
  private static final int RUN_NEXT_BUDGET = 16;

  final int index;
  final Generation generation;
  final WorkerThread thread;
  /** Capacity of the owner-fed queue; beyond it behaviours overflow into the inbox. */
  private static final int LOCAL_CAPACITY = 8192;

  private final ReadyRing local = new ReadyRing(LOCAL_CAPACITY);
  private final LinkedReadyQueue<Behaviour> inbox = new LinkedReadyQueue<>();

  /** The same two queues as other workers reach them: see {@link Queues}. */
  final Queues queues = new Queues(local, inbox);
  private final Counters counters = new Counters();
  private final AtomicLong pushedRemote = new AtomicLong();

  /**
   * A thief's buffer: what one steal takes from a victim at once. Half of the victim's queue, as Go's
   * and Tokio's schedulers take: at zero work one behaviour per steal left the thief looking again
   * after every body and moved a behaviour between cores each time.
   */
  private final Behaviour[] stolen = new Behaviour[STEAL_BATCH];

  /** The most one steal takes. */
  private static final int STEAL_BATCH = 32;

  private int runNextBudget = RUN_NEXT_BUDGET;

  /** Behaviours scheduled by the body now running on this worker. Owner thread only. */
  private int scheduledByBody;

  /**
   * Whether one of the first {@link #CHECKED_CHILDREN} behaviours the running body scheduled needs
   * none of its cowns (the mute decision's question). Answered as each is scheduled rather than by
   * keeping the children: storing a young behaviour into this long-lived worker would cost a garbage
   * collector's card-marking barrier (a StoreLoad fence under G1) on every schedule. Owner only.
   */
  private boolean exportedByBody;

  /** How many of a body's children are checked for {@link #exportedByBody}; bounds its cost. */
  private static final int CHECKED_CHILDREN = 4;

  /**
   * Completions not yet applied to the terminator, and in-flight credit taken ahead; never positive.
   * Owner thread only.
   */
  private long pendingDelta;

  /**
   * How many behaviours a body's schedule counts at once on the shared terminator when this worker
   * has no pending completion to spend ({@link Terminator#creditFor}): the rest is kept as credit in
   * {@link #pendingDelta}, so a worker whose bodies schedule more than they complete (a producer's
   * step) touches the shared counter once per batch rather than once per behaviour, which at two
   * workers would move its cache line between cores on almost every transaction.
   */
  private final int inFlightCredit;

  private long completedSinceFlush;

  @SuppressWarnings("unused") // accessed through PARKED
  private volatile boolean parked;

  Worker(int index, Generation generation, String threadName, int inFlightCredit) {
    this.index = index;
    this.generation = generation;
    this.inFlightCredit = inFlightCredit;
    this.thread = new WorkerThread(this, threadName);
  }

  // --- dispatch -------------------------------------------------------------------------------

  /** A body on this worker made {@code b} ready. Owner thread only. */
  void pushLocal(Behaviour b) {
    pushLocalQuietly(b);
    wakeAnotherAfterLocalPush();
  }

  /** {@link #pushLocal} without the wake-up: for a behaviour this worker takes next. */
  private void pushLocalQuietly(Behaviour b) {
    queueHere(b);
    b.progress |= Behaviour.PUBLISHED; // right after the publishing call (see Acquisition)
    counters.increment(Counters.PUSHED_LOCAL);
  }

  /**
   * A finishing body on this worker handed its cown to {@code b}: run it next. A behaviour already in
   * the slot moves to the queue, where other workers can steal it. Owner thread only.
   */
  void pushNext(Behaviour b) {
    if (scheduledByBody != 0) {
      // The finishing body produced work of its own: its continuation waits its turn, so that a
      // producer cannot outrun the work it creates.
      if (hasQueuedWork()) {
        pushLocal(b);
      } else {
        // Nothing else waits here, so this worker takes it next: waking another worker would only
        // have it race this one for the one behaviour (a convoy of hand-offs would then bounce
        // between cores, a park and an unpark per step). A searching worker may still steal it.
        pushLocalQuietly(b);
      }
      return;
    }
    Slots held = slots;
    Behaviour displaced = held.runNext;
    held.runNext = b;
    b.progress |= Behaviour.PUBLISHED; // no call since the publication (see Acquisition)
    counters.increment(Counters.PUSHED_LOCAL);
    if (displaced != null) {
      queueOverflowFromSlot(displaced);
    }
  }

  /** Moves a behaviour from the run-next slot to the queue; it was counted as pushed already. */
  private void queueOverflowFromSlot(Behaviour b) {
    queueHere(b);
    wakeAnotherAfterLocalPush();
  }

  /**
   * Appends {@code b} to this worker's ring, or to its inbox when the ring is full. Owner thread only.
   * The publishing offer is its last call, as {@link ReadyRing} requires of the producer.
   */
  private void queueHere(Behaviour b) {
    if (!local.offer(b)) {
      inbox.offer(b);
    }
  }

  /**
   * After a push into this worker's own queue: wake an idle worker if nobody searches. The local
   * queue publishes with a release store, which may still be in this core's store buffer when the
   * searching and idle counts are read; a worker that stops searching at that moment could then miss
   * both the item and the wake-up, and the item would wait for this worker, whose body may block.
   * The full fence makes it Dekker with the parking worker's volatile count updates and last look,
   * as the inbox's linking CAS already is for remote pushes.
   */
  private void wakeAnotherAfterLocalPush() {
    if (generation.workers.length > 1) { // alone, nobody else could take it
      VarHandle.fullFence();
      generation.wakeIdleWorker(this);
    }
  }

  /** A thread that is not this generation's worker made {@code b} ready. Any thread. */
  void pushRemote(Behaviour b) {
    inbox.offer(b);
    b.progress |= Behaviour.PUBLISHED; // right after the publishing call (see Acquisition)
    pushedRemote.incrementAndGet();
    generation.wakeIdleWorker(null);
  }

  /** Takes the oldest behaviour of this worker's queue for another worker. Any thread. */
  Behaviour steal() {
    return queues.steal();
  }

  boolean hasQueuedWork() {
    return queues.hasWork();
  }

  /**
   * A worker's ring and inbox as other workers reach them, through {@link Generation#queues}
   * rather than through the {@code Worker}: a thief polls its victims on every turn of its search,
   * and the {@code Worker} object holds fields its owner writes on every behaviour. Read through the
   * worker, the thief's polls pulled the owner's line away on each turn whenever the heap placed
   * those fields and the queue references on one cache line; this object is never written after
   * construction.
   */
  static final class Queues {
    private final ReadyRing ring;
    private final LinkedReadyQueue<Behaviour> inbox;

    Queues(ReadyRing ring, LinkedReadyQueue<Behaviour> inbox) {
      this.ring = ring;
      this.inbox = inbox;
    }

    /** Whether the ring or the inbox holds a behaviour (a racy look). Any thread. */
    boolean hasWork() {
      return !ring.isEmpty() || !inbox.isEmpty();
    }

    /**
     * Takes the older half of the ring (at most {@code into.length}) for a thief, or the oldest
     * behaviour of the inbox if the ring is empty. Any thread.
     *
     * @return how many behaviours were written to {@code into}, from index 0
     */
    int stealHalf(Behaviour[] into) {
      int k = ring.pollHalf(into);
      if (k == 0) {
        Behaviour b = inbox.poll();
        if (b != null) {
          into[0] = b;
          k = 1;
        }
      }
      return k;
    }

    /** Takes the oldest behaviour for another worker. Any thread. */
    Behaviour steal() {
      Behaviour b = ring.poll(false);
      return b != null ? b : inbox.poll();
    }
  }

  /** This worker's body scope (its thread's). */
  BodyScope scope() {
    return thread.scope;
  }

  /** Accounts for a behaviour a body on this worker scheduled. Owner thread only. */
  void onScheduled(Behaviour child) {
    if (!exportedByBody && scheduledByBody < CHECKED_CHILDREN) {
      Behaviour parent = slots.running; // plain: this thread wrote it
      exportedByBody = parent != null && child.disjointFrom(parent);
    }
    scheduledByBody++;
    counters.increment(Counters.SCHEDULED);
    if (pendingDelta < 0) {
      pendingDelta++; // a completion not yet subtracted, or credit taken ahead, covers it
    } else {
      int credit = inFlightCredit;
      generation.terminator.increment(credit); // counts it, and credit - 1 behaviours ahead
      pendingDelta = 1 - credit; // no call since the increment: counted means recorded
    }
  }

  /**
   * The behaviour whose body runs on this worker now, or null. Any thread (see {@link
   * Slots#running}).
   */
  Behaviour running() {
    // Acquire, twice: the holder a replacement published, then the behaviour its owner stored.
    return (Behaviour) RUNNING.getAcquire((Slots) SLOTS.getAcquire(this));
  }

  // --- parking --------------------------------------------------------------------------------

  /** Wakes this worker if it is parked. Returns whether it was. Any thread. */
  boolean tryWake() {
    if ((boolean) PARKED.getVolatile(this) && PARKED.compareAndSet(this, true, false)) {
      LockSupport.unpark(thread);
      return true;
    }
    return false;
  }

  boolean isParked() {
    return (boolean) PARKED.getVolatile(this);
  }

  // --- run loop -------------------------------------------------------------------------------

  @Override
  public void run() {
    Generation g = generation;
    BodyScope scope = thread.scope;
    BackPressure bp = g.backPressure;
    while (g.isRunning()) {
      if (bp.hasMuted()) {
        resumeMuted(g.isDropping()); // at shutdown nothing waits: their bodies already ran
      }
      Behaviour b = takeRunNext();
      if (b == null) {
        b = findWork();
      }
      if (b == null) {
        flushPending();
        b = search();
        if (b == null) {
          continue;
        }
      }
      execute(b, scope);
    }
    if (g.isDropping()) {
      dropLeftovers();
    }
    flushPending();
  }

  /** Exit after close() gave up: nothing this worker holds may strand its cowns. */
  private void dropLeftovers() {
    Behaviour b = slots.runNext;
    slots.runNext = null;
    if (b != null) {
      generation.dropOnCaller(b);
    }
    while ((b = steal()) != null) {
      generation.dropOnCaller(b);
    }
    resumeMuted(true); // their bodies ran: release them normally
  }

  private void execute(Behaviour b, BodyScope scope) {
    scheduledByBody = 0;
    exportedByBody = false;
    if (generation.isDropping()) {
      generation.dropOnCaller(b); // accounts for it too
      return;
    }
    // An interrupt belongs to the body running when it arrives: one that an earlier body left set
    // (or that reached this worker while idle) is discarded here, as ThreadPoolExecutor does between
    // tasks, so it never makes an ordinary blocking call of the next body fail.
    Thread.interrupted();
    counters.increment(Counters.BODY_EDGES); // odd: a behaviour runs (the slow-body detector's view)
    scope.enter(generation);
    // Release: the closing thread that reads it (acquire) sees the behaviour's requests. It needs no
    // stronger order: it reads the slot twice, at give-up and after the drop grace, and a body that
    // started in between the two is caught by the second read.
    Slots held = slots;
    RUNNING.setRelease(held, b);
    Throwable failure = b.runBody();
    RUNNING.setRelease(held, null);
    scope.exit();
    counters.increment(Counters.BEHAVIOURS_RUN);
    if (failure != null) {
      counters.increment(Counters.FAILED);
    }
    BackPressure bp = generation.backPressure;
    boolean mute = exportedByBody && bp.shouldMute(scheduledByBody, generation.terminator);
    if (mute) {
      bp.mute(b); // still in flight until resumed
    } else {
      finish(b); // completion callbacks run here, on this worker: they count as the behaviour's time
    }
    // A when() of the body that failed half-way: finished here, on a shallow stack, once the body's
    // own cowns are passed on.
    scope.finishAbandoned();
    counters.increment(Counters.BODY_EDGES); // even: this worker is between behaviours again
  }

  /**
   * Releases the muted behaviours that may resume now (see {@link BackPressure}), or all of them.
   */
  private void resumeMuted(boolean all) {
    BackPressure bp = generation.backPressure;
    Behaviour b;
    while ((b = all ? bp.pollOldest() : bp.pollResumable(generation.terminator)) != null) {
      scheduledByBody = 1; // what it hands over waits its turn in the queue, like any producer's
      finish(b);
    }
  }

  /**
   * Publishes the outcome of {@code b}, whose body ran here, releases its cowns and counts it
   * complete. A release that throws part-way (an injected fault: on a worker's shallow stack nothing
   * else makes it fail) is finished here at once; should that fail too, it stays listed for the idle
   * workers and quiescing threads (see {@link Generation#noteLeftBehind}).
   */
  private void finish(Behaviour b) {
    try {
      b.finish();
    } catch (Throwable t) {
      try {
        b.finishStranded();
      } catch (Throwable again) {
        // stranded again: listed
      }
    }
    onCompleted();
  }

  private void onCompleted() {
    pendingDelta--;
    if (++completedSinceFlush >= Terminator.FLUSH_EVERY) {
      flushPending();
    }
  }

  private void flushPending() {
    completedSinceFlush = 0;
    long d = pendingDelta;
    if (d != 0) {
      pendingDelta = 0;
      generation.terminator.add(d);
    }
  }

  private Behaviour takeRunNext() {
    Slots held = slots;
    Behaviour b = held.runNext;
    if (b == null) {
      runNextBudget = RUN_NEXT_BUDGET;
      if (++sinceSlotsRenewed >= RENEW_SLOTS_EVERY) {
        // Between behaviours, with nothing in the slots: a fresh holder needs nothing copied. One
        // barrier-paying store now and then instead of two per behaviour.
        sinceSlotsRenewed = 0;
        SLOTS.setRelease(this, new Slots());
      }
      return null;
    }
    held.runNext = null;
    if (--runNextBudget < 0) {
      runNextBudget = RUN_NEXT_BUDGET;
      if (hasQueuedWork()) { // budget spent and work waits: let the queue go first
        queueOverflowFromSlot(b);
        return null;
      }
    }
    counters.increment(Counters.POPPED_LOCAL);
    return b;
  }

  /**
   * Takes the oldest behaviour of this worker's own queues, else steals. Owner thread only;
   * package-private so that tests can race it against {@link #steal}.
   */
  Behaviour findWork() {
    Behaviour b = local.poll(true);
    if (b == null) {
      b = inbox.poll();
    }
    if (b != null) {
      counters.increment(Counters.POPPED_LOCAL);
      return b;
    }
    return stealFromOthers();
  }

  private Behaviour stealFromOthers() {
    Queues[] all = generation.queues; // not the victims' Worker objects: see Queues
    int n = all.length;
    for (int i = 1; i < n; i++) {
      Queues victim = all[(index + i) % n];
      if (!victim.hasWork()) {
        continue;
      }
      counters.increment(Counters.STEAL_ATTEMPTS);
      int k = victim.stealHalf(stolen);
      if (k > 0) {
        counters.add(Counters.POPPED_VIA_STEAL, k);
        return keepStolen(k);
      }
      counters.increment(Counters.STEAL_FAILURES);
    }
    return null;
  }

  /**
   * Runs the oldest of {@code k} stolen behaviours next and queues the rest here, where other idle
   * workers may take them in turn (each counts as pushed here, having been popped from the victim).
   */
  private Behaviour keepStolen(int k) {
    Behaviour first = stolen[0];
    stolen[0] = null;
    for (int i = 1; i < k; i++) {
      Behaviour b = stolen[i];
      stolen[i] = null; // no stolen behaviour stays reachable from here once it has run
      queueHere(b);
    }
    if (k > 1) {
      counters.add(Counters.PUSHED_LOCAL, k - 1);
      wakeAnotherAfterLocalPush();
    }
    return first;
  }

  /**
   * No work was found: spin a little (work often arrives within microseconds), then park until a
   * producer wakes us. Returns work found on the way, or null to re-enter the loop.
   */
  private Behaviour search() {
    Generation g = generation;
    g.searchingWorkers.incrementAndGet();
    Behaviour found = null;
    try {
      // The budget counts the pauses actually made: each round adds its own pause before the next
      // round's pause doubles.
      for (int pause = 1, spent = 0; spent < SEARCH_PAUSES && g.isRunning();
          spent += pause, pause = Math.min(pause << 1, MAX_SEARCH_PAUSE)) {
        found = findWork();
        if (found != null) {
          break;
        }
        for (int p = 0; p < pause; p++) {
          Thread.onSpinWait();
        }
      }
      if (found == null) {
        FaultInjection.idling(FaultInjection.IdleStep.SEARCH_ENDED);
        g.finishLeftBehind(); // one volatile read unless a when or a release failed part-way
      }
    } finally {
      g.searchingWorkers.decrementAndGet();
    }
    if (found != null) {
      handOnTheSearch();
      return found;
    }
    if (g.backPressure.hasMuted() && g.idleWorkers.get() >= g.workers.length - 1) {
      // Every other worker is parked and this one found nothing: the work left in flight waits for
      // muted cowns. Resume the oldest muted behaviour rather than stall.
      Behaviour oldest = g.backPressure.pollOldest();
      if (oldest != null) {
        scheduledByBody = 1;
        finish(oldest);
      }
      return null;
    }
    // Count idle, announce parked, then look a last time. A producer offers first and then looks for
    // a parked worker; we publish parked first and then look for work. All steps are volatile, so
    // either the producer sees us parked and wakes us, or our last look sees its behaviour.
    // The count comes before the announcement so that it never falls below the number of parked
    // workers (producers skip their wake-up when it reads zero). Counted after, a producer could
    // claim us between the two steps and take the count to zero while another worker sleeps; the next
    // push would then wake nobody, and its behaviour would wait for us, who may block in the first.
    g.idleWorkers.incrementAndGet();
    FaultInjection.idling(FaultInjection.IdleStep.COUNTED_IDLE);
    PARKED.setVolatile(this, true);
    Behaviour b = findWork();
    if (b != null || !g.isRunning()) {
      if (PARKED.compareAndSet(this, true, false)) {
        g.idleWorkers.decrementAndGet();
      } // else a producer claimed our wake-up and already decremented idleWorkers
      if (b != null) {
        handOnTheSearch();
      }
      return b;
    }
    counters.increment(Counters.PARKED);
    while ((boolean) PARKED.getVolatile(this) && g.isRunning() && !g.isDropping()) {
      // A set interrupt flag makes park return at once, every time: an idle worker would spin a
      // core. An interrupt that reaches an idle worker has no body to belong to: discard it.
      Thread.interrupted();
      if (g.backPressure.hasMuted()) {
        // Muted behaviours resume on load or age, not on a producer's push: look again soon.
        LockSupport.parkNanos(this, BackPressure.RECHECK_NANOS);
        break;
      }
      // Timed: a producer that claimed this worker's wake-up and then failed before its unpark (a
      // StackOverflowError in a when() near the end of its stack) must not leave it asleep for good.
      long safety = FaultInjection.parkSafetyNanos;
      if (safety <= 0) {
        LockSupport.park(this); // tests of the wake-up protocol itself: no safety net
        continue;
      }
      LockSupport.parkNanos(this, safety);
      if ((boolean) PARKED.getVolatile(this)) {
        break; // timed out: look for work again (the CAS below leaves the parked state)
      }
    }
    if (PARKED.compareAndSet(this, true, false)) { // woken by shutdown, not by a producer
      g.idleWorkers.decrementAndGet();
    }
    return null;
  }

  /**
   * This worker took one behaviour at the end of a search or in its last look before parking, and
   * producers may have left it more: those that pushed while it counted as searching skipped their
   * wake-up, and one that claimed its wake-up meanwhile counted on it too. It will run one and may
   * then block in that body for long, while the rest would wait and a worker sleeps: so if anything
   * is still queued, wake another worker to take over the search.
   */
  private void handOnTheSearch() {
    if (generation.anyQueuedWork()) {
      generation.wakeIdleWorker(this);
    }
  }

  /** Shutdown: wake the thread whatever it is doing. */
  void wakeForShutdown() {
    LockSupport.unpark(thread);
  }

  // --- statistics -----------------------------------------------------------------------------

  long completed() {
    return counters.get(Counters.BEHAVIOURS_RUN);
  }

  long scheduled() {
    return counters.get(Counters.SCHEDULED);
  }

  long failed() {
    return counters.get(Counters.FAILED);
  }

  /**
   * Behaviours entered plus behaviours left (see {@link Counters#BODY_EDGES}): odd while one runs.
   * One opaque read; any thread.
   */
  long bodyEdges() {
    return counters.get(Counters.BODY_EDGES);
  }

  WorkerStats stats() {
    return new WorkerStats(
        index,
        counters.get(Counters.PUSHED_LOCAL),
        pushedRemote.get(),
        counters.get(Counters.POPPED_LOCAL),
        counters.get(Counters.POPPED_VIA_STEAL),
        counters.get(Counters.STEAL_ATTEMPTS),
        counters.get(Counters.STEAL_FAILURES),
        counters.get(Counters.PARKED),
        counters.get(Counters.BEHAVIOURS_RUN));
  }
}
