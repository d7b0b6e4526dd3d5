package io.boc4j.internal;

import io.boc4j.WorkerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One life of a runtime, from start to teardown: its workers, its in-flight accounting and its state.
 * {@code waitAll} ends a generation; the next {@code when} starts a new one. Cowns are not tied to a
 * generation.
 *
 * <h2>Scheduler design notes</h2>
 *
 * The scheduler is built on per-worker JCTools MPMC queues rather than {@link
 * java.util.concurrent.ForkJoinPool}. Two reasons, both measured on the 2-core build machine: on Java
 * 17 a plain {@code ForkJoinPool} rarely woke its second worker for work submitted from a running
 * task, so two workers were no faster than one with 10 µs of work per behaviour (Java 25's pool did
 * wake it); and owning the queues lets a worker keep its completion accounting local (see {@link
 * Terminator}) and lets the wake-up policy be explicit:
 *
 * <ul>
 *   <li>a behaviour made ready by a body goes to that worker's own queue; one made ready by any other
 *       thread goes to a worker chosen round-robin;
 *   <li>after every push, if no worker is searching for work and some worker is parked, one parked
 *       worker is woken, so a second worker always joins as soon as there is a second ready behaviour;
 *   <li>a worker that finds nothing spins over all queues for a few hundred polls before parking, so a
 *       steady stream of hand-offs costs no park/unpark system calls, while an idle runtime parks every
 *       worker and burns no CPU.
 * </ul>
 */
public final class Generation {

  private static final int RUNNING = 0;
  private static final int STOPPING = 1;
  private static final int STOPPED = 2;

  final Worker[] workers;
  final Terminator terminator = new Terminator();
  final AtomicInteger idleWorkers = new AtomicInteger();
  final AtomicInteger searchingWorkers = new AtomicInteger();
  private final LongAdder externalScheduled = new LongAdder();
  private final LongAdder externalCompleted = new LongAdder();
  private final LongAdder externalFailed = new LongAdder();
  private final AtomicInteger nextRemote = new AtomicInteger();
  private volatile int state = RUNNING;

  /** Set by close() after its timeout: behaviours that have not started are dropped, not run. */
  private volatile boolean dropping;

  private Generation(int workerCount, String namePrefix) {
    workers = new Worker[workerCount];
    for (int i = 0; i < workerCount; i++) {
      workers[i] = new Worker(i, this, namePrefix + i);
    }
  }

  /**
   * Creates a generation and starts its worker threads. If a thread fails to start, the ones already
   * started are stopped and the failure is rethrown.
   */
  public static Generation start(int workerCount, String namePrefix) {
    Generation g = new Generation(workerCount, namePrefix);
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

  // --- scheduling -----------------------------------------------------------------------------

  /**
   * Schedules {@code b}: accounts for it and enqueues its requests. Called by {@code when} on any
   * thread.
   *
   * @return false if this generation is shutting down (nothing was scheduled)
   */
  public boolean schedule(Behaviour b) {
    b.generation = this;
    Worker w = currentWorker();
    if (w != null) {
      // A body of this generation is running, so the in-flight count is positive and the state is
      // RUNNING: no state check needed.
      w.onScheduled();
      b.enqueue();
      return true;
    }
    FaultInjection.beforeInFlightIncrement();
    terminator.increment();
    // Volatile read after the volatile increment: a concurrent waitAll that set STOPPING and then
    // re-reads the counter sees our increment, or we see STOPPING here (Dekker).
    if (state != RUNNING) {
      terminator.add(-1);
      return false;
    }
    try {
      FaultInjection.beforeEnqueue();
      b.enqueue();
    } catch (RuntimeException | Error e) {
      terminator.add(-1);
      throw e;
    }
    externalScheduled.increment();
    return true;
  }

  /** Routes a ready behaviour to a worker. */
  void dispatch(Behaviour b) {
    Worker w = currentWorker();
    if (w != null) {
      w.pushLocal(b);
      return;
    }
    Worker[] ws = workers;
    int i = ws.length == 1 ? 0 : (nextRemote.getAndIncrement() & Integer.MAX_VALUE) % ws.length;
    ws[i].pushRemote(b);
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

  /**
   * Wakes one parked worker unless a worker is already searching (it will find the work). The caller
   * has just published work with a volatile write; see {@link Worker} for the other half.
   */
  void wakeIdleWorker(Worker self) {
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
    externalCompleted.increment();
    if (failure != null) {
      externalFailed.increment();
    }
    terminator.add(-1);
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
   * running finish normally.
   */
  public void dropUnstarted() {
    dropping = true;
    for (Worker w : workers) {
      w.wakeForShutdown(); // a parked worker re-polls and drops what is queued
    }
  }

  boolean isDropping() {
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
    for (Worker w : workers) {
      w.wakeForShutdown();
    }
  }

  // --- statistics -----------------------------------------------------------------------------

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
