package io.boc4j.internal;

/**
 * The acquisition protocol: ordered two-phase locking over per-cown MCS-style request queues (the
 * protocol of the BoC paper and verona-rt), with read-only requests that share a cown. This class is
 * the only code that reads or writes a cown's {@code last}, {@code readers} or {@code nextWriter}, or
 * a request's {@code next} / {@code scheduled} / {@code state}. The states are tabled in {@link
 * Request}.
 *
 * <h2>Enqueue (phase 1 and 2)</h2>
 *
 * A behaviour with k distinct cowns, sorted by id, starts with its counter at k + 1. For each request
 * it swaps itself into {@code cown.last}. An empty previous tail means the cown is granted at once
 * (for a writer, once the readers whose tail already left are gone too; see below). A non-empty one
 * means it must wait: it spins until the predecessor request is <em>scheduled</em> (its behaviour has
 * finished phase 1) and then links itself as the predecessor's successor. After all k swaps it marks
 * every request scheduled and subtracts 1 + (number granted at once) from its counter. The behaviour
 * that takes its counter to 0 is dispatched. A grant made by the enqueuing thread during its own
 * phase 1 counts as granted at once; any other grant decrements the counter by one ({@link
 * Behaviour#resolveOnRelease}).
 *
 * <p>Why wait for the predecessor to be scheduled: without it, a behaviour B2 that queued behind B1 on
 * cown x could overtake B1 on a later cown y that B1 has not reached yet, and then B1 waits for B2 on y
 * while B2 waits for B1 on x. Waiting keeps every pair of behaviours in the same relative order on all
 * the cowns they share, which is the order in which their {@code when}s were linearised on their
 * first shared cown. The wait is bounded by the predecessor's phase 1, which never blocks.
 *
 * <h2>Release</h2>
 *
 * On completion each writer either CASes {@code cown.last} from itself back to null (no successor) or
 * hands the cown to its successor, decrementing the successor behaviour's counter. If the CAS fails a
 * successor has swapped in but not yet linked; it is in its phase 1, so the spin is short. A reader
 * releases differently, below.
 *
 * <h2>Read-only requests</h2>
 *
 * A run of consecutive readers in a cown's queue is granted together; a writer waits for every
 * reader queued before it; a reader waits for every writer queued before it. Per cown, {@code
 * readers} counts the readers that were activated (granted) and have not released, and {@code
 * nextWriter} holds the one writer waiting for that count to reach 0. A reader is <em>activated</em>
 * (readers + 1, then state ACTIVE, then granted) in one of four ways:
 *
 * <ol type="a">
 *   <li>at enqueue, when its swap finds the queue empty;
 *   <li>when the writer before it releases and hands it the cown;
 *   <li>when it links behind a reader that is already ACTIVE (by its own enqueuing thread);
 *   <li>when the reader before it, right after becoming ACTIVE, finds it linked.
 * </ol>
 *
 * (a) and (b) need no arbitration: in (a) no other thread can reach the request, in (b) its
 * predecessor is a writer, so (c) and (d) never apply. (c) and (d) race: the linker does a volatile
 * write of {@code prev.next}, then a volatile read of {@code prev.state}; the activator does a volatile
 * write of {@code state = ACTIVE}, then a volatile read of {@code next}. Volatile accesses are totally
 * ordered, so at least one of the two sees the other's write (Dekker), and a CAS WAITING → CLAIMED on
 * the successor makes exactly one of them activate it. An activated reader then passes activation on
 * to its own linked successor, by (d), in a loop.
 *
 * <p>A writer behind a reader is <em>registered</em> as {@code nextWriter} once that reader is ACTIVE,
 * by the same Dekker pair (the writer's own thread after linking, or the reader's activator), with a
 * CAS WAITING → REGISTERED on the writer so that registration happens once. The registrar then does a
 * volatile read of {@code readers}; a reader release decrements {@code readers} (volatile RMW) and, on
 * reaching 0, reads {@code nextWriter}. That is a second Dekker pair: at least one of them sees the
 * other, and whichever claims the writer with a CAS {@code nextWriter} w → null grants it, once. The
 * releaser reads {@code readers} again before its CAS: its decrement may be old (its thread stalled
 * after it) and the writer it now finds a later one, registered behind readers that are active; only
 * a 0 read after seeing w registered proves that every reader before w has released.
 *
 * <p>A reader release decrements {@code readers}, grants the registered writer if it took the count
 * to 0, and, if it is still the queue's tail, CASes {@code last} to null. Otherwise it does nothing
 * for its successor: a reader successor activates itself by (c), a writer registers itself, because
 * the released reader stays ACTIVE. So the tail can leave while earlier readers are still active: a
 * writer whose swap finds the queue empty must also find {@code readers == 0}, else it registers itself
 * and waits. A reader whose swap finds the queue empty starts at once, alongside those readers.
 *
 * <p>Why this is safe (each claim rests on the two Dekker pairs and these invariants):
 *
 * <ul>
 *   <li><em>Readers start only after the writers before them released.</em> A reader is activated
 *       only after its predecessor reader was ACTIVE, its predecessor writer released, or the queue
 *       was empty; by induction along the queue every writer before it has released.
 *   <li><em>Every reader before a registered writer has been counted.</em> Each reader's increment
 *       precedes its ACTIVE store, and the next reader is activated only after that store is seen, so
 *       the increments of a whole run happen-before the writer sees its predecessor ACTIVE (or finds
 *       the queue empty, which happens-after the tail's release, which follows its activation).
 *   <li><em>From a writer's registration (or its swap into an empty queue) to its release, no reader
 *       is activated.</em> Every reader before it is active already (the run before it is, and so is
 *       every earlier run); a reader behind it waits for its hand-off; a reader cannot find the queue
 *       empty while the writer is in it. So from registration to grant the count only falls, and a 0
 *       read after seeing the writer registered means that every earlier reader has released. For the
 *       same reason at most one writer is registered at a time: the next one registers only after the
 *       readers behind the first are activated, after its release; and a writer leaves {@code
 *       nextWriter} only by the CAS that grants it, so a stale CAS can never grant it twice.
 *   <li><em>No deadlock.</em> A reader waits only for writers before it and a writer for requests
 *       before it, in queue order, which the scheduled-wait keeps consistent across cowns; readers
 *       only remove waits from the exclusive protocol, so no cycle appears.
 * </ul>
 *
 * <h2>Memory ordering</h2>
 *
 * <ul>
 *   <li>{@code last} swap and CAS are volatile: they define the queue order and carry the previous
 *       holder's writes to a behaviour that found the queue empty.
 *   <li>{@code next} is written with release behind a writer (the successor's initialised state is
 *       visible to the releasing thread, which reads it with a volatile load), and with a volatile
 *       store behind a reader (the linker's half of the Dekker pair).
 *   <li>{@code scheduled} is written with release after all swaps and read with acquire by successors.
 *   <li>{@code state}: volatile store of ACTIVE and volatile load by the linker (Dekker), CAS to claim.
 *   <li>{@code readers}: volatile RMW both ways, volatile load by a registrar or by a writer that
 *       found the queue empty: every decrement, so every earlier reader's access, happens-before a
 *       writer that sees 0. {@code nextWriter}: volatile store and load (Dekker), CAS to claim.
 *   <li>The counter is decremented with a volatile getAndAdd; the thread that reaches 0 dispatches, and
 *       the ready queue's own publication carries every releasing body's writes to the next body.
 * </ul>
 *
 * <h2>Fast path</h2>
 *
 * A single-cown behaviour needs no counter arithmetic when the cown is free: one swap, then dispatch.
 * For a writer, "free" adds one volatile read of {@code readers} (0 unless readers are active), on
 * the cown's own line, beside a branch on the request's final {@code readOnly} flag.
 */
