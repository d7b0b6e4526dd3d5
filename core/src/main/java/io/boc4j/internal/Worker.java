package io.boc4j.internal;

import io.boc4j.WorkerStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * One worker: a thread, its ready queue and its statistics.
 *
 * <p>Threading: {@link #pushLocal} and the run loop are called only on this worker's thread; {@link
 * #pushRemote} and {@link #steal} from any thread.
 *
 * <p>Dispatch order: own queue first (FIFO), then steal from the other workers (FIFO from their
 * head), then spin briefly, then park. The ready queue is a JCTools multi-producer multi-consumer
 * queue so that any thread may push to it and any worker may steal from it.
 */
final class Worker implements Runnable {

  private static final VarHandle PARKED;

  static {
    try {
      PARKED = MethodHandles.lookup().findVarHandle(Worker.class, "parked", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Polls of all queues before a worker with no work parks. */
  private static final int SEARCH_SPINS = 256;

  final int index;
  final Generation generation;
  final WorkerThread thread;
  private final MpmcUnboundedXaddArrayQueue<Behaviour> queue =
      new MpmcUnboundedXaddArrayQueue<>(256);
  private final Counters counters = new Counters();
  private final AtomicLong pushedRemote = new AtomicLong();

  /** Completions not yet applied to the terminator; never positive. Owner thread only. */
  private long pendingDelta;

  private long completedSinceFlush;

  @SuppressWarnings("unused") // accessed through PARKED
  private volatile boolean parked;

  Worker(int index, Generation generation, String threadName) {
    this.index = index;
    this.generation = generation;
    this.thread = new WorkerThread(this, threadName);
  }

  // --- dispatch -------------------------------------------------------------------------------

  /** A body on this worker made {@code b} ready. Owner thread only. */
  void pushLocal(Behaviour b) {
    queue.offer(b);
    counters.increment(Counters.PUSHED_LOCAL);
    generation.wakeIdleWorker(this);
  }

  /** A thread that is not this generation's worker made {@code b} ready. Any thread. */
  void pushRemote(Behaviour b) {
    queue.offer(b);
    pushedRemote.incrementAndGet();
    generation.wakeIdleWorker(null);
  }

  /** Takes the oldest behaviour of this worker's queue for another worker. Any thread. */
  Behaviour steal() {
    return queue.poll();
  }

  boolean hasQueuedWork() {
    return !queue.isEmpty();
  }

  /** Accounts for a behaviour a body on this worker scheduled. Owner thread only. */
  void onScheduled() {
    counters.increment(Counters.SCHEDULED);
    if (pendingDelta < 0) {
      pendingDelta++; // a completion not yet subtracted still covers the new behaviour
    } else {
      generation.terminator.increment();
    }
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
    while (g.isRunning()) {
      Behaviour b = findWork();
      if (b == null) {
        flushPending();
        b = search();
        if (b == null) {
          continue;
        }
      }
      execute(b, scope);
    }
    flushPending();
  }

  private void execute(Behaviour b, BodyScope scope) {
    Throwable failure;
    if (generation.isDropping()) {
      failure = Generation.droppedAtShutdown();
      b.releaseWithoutRunning(failure);
    } else {
      scope.enter(generation);
      failure = b.run();
      scope.exit();
    }
    counters.increment(Counters.BEHAVIOURS_RUN);
    if (failure != null) {
      counters.increment(Counters.FAILED);
    }
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

  private Behaviour findWork() {
    Behaviour b = queue.poll();
    if (b != null) {
      counters.increment(Counters.POPPED_LOCAL);
      return b;
    }
    return stealFromOthers();
  }

  private Behaviour stealFromOthers() {
    Worker[] all = generation.workers;
    int n = all.length;
    for (int i = 1; i < n; i++) {
      Worker victim = all[(index + i) % n];
      if (!victim.hasQueuedWork()) {
        continue;
      }
      counters.increment(Counters.STEAL_ATTEMPTS);
      Behaviour b = victim.steal();
      if (b != null) {
        counters.increment(Counters.POPPED_VIA_STEAL);
        return b;
      }
      counters.increment(Counters.STEAL_FAILURES);
    }
    return null;
  }

  /**
   * No work was found: spin a little (work often arrives within microseconds), then park until a
   * producer wakes us. Returns work found on the way, or null to re-enter the loop.
   */
  private Behaviour search() {
    Generation g = generation;
    g.searchingWorkers.incrementAndGet();
    try {
      for (int i = 0; i < SEARCH_SPINS && g.isRunning(); i++) {
        Behaviour b = findWork();
        if (b != null) {
          return b;
        }
        Thread.onSpinWait();
      }
    } finally {
      g.searchingWorkers.decrementAndGet();
    }
    // Announce parked before the last look. A producer offers first and then looks for a parked worker;
    // we publish parked first and then look for work. Both steps are volatile, so either the producer
    // sees us parked and wakes us, or our last look sees its behaviour.
    PARKED.setVolatile(this, true);
    g.idleWorkers.incrementAndGet();
    Behaviour b = findWork();
    if (b != null || !g.isRunning()) {
      if (PARKED.compareAndSet(this, true, false)) {
        g.idleWorkers.decrementAndGet();
      } // else a producer claimed our wake-up and already decremented idleWorkers
      return b;
    }
    counters.increment(Counters.PARKED);
    while ((boolean) PARKED.getVolatile(this) && g.isRunning() && !g.isDropping()) {
      LockSupport.park(this);
    }
    if (PARKED.compareAndSet(this, true, false)) { // woken by shutdown, not by a producer
      g.idleWorkers.decrementAndGet();
    }
    return null;
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
