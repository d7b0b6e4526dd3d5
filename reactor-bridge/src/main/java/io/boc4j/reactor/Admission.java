package io.boc4j.reactor;

import io.boc4j.Boc;
import io.boc4j.Scheduling;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * Admits a bridge's behaviours into the runtime without ever parking the subscribing thread, in the
 * order their subscriptions asked.
 *
 * <h2>Implementation notes</h2>
 *
 * Every subscription that wants its behaviour scheduled is offered to {@link #queue} (many producers)
 * and then {@link #drain()} runs: the classic work-in-progress loop, so exactly one thread at a time
 * schedules, in queue order, whatever thread offered. It schedules through {@link Boc#nonBlocking()},
 * which never waits: over the back-pressure limit it throws {@link RejectedExecutionException} with
 * nothing scheduled. The drainer then leaves the head in the queue, sets {@link #waitingForCapacity}
 * and asks {@link Boc#onCapacity()} to call back. That stage completes on a runtime thread (the worker
 * whose progress lowered the load) — or at once, on the drainer itself, if the load already fell — so
 * the callback does not drain there: it hops to {@link Schedulers#parallel()}. That keeps the stack
 * flat (no drain inside a drain), keeps draining off the workers (a worker's {@code when} bypasses
 * admission, which would let a whole queue in over the limit), and a parallel thread is a Reactor
 * non-blocking thread, which the non-blocking form suits.
 *
 * <p>Why a queue at all: a subscription that found the runtime over its limit must not be overtaken
 * by a later one that happens to arrive when capacity returns, or per-cown order would depend on
 * timing. While anything waits here, later subscriptions queue behind it. The queue holds
 * subscriptions, not behaviours, and only as many as subscribers have requested, so demand bounds it.
 *
 * <p>Memory ordering: {@link #waitingForCapacity} is written by the drainer (set) and by the capacity
 * callback before it drains (cleared); both run inside the drain loop's exclusive section or hand over
 * through {@link #wip}'s atomic increment, which orders the write before the next drainer's read.
 */
final class Admission {

  /** A subscription waiting to schedule its behaviour. */
  interface Pending {
    /** Whether the subscriber cancelled; a cancelled entry is dropped unscheduled. */
    boolean isCancelled();

    /**
     * Schedules the behaviour through {@code via} and starts observing its result.
     *
     * @throws RejectedExecutionException if the runtime is over its back-pressure limit; nothing
     *     was scheduled
     */
    void schedule(Scheduling via);

    /** Reports a failure to schedule (for example a closed runtime); called instead of scheduling. */
    void fail(Throwable failure);
  }

  private final Boc boc;
  private final Queue<Pending> queue = Queues.<Pending>unboundedMultiproducer().get();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean waitingForCapacity;

  Admission(Boc boc) {
    this.boc = boc;
  }

  /** Queues {@code p} and schedules whatever may be scheduled now. Any thread; never parks. */
  void submit(Pending p) {
    queue.offer(p);
    drain();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return; // the thread inside the loop will see our entry
    }
    int missed = 1;
    do {
      admitQueued();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Schedules queued entries in order until the queue is empty or the runtime refuses one. */
  private void admitQueued() {
    Scheduling via = boc.nonBlocking();
    Pending p;
    while (!waitingForCapacity && (p = queue.peek()) != null) {
      if (!p.isCancelled()) {
        try {
          p.schedule(via);
        } catch (RejectedExecutionException overLimit) {
          waitForCapacity();
          return; // p stays at the head: it goes first when capacity returns
        } catch (RuntimeException | Error failure) {
          queue.poll();
          p.fail(failure);
          continue;
        }
      }
      queue.poll();
    }
  }

  private void waitForCapacity() {
    waitingForCapacity = true;
    boc.onCapacity().whenComplete((ignored, never) -> {
      try {
        Schedulers.parallel().schedule(this::resume);
      } catch (RejectedExecutionException parallelDisposed) {
        resume(); // Reactor's schedulers are shutting down: drain here rather than strand the queue
      }
    });
  }

  private void resume() {
    waitingForCapacity = false;
    drain();
  }
}