final class Acquisition {

  private Acquisition() {}

  /** Enqueues every request of {@code b}; dispatches it if all were granted at once. */
  static void enqueue(Behaviour b) {
    int k = b.requestCount();
    if (k == 0) {
      b.becomeReady(false);
      return;
    }
    if (k == 1) {
      enqueueSingle(b, b);
      return;
    }
    b.initCount(k + 1);
    int grantedAtOnce = 0;
    for (int i = 0; i < k; i++) {
      if (enqueueOne(b.request(i))) {
        grantedAtOnce++;
      }
    }
    for (int i = 0; i < k; i++) {
      b.request(i).soScheduled();
    }
    b.resolve(grantedAtOnce + 1);
  }

  private static void enqueueSingle(Behaviour b, Request r) {
    b.initCount(1); // plain write; published by the swap in enqueueOne
    boolean granted = enqueueOne(r);
    r.soScheduled();
    if (granted) {
      // Through the counter, not straight to becomeReady: a closing runtime's shutdown walk may
      // have reached this behaviour through a link that existed for a moment (a reader linking
      // behind an active reader, a writer registering behind departed readers) and hold it
      // (Settlement). The atomic decrement makes the two agree: the 1 -> 0 step dispatches, and a
      // held behaviour is dispatched by its settler instead. A plain store of 0 could overwrite the
      // hold and dispatch a behaviour that was also settled.
      b.resolve(1);
    }
  }

