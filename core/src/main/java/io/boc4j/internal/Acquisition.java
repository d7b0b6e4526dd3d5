package io.boc4j.internal;

/**
 * The acquisition protocol: ordered two-phase locking over per-cown MCS-style request queues (the
 * protocol of the BoC paper and verona-rt). This class is the only code that reads or writes a cown's
 * {@code last} or a request's {@code next} / {@code scheduled}.
 *
 * <h2>Enqueue (phase 1 and 2)</h2>
 *
 * A behaviour with k distinct cowns, sorted by id, starts with its counter at k + 1. For each request
 * it swaps itself into {@code cown.last}. An empty previous tail means the cown is granted at once. A
 * non-empty one means it must wait: it spins until the predecessor request is <em>scheduled</em> (its
 * behaviour has finished phase 1) and then links itself as the predecessor's successor. After all k
 * swaps it marks every request scheduled and subtracts 1 + (number granted at once) from its counter.
 * The behaviour that takes its counter to 0 is dispatched.
 *
 * <p>Why wait for the predecessor to be scheduled: without it, a behaviour B2 that queued behind B1 on
 * cown x could overtake B1 on a later cown y that B1 has not reached yet, and then B1 waits for B2 on y
 * while B2 waits for B1 on x. Waiting keeps every pair of behaviours in the same relative order on all
 * the cowns they share, which is the order in which their {@code when}s were linearised on their
 * first shared cown. The wait is bounded by the predecessor's phase 1, which never blocks.
 *
 * <h2>Release</h2>
 *
 * On completion each request either CASes {@code cown.last} from itself back to null (no successor) or
 * hands the cown to its successor, decrementing the successor behaviour's counter. If the CAS fails a
 * successor has swapped in but not yet linked; it is in its phase 1, so the spin is short.
 *
 * <h2>Memory ordering</h2>
 *
 * <ul>
 *   <li>{@code last} swap and CAS are volatile: they define the queue order and carry the previous
 *       holder's writes to a behaviour that found the queue empty.
 *   <li>{@code next} is written with release and read with acquire: the successor's initialised state
 *       (its counter) is visible to the releasing thread.
 *   <li>{@code scheduled} is written with release after all swaps and read with acquire by successors.
 *   <li>The counter is decremented with a volatile getAndAdd; the thread that reaches 0 dispatches, and
 *       the ready queue's own publication carries every releasing body's writes to the next body.
 * </ul>
 *
 * <h2>Fast path</h2>
 *
 * A single-cown behaviour needs no counter arithmetic when the cown is free: one swap, then dispatch.
 */
final class Acquisition {

  private Acquisition() {}

  /** Enqueues every request of {@code b}; dispatches it if all were granted at once. */
  static void enqueue(Behaviour b) {
    Request[] requests = b.requests;
    int k = requests.length;
    if (k == 0) {
      b.becomeReady(false);
      return;
    }
    if (k == 1) {
      enqueueSingle(b, requests[0]);
      return;
    }
    b.initCount(k + 1);
    int grantedAtOnce = 0;
    for (Request r : requests) {
      Request prev = r.cown.swapLast(r);
      if (prev == null) {
        grantedAtOnce++;
      } else {
        awaitScheduled(prev);
        prev.soNext(r);
      }
    }
    for (Request r : requests) {
      r.soScheduled();
    }
    b.resolve(grantedAtOnce + 1);
  }

  private static void enqueueSingle(Behaviour b, Request r) {
    b.initCount(1); // plain write; published by the swap below
    Request prev = r.cown.swapLast(r);
    if (prev == null) {
      r.soScheduled();
      b.becomeReady(false);
      return;
    }
    awaitScheduled(prev);
    prev.soNext(r);
    r.soScheduled();
  }

  /** Releases every request of {@code b}, handing each cown to its successor if there is one. */
  static void release(Behaviour b) {
    for (Request r : b.requests) {
      releaseOne(r);
    }
    Request result = b.resultRequest;
    if (result != null) {
      releaseOne(result);
    }
  }

  private static void releaseOne(Request r) {
    Request next = r.lvNext();
    if (next == null) {
      if (r.cown.casLastToEmpty(r)) {
        return;
      }
      next = awaitNext(r);
    }
    r.spNextNull();
    next.behaviour.resolveOnRelease();
  }

  private static void awaitScheduled(Request prev) {
    for (int spins = 0; !prev.lvScheduled(); spins++) {
      Spin.pause(spins);
    }
  }

  private static Request awaitNext(Request r) {
    Request next;
    for (int spins = 0; (next = r.lvNext()) == null; spins++) {
      Spin.pause(spins);
    }
    return next;
  }
}
