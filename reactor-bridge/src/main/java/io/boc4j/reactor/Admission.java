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
 * A subscription that wants its behaviour scheduled while others are queued or waiting is offered to
 * {@link #queue} (many producers), and then {@link #drain()} runs: the classic work-in-progress loop,
 * so exactly one thread at a time schedules, in queue order, whatever thread offered. It schedules
 * through {@link Boc#nonBlocking()}, which never waits: over the back-pressure limit it throws
 * {@link RejectedExecutionException} with nothing scheduled. The drainer then leaves the head in the queue, sets {@link #waitingForCapacity}
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
 * <p>The fast path: a subscription that finds the queue empty and no wait for capacity schedules its
 * behaviour directly, on its own thread, without a queue node or the drain loop's atomic counter.
 * That is the common case (every subscription under the limit), and it keeps the order: an earlier
 * subscription (one whose submit returned before this one began) is either scheduled already or
 * still in the queue, because the drain loop peeks, schedules and only then polls, and a direct
 * attempt that is refused queues its subscription before its submit returns. Subscriptions submitted
 * concurrently have no order between them to keep.
 *
 * <p>Memory ordering: {@link #waitingForCapacity} is written by the drainer (set) and by the capacity
 * callback before it drains (cleared); both run inside the drain loop's exclusive section or hand over
 * through {@link #wip}'s atomic increment, which orders the write before the next drainer's read. The
 * fast path only reads it (volatile) and the queue's emptiness (the queue's own volatile links):
 * reading the flag false and the queue empty after an earlier submit returned means that submit's
 * subscription has been admitted, because its offer and the drainer's poll are ordered before those
 * reads by the queue's and the flag's volatile accesses.
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

  /** Schedules {@code p} now if it may go now, else queues it. Any thread; never parks. */
  void submit(Pending p) {
    if (!waitingForCapacity && queue.isEmpty()) {
      // Nothing waits ahead of p: schedule it directly, with no queue node and no exclusive section
      // (the notes say why that keeps the order).
      admitDirectly(p);
      return;
    }
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

  /** Nothing was queued or waiting: schedules {@code p}, or queues it if the runtime refuses. */
  private void admitDirectly(Pending p) {
    if (p.isCancelled()) {
      return;
    }
    try {
      p.schedule(boc.nonBlocking());
    } catch (RejectedExecutionException overLimit) {
      // Over the limit: queue p and let the drain loop retry it, and if it is refused again, wait for
      // capacity there, in the exclusive section. Whatever is submitted after this submit returns
      // finds p queued (or already admitted) and goes behind it.
      queue.offer(p);
      drain();
    } catch (RuntimeException | Error failure) {
      p.fail(failure);
    }
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