  /**
   * Phase 1 for one request: swaps it into its cown's queue and links it behind its predecessor.
   *
   * @return true if it was granted here, by the enqueuing thread (counted as granted at once)
   */
  private static boolean enqueueOne(Request r) {
    CownCore c = r.cown;
    Request prev = c.swapLast(r);
    FaultInjection.afterSwap();
    if (r.readOnly) {
      return enqueueReader(r, prev);
    }
    if (prev == null) {
      // Free unless readers whose tail already left the queue are still active: then wait for the
      // last of them as their registered writer.
      return c.lvReaders() == 0 || register(r);
    }
    awaitScheduled(prev);
    if (!prev.readOnly) {
      prev.soNext(r); // the predecessor writer's release hands the cown over
      return false;
    }
    prev.svNext(r); // Dekker with the predecessor's activator: then read its state
    if (prev.lvState() == Request.ACTIVE && r.casState(Request.WAITING, Request.REGISTERED)) {
      prev.spNextNull(); // the link has served
      return register(r);
    }
    return false; // the predecessor's activator will register us
  }

  private static boolean enqueueReader(Request r, Request prev) {
    if (prev == null) { // (a): no writer is queued, none can be waiting
      activateInPhase1(r);
      return true;
    }
    awaitScheduled(prev);
    if (!prev.readOnly) {
      prev.soNext(r); // (b) later: the writer's release activates us
      return false;
    }
    prev.svNext(r); // Dekker with the predecessor's activator: then read its state
    if (prev.lvState() == Request.ACTIVE && r.casState(Request.WAITING, Request.CLAIMED)) { // (c)
      prev.spNextNull(); // the link has served
      activateInPhase1(r);
      return true;
    }
    return false; // (d) later: the predecessor's activator activates us
  }

  /**
   * Activates a reader during its own behaviour's phase 1. Nothing can be linked behind it yet (a
   * successor links only after the scheduled flag, which this thread writes later), so there is no
   * successor to pass activation to; a later linker reads ACTIVE through that flag.
   */
  private static void activateInPhase1(Request r) {
    r.cown.incrementReaders();
    r.svState(Request.ACTIVE);
  }

  /**
   * Activates reader {@code r}, which this thread alone may activate ((b), or (d) after a won claim),
   * grants it, and passes activation on along the run of readers linked behind it; registers the
   * writer that ends the run, if it is linked already.
   */
  private static void activateRun(Request r) {
    Request reader = r;
    while (true) {
      reader.cown.incrementReaders();
      reader.svState(Request.ACTIVE);
      Request next = reader.lvNext(); // Dekker with a linker: read after the ACTIVE store
      // Read the successor before granting: once granted the reader may run and release at once.
      reader.behaviour.resolveOnRelease();
      if (next == null) {
        return; // a later linker sees ACTIVE and starts itself
      }
      if (next.readOnly) {
        if (!next.casState(Request.WAITING, Request.CLAIMED)) {
          return; // (c) won: its linker activates it and the rest of the run
        }
        reader.spNextNull(); // the link has served
        reader = next; // (d)
      } else {
        if (next.casState(Request.WAITING, Request.REGISTERED)) {
          reader.spNextNull(); // the link has served
          if (register(next)) {
            next.behaviour.resolveOnRelease();
          }
        }
        return;
      }
    }
  }

  /**
   * Registers writer {@code w} as its cown's next writer, waiting for the active readers.
   *
   * @return true if the caller must grant {@code w} now: no reader was left and this thread claimed
   *     it back; false if the last reader's release will grant it
   */
  private static boolean register(Request w) {
    CownCore c = w.cown;
    c.svNextWriter(w); // Dekker with the last reader's release: then read the count
    return c.lvReaders() == 0 && c.casNextWriterToEmpty(w);
  }

  /** Releases every request of {@code b}, handing each cown to its successor if there is one. */
  static void release(Behaviour b) {
    releaseRequested(b);
    releaseResult(b);
  }

  /** Releases the requests of {@code b}'s cowns, not its result cown. */
  static void releaseRequested(Behaviour b) {
    for (int i = 0, k = b.requestCount(); i < k; i++) {
      releaseOne(b.request(i));
    }
  }

  /**
   * Releases {@code b}'s result cown, if it has one. Its request is granted from the start, so it
   * may be released on its own, ahead of the others (a behaviour settled at shutdown).
   */
  static void releaseResult(Behaviour b) {
    Request result = b.resultRequest;
    if (result != null) {
      releaseOne(result);
    }
  }

  private static void releaseOne(Request r) {
    if (r.readOnly) {
      releaseReader(r);
      return;
    }
    Request next = r.lvNext();
    if (next == null) {
      if (r.cown.casLastToEmpty(r)) {
        return;
      }
      next = awaitNext(r);
    }
    r.spNextNull();
    if (next.readOnly) {
      activateRun(next); // (b)
    } else {
      next.behaviour.resolveOnRelease();
    }
  }

  private static void releaseReader(Request r) {
    CownCore c = r.cown;
    // A successor, if linked, was activated or registered before this reader was granted (or will
    // start itself on seeing it ACTIVE): the link has served.
    r.spNextNull();
    if (c.decrementReaders() == 0) { // Dekker with a registrar: then read nextWriter
      FaultInjection.afterReadersDrained();
      Request w = c.lvNextWriter();
      // Read the count again: our 0 may predate w's registration (w registered behind readers
      // activated since), and only a 0 seen after it means every reader before w has released.
      if (w != null && c.lvReaders() == 0 && c.casNextWriterToEmpty(w)) {
        w.behaviour.resolveOnRelease();
      }
    }
    // Still the tail: the queue is now empty. Otherwise a successor swapped in; it needs nothing
    // from us, since this request stays ACTIVE.
    c.casLastToEmpty(r);
  }

  private static void awaitScheduled(Request prev) {
    for (long spins = 0; !prev.lvScheduled(); spins++) {
      Spin.pause(spins, prev.cown, Spin.Wait.PREDECESSOR_SCHEDULED);
    }
  }

  private static Request awaitNext(Request r) {
    Request next;
    for (long spins = 0; (next = r.lvNext()) == null; spins++) {
      Spin.pause(spins, r.cown, Spin.Wait.SUCCESSOR_LINKED);
    }
    return next;
  }
}
