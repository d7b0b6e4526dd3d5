package io.boc4j.internal;

import java.util.Arrays;

/**
 * The acquisition protocol: ordered two-phase locking over per-cown MCS-style request queues (the
 * protocol of the BoC paper and verona-rt), with read-only requests that share a cown. This class is
 * the only code that reads or writes a cown's {@code last}, {@code readers} or {@code nextWriter}, or
 * a request's {@code next} / {@code scheduled} / {@code state}. The states are tabled in {@link
 * Request}. A request is named by its node and its cown: a two-cown behaviour is the node of both
 * of its requests ({@link TwoCownBehaviour}), and the cown says which one a queue means.
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
 * phase 1 counts as granted at once; any other grant, made by a release, decrements the counter by
 * one ({@code grant}).
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
 * releases differently, below. Every step of a release is recorded (see "Faults in a release").
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
 * the released reader stays ACTIVE. A run of readers handed a cown by a writer's release is activated
 * by that release in (d) order: count, ACTIVE, read and claim the request behind, grant, move on.
 * So the tail can leave while earlier readers are still active: a writer whose swap finds the queue
 * empty must also find {@code readers == 0}, else it registers itself and waits. A reader whose swap
 * finds the queue empty starts at once, alongside those readers.
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
 * <h2>Faults in phase 1</h2>
 *
 * Any call in phase 1 can throw (a {@code StackOverflowError} when {@code when} is called near the
 * end of a stack), and a half-done phase 1 must not leave a queue blocked for good. So phase 1 is a
 * sequence of steps, each one shared write followed by the plain store that records it ({@link
 * Request#phase} per request, the predecessor a swap returned in {@link Behaviour#outcome}, the
 * counter and the dispatch in {@link Behaviour#progress}), with no call between the write and its
 * record. A throwable surfaces only at a call, and the calls that make the writes end with the
 * write itself (an atomic instruction, or in the interpreter the {@code Unsafe} loop returning
 * straight after a successful CAS), so the records always say exactly which writes happened. The
 * failing {@code when} marks the behaviour {@link Behaviour#ABANDONED} with a bare field store and
 * rethrows. Whoever next waits on it (a successor spinning for its scheduled mark, a releaser
 * spinning for its link), the scheduling thread's next call into the runtime, or a thread waiting
 * for quiescence claims it with a CAS and runs the rest of its steps from the records ({@link
 * #finishAbandoned}). The behaviour then becomes ready like any other and is released unrun, with
 * {@link #ABANDONED_MESSAGE} on its result cown. The counter starts one above the number of
 * requests for every behaviour, so none can run before its phase 1 is over and the records stay
 * valid until then.
 *
 * <h2>Faults in a release</h2>
 *
 * A release can fail part-way too ({@code Held.close()} or a {@code pump} called near the end of a
 * stack), and a half-done release must not keep a cown held for good or hand it on twice. So a
 * release is recorded in the same way: each shared write (the CAS that leaves a queue empty, the
 * decrement that grants a successor, the count, activation and claim of each reader of a run, the
 * registration of the writer that ends it, a reader's exit from the count and its take of the
 * registered writer) is followed by the plain store that records it in the releasing request's
 * {@link Request#released}, with no call between. The dispatch of a successor whose last cown it
 * granted is recorded by the successor's {@link Behaviour#PUBLISHED}. A writer handing its cown
 * along a run of readers keeps its cursor in its own {@code next} link, which nothing else reads
 * once it releases; a reader's release keeps the writer it took in its behaviour's {@code outcome},
 * unused during a release; and a reader's release leaves its own link alone, so the writer's
 * release that activated it can still follow it (it claims the request behind a reader before it
 * grants the reader, and moves on only after).
 *
 * <p>The failing release marks the behaviour {@link Behaviour#STRANDED} (plus which release it was)
 * with a bare field store, lists it with the generation (field stores into a slot, {@link
 * Generation#noteLeftBehind}) and rethrows. A worker whose release failed finishes it at once, on its
 * shallow stack; otherwise idle workers, which look on their way to park (at least every 50 ms),
 * and threads waiting for quiescence claim it with a CAS and run the rest from the records ({@link
 * Behaviour#finishStranded}), then complete its result's observers. Requests recorded done are
 * skipped, and every step checks its record before it acts, so a resumed release does exactly
 * what was left.
 *
 * <h2>Fast path</h2>
 *
 * A single-cown behaviour that finds its cown free costs one swap and one counter subtraction, then
 * the dispatch. For a writer, "free" adds one volatile read of {@code readers} (0 unless readers are
 * active), on the cown's own line, beside a branch on the request's final {@code readOnly} flag.
 */
final class Acquisition {

  private Acquisition() {}

  /** The failure an abandoned behaviour's result cown gets (see "Faults in phase 1" above). */
  static final String ABANDONED_MESSAGE =
      "this behaviour was never run: the when() that scheduled it threw part-way through scheduling"
          + " (for example a StackOverflowError from a body that called when() near the stack limit);"
          + " the runtime finished queueing it and released its cowns without running it. The"
          + " caller of that when() got the error: schedule from a shallower frame";

  /**
   * Enqueues every request of {@code b}; dispatches it if all were granted at once. If anything
   * throws part-way (a {@code StackOverflowError} at any call), {@code b} is marked abandoned and the
   * throwable propagates: whoever next waits on it, or the scheduling thread's next call into the
   * runtime, finishes its phase 1 from the records, and it is released unrun. A throwable that
   * comes once {@code b} is fully scheduled (from a wake-up after its publication) is not
   * propagated: this returns normally exactly when {@code b} will run.
   */
  static void enqueue(Behaviour b) {
    try {
      advance(b, false);
    } catch (Throwable t) {
      // Field reads and stores only, no call: the stack may be exhausted here.
      byte p = b.progress;
      if ((p & Behaviour.RESOLVED) != 0
          && (p & (Behaviour.READY | Behaviour.PUBLISHED)) != Behaviour.READY) {
        // Phase 1 is complete and its dispatch, if it made one, published: the behaviour is
        // scheduled and will run. What threw came after, in a step that only wakes a thread (a
        // worker's unpark, a waiter's signal), and every such sleeper also wakes on its own bound.
        // Reporting the error would tell the caller that a behaviour which will run did not.
        return;
      }
      b.fate = Behaviour.ABANDONED; // a bare volatile field store
      throw t;
    }
  }

  /**
   * Completes the phase 1 of {@code first} if its {@code when} abandoned it and nobody else claimed
   * it. Called by threads that wait on it (a successor for its scheduled mark, a releaser for its
   * link), by the scheduling thread's next call into the runtime and by quiescing threads.
   *
   * <p>Finishing one abandoned behaviour can need another finished first (its predecessor on a cown
   * may be abandoned too). Those are finished here in a loop, the ones set aside kept on a heap
   * stack, not by recursion: a chain of abandoned behaviours on a busy cown can be long, and the
   * thread doing this may itself be deep in its stack.
   *
   * @return true if this call finished it
   */
  static boolean finishAbandoned(Behaviour first) {
    if (!first.claimAbandoned()) {
      return false;
    }
    Behaviour[] setAside = null; // claimed, waiting for the one above them
    int depth = 0;
    Behaviour b = first;
    try {
      while (true) {
        Behaviour blocker = advance(b, true);
        if (blocker == null) {
          // A CAS, not a store: dispatched, it may already have run and had its release stranded.
          b.casFate(Behaviour.CLAIMED, Behaviour.FINISHED);
          wakeAWorker(b);
          if (depth == 0) {
            return true;
          }
          b = setAside[--depth];
          setAside[depth] = null;
        } else {
          if (setAside == null) { // room first: a claim is never lost
            setAside = new Behaviour[4];
          } else if (depth == setAside.length) {
            setAside = Arrays.copyOf(setAside, 2 * depth);
          }
          if (blocker.claimAbandoned()) { // no call from the claim to its record on the stack
            setAside[depth++] = b;
            b = blocker;
          }
          // else another thread claimed the blocker: advance waits for it, next round
        }
      }
    } catch (Throwable t) {
      // Failed here too: give every claim back for the next claimant. Field accesses only, no
      // call: the stack may be exhausted. The one in progress may have got as far as its dispatch
      // (then it may be running): a claimant would find nothing left to do, and the mark must not
      // hide a stranded release of it, so it is given back only while still claimed.
      if (b.fate == Behaviour.CLAIMED) {
        b.fate = Behaviour.ABANDONED;
      }
      while (depth > 0) {
        setAside[--depth].fate = Behaviour.ABANDONED;
      }
      throw t;
    }
  }

  /**
   * Its dispatch may have been published before the failure and the wake-up that follows it lost:
   * make sure some worker looks.
   */
  private static void wakeAWorker(Behaviour b) {
    Generation g = b.generation;
    if (g != null) {
      g.wakeIdleWorker(null);
    }
  }

  /**
   * Waits until the abandoned phase 1 of {@code b} is finished, finishing it here unless another
   * thread claimed it first.
   */
  static void awaitFinished(Behaviour b) {
    for (long spins = 0; b.fate < Behaviour.FINISHED; spins++) { // past it: a release's marks
      if (!finishAbandoned(b)) {
        Spin.pause(spins, b.cown, Spin.Wait.PHASE_ONE_FINISHED);
      }
    }
  }

  /**
   * Phase 1 of {@code b} from where its records say it stands: all of it for a fresh behaviour, the
   * rest for an abandoned one. Each step begins with a fault-injection point and ends with the store
   * that records it, right after the shared write it records.
   *
   * @param helping true when finishing an abandoned phase 1: then a predecessor that is abandoned
   *     too is returned, for the caller to finish first, instead of being finished here
   * @return null when phase 1 is complete; else (helping only) the abandoned behaviour it waits for
   */
  private static Behaviour advance(Behaviour b, boolean helping) {
    int k = b.requestCount();
    if ((b.progress & Behaviour.RESOLVED) == 0) {
      if (k > 0 && b.phase == Request.NEW) { // nothing swapped yet: nobody else touched the counter
        // One more than the requests: the behaviour cannot become ready, and run, before phase 1
        // is over, so phase 1 may keep its records in the behaviour until the end.
        b.initCount(k + 1); // plain: published by the first swap
      }
      int grantedHere = 0;
      for (int i = 0; i < k; i++) {
        Request r = b.request(i);
        CownCore c = b.cownAt(i);
        if ((r.phaseOn(c) & ~Request.SCHEDULED) < Request.AWAITS_GRANT) {
          Behaviour blocker = step(b, r, c, helping);
          if (blocker != null) {
            return blocker;
          }
        }
        if ((r.phaseOn(c) & ~Request.SCHEDULED) == Request.GRANTED_HERE) {
          grantedHere++;
        }
      }
      b.outcome = null; // the last predecessor record has served
      for (int i = 0; i < k; i++) {
        Request r = b.request(i);
        CownCore c = b.cownAt(i);
        if ((r.phaseOn(c) & Request.SCHEDULED) == 0) {
          FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.MARK_SCHEDULED);
          r.soScheduled(c);
        }
      }
      // Through the counter, not straight to becomeReady: a closing runtime's shutdown walk may
      // hold the behaviour (Settlement), and the atomic decrement makes the two agree on who
      // dispatches it.
      byte ready = Behaviour.READY;
      if (k > 0) {
        FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.RESOLVE);
        int n = grantedHere + 1;
        ready = b.getAndSubtractCount(n) == n ? Behaviour.READY : 0;
      }
      b.progress = (byte) (Behaviour.RESOLVED | ready); // no call since the subtraction
    }
    if ((b.progress & (Behaviour.READY | Behaviour.PUBLISHED)) == Behaviour.READY) {
      FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.DISPATCH);
      b.becomeReady(false); // its publication point records PUBLISHED
    }
    return null;
  }

  /*
   * Records. A step's record is a plain store right after the shared write it records, with no call
   * between them (see "Faults in phase 1"). A two-cown behaviour keeps the records of its request
   * for its second cown in fields of its own (TwoCownBehaviour), so each record below picks its field
   * by the cown with a comparison and a cast: field accesses, never a call.
   */

  /**
   * Runs the remaining steps of phase 1 for the request of {@code b} for {@code c}, whose node is
   * {@code r}.
   *
   * @return null, or (helping only) the abandoned behaviour of the predecessor it must wait for
   */
  private static Behaviour step(Behaviour b, Request r, CownCore c, boolean helping) {
    TwoCownBehaviour second = c == r.cown ? null : (TwoCownBehaviour) r; // records of the second
    int p = r.phaseOn(c);
    if (p == Request.NEW) {
      FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.SWAP);
      Request prev = c.swapLast(r);
      b.outcome = prev; // the record: no call between the swap's return and these two stores
      if (second == null) {
        r.phase = Request.SWAPPED;
      } else {
        second.phase2 = Request.SWAPPED;
      }
      FaultInjection.afterSwap();
      p = Request.SWAPPED;
    }
    Request prev = (Request) b.outcome;
    if (p == Request.SWAPPED) {
      if (prev == null) {
        // An empty queue. A reader starts at once (a); a writer too, unless readers whose tail
        // already left the queue are still active: then it waits for the last of them, registered.
        if (!r.readOnlyOn(c) && c.lvReaders() == 0) {
          if (second == null) {
            r.phase = Request.GRANTED_HERE;
          } else {
            second.phase2 = Request.GRANTED_HERE;
          }
          return null;
        }
        p = Request.CLAIMED_HERE; // not recorded: redoing this decision is harmless
      } else {
        if (!awaitScheduled(prev, c, helping)) {
          return prev.behaviour(); // abandoned too: the helper finishes it first
        }
        FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.LINK);
        if (!prev.readOnlyOn(c)) {
          prev.soNext(c, r); // the predecessor writer's release hands the cown over: (b) for a reader
          if (second == null) {
            r.phase = Request.AWAITS_GRANT;
          } else {
            second.phase2 = Request.AWAITS_GRANT;
          }
          return null;
        }
        prev.svNext(c, r); // Dekker with the predecessor's activator: then read its state
        if (second == null) {
          r.phase = Request.LINKED_BEHIND_READER;
        } else {
          second.phase2 = Request.LINKED_BEHIND_READER;
        }
        p = Request.LINKED_BEHIND_READER;
      }
    }
    return stepBesideReaders(r, c, second, prev, p);
  }

  /**
   * The rest of {@link #step} where readers are involved: its request is linked behind a reader
   * ({@link Request#LINKED_BEHIND_READER}), or found the queue empty with readers still active, or
   * is a reader that starts at once ({@link Request#CLAIMED_HERE}, {@link Request#REGISTERED_HERE},
   * {@link Request#COUNTED}). A method of its own so that the writers' path through {@code step}
   * stays small enough to be compiled into its caller.
   *
   * @param second {@code r} if this is its request for its second cown, else null
   * @return null
   */
  private static Behaviour stepBesideReaders(
      Request r, CownCore c, TwoCownBehaviour second, Request prev, int p) {
    boolean readOnly = r.readOnlyOn(c);
    if (p == Request.LINKED_BEHIND_READER) {
      if (prev.lvState(c) != Request.ACTIVE) {
        // its activator will register or activate us (d)
        if (second == null) {
          r.phase = Request.AWAITS_GRANT;
        } else {
          second.phase2 = Request.AWAITS_GRANT;
        }
        return null;
      }
      FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.CLAIM);
      if (!r.casState(c, Request.WAITING, readOnly ? Request.CLAIMED : Request.REGISTERED)) {
        if (second == null) { // the activator won (d)
          r.phase = Request.AWAITS_GRANT;
        } else {
          second.phase2 = Request.AWAITS_GRANT;
        }
        return null;
      }
      if (second == null) { // (c) for a reader
        r.phase = Request.CLAIMED_HERE;
      } else {
        second.phase2 = Request.CLAIMED_HERE;
      }
      prev.spNextNull(c); // the link has served; a repeat is harmless
      p = Request.CLAIMED_HERE;
    }
    if (readOnly) {
      activateInPhase1(r, c, second, p);
    } else {
      registerInPhase1(r, c, second, p);
    }
    return null;
  }

  /**
   * Registers writer {@code r} as {@code c}'s next writer, waiting for the active readers, and
   * takes it back at once if none is left. From {@link Request#CLAIMED_HERE} or {@link
   * Request#REGISTERED_HERE}.
   *
   * @param second {@code r} if this is its request for its second cown, else null
   */
  private static void registerInPhase1(
      Request r, CownCore c, TwoCownBehaviour second, int p) {
    if (p == Request.CLAIMED_HERE) {
      FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.REGISTER);
      c.svNextWriter(r); // Dekker with the last reader's release: then read the count
      if (second == null) {
        r.phase = Request.REGISTERED_HERE;
      } else {
        second.phase2 = Request.REGISTERED_HERE;
      }
    }
    FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.TAKE_BACK);
    boolean granted = c.lvReaders() == 0 && c.casNextWriterToEmpty(r);
    byte record = granted ? Request.GRANTED_HERE : Request.AWAITS_GRANT; // the CAS's record
    if (second == null) {
      r.phase = record;
    } else {
      second.phase2 = record;
    }
  }

  /**
   * Activates a reader during its own behaviour's phase 1, from {@link Request#CLAIMED_HERE} or
   * {@link Request#COUNTED}. Nothing can be linked behind it yet (a successor links only after the
   * scheduled flag, which comes later), so there is no successor to pass activation to; a later
   * linker reads ACTIVE through that flag.
   *
   * @param second {@code r} if this is its request for its second cown, else null
   */
  private static void activateInPhase1(
      Request r, CownCore c, TwoCownBehaviour second, int p) {
    if (p == Request.CLAIMED_HERE) {
      FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.COUNT_READER);
      c.incrementReaders();
      if (second == null) {
        r.phase = Request.COUNTED;
      } else {
        second.phase2 = Request.COUNTED;
      }
    }
    FaultInjection.atScheduleStep(FaultInjection.ScheduleStep.ACTIVATE);
    r.svState(c, Request.ACTIVE); // idempotent: a repeat after a failure is harmless
    if (second == null) {
      r.phase = Request.GRANTED_HERE;
    } else {
      second.phase2 = Request.GRANTED_HERE;
    }
  }

  // --- release ---------------------------------------------------------------------------------

  /** {@link #release(Behaviour, int)}: every request, then the result cown's. */
  static final int RELEASE_ALL = 0;

  /** {@link #release(Behaviour, int)}: the requested cowns only. */
  static final int RELEASE_REQUESTED = 1;

  /** {@link #release(Behaviour, int)}: the result cown only. */
  static final int RELEASE_RESULT = 2;

  /** Releases every request of {@code b}, handing each cown to its successor if there is one. */
  static void release(Behaviour b) {
    release(b, RELEASE_ALL);
  }

  /** Releases the requests of {@code b}'s cowns, not its result cown. */
  static void releaseRequested(Behaviour b) {
    release(b, RELEASE_REQUESTED);
  }

  /**
   * Releases {@code b}'s result cown, if it has one. Its request is granted from the start, so it
   * may be released on its own, ahead of the others (a behaviour settled at shutdown).
   */
  static void releaseResult(Behaviour b) {
    if (b.resultRequest() != null) {
      release(b, RELEASE_RESULT);
    }
  }

  /**
   * Runs (or, for a stranded release, resumes) release {@code which} of {@code b}. Requests whose
   * release is recorded done are skipped, so a repeat does only what is left. If anything throws,
   * {@code b} is marked stranded and listed for the threads that finish stranded releases (see
   * "Faults in a release"), and the throwable propagates.
   */
  static void release(Behaviour b, int which) {
    try {
      if (which != RELEASE_RESULT) {
        for (int i = 0, k = b.requestCount(); i < k; i++) {
          releaseOne(b.request(i), b.cownAt(i));
        }
      }
      if (which != RELEASE_REQUESTED) {
        Request result = b.resultRequest();
        if (result != null) {
          releaseOne(result, b.resultCore());
        }
      }
    } catch (Throwable t) {
      // Field stores, then one small call: the stack may be exhausted here, though the frames the
      // throw unwound make room for that call.
      b.fate = (byte) (Behaviour.STRANDED + which); // volatile: publishes the records before it
      Generation g = b.generation;
      if (g != null) {
        g.noteLeftBehind(b);
      }
      throw t;
    }
  }

  /*
   * As in phase 1, every record below is a plain store right after the shared write it records, and
   * picks the field of a two-cown behaviour's second request by the cown without a call.
   */

  private static void releaseOne(Request r, CownCore c) {
    if ((r.releasedOn(c) & Request.DONE) != 0) {
      return;
    }
    TwoCownBehaviour second = c == r.cown ? null : (TwoCownBehaviour) r;
    if (r.readOnlyOn(c)) {
      releaseReader(r, c, second);
    } else {
      releaseWriter(r, c, second);
    }
  }

  /** @param second {@code r} if this is its request for its second cown, else null */
  private static void releaseWriter(Request r, CownCore c, TwoCownBehaviour second) {
    if ((r.releasedOn(c) & Request.HANDING) == 0) {
      Request next = r.lvNext(c);
      if (next == null) {
        FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.LEAVE_EMPTY);
        if (c.casLastToEmpty(r)) {
          if (second == null) { // the CAS's record
            r.released = Request.DONE;
          } else {
            second.released2 = Request.DONE;
          }
          return;
        }
        next = awaitNext(r, c);
      }
      if (!next.readOnlyOn(c)) {
        grant(r, c, second, next); // r keeps its link until done: a resumed release finds it there
        if (second == null) {
          r.released = Request.DONE;
        } else {
          second.released2 = Request.DONE;
        }
        r.spNextNull(c); // the link has served
        return;
      }
      if (second == null) { // next, the first reader of the run, is the cursor: (b)
        r.released = Request.HANDING;
      } else {
        second.released2 = Request.HANDING;
      }
    }
    handAlongRun(r, c, second);
    if (second == null) {
      r.released = Request.DONE;
    } else {
      second.released2 = Request.DONE;
    }
    r.spNextNull(c);
  }

  /**
   * Writer {@code r}'s release hands {@code c} along the run of readers behind it, from its cursor
   * ({@code r}'s link for {@code c}), which this thread alone may activate ((b), or (d) after a won
   * claim): counts and activates each reader, claims the request behind it, grants it, and moves on;
   * registers the writer that ends the run if its claim was won. Each step is recorded in {@code
   * r}'s released record for {@code c}.
   *
   * @param second {@code r} if this is its request for its second cown, else null
   */
  private static void handAlongRun(Request r, CownCore c, TwoCownBehaviour second) {
    while (true) {
      Request q = r.lvNext(c);
      if (!q.readOnlyOn(c)) {
        registerWriterOfRun(r, c, second, q);
        return;
      }
      byte s = r.releasedOn(c);
      if ((s & Request.CURSOR_COUNTED) == 0) {
        FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.COUNT_READER);
        c.incrementReaders();
        s |= Request.CURSOR_COUNTED;
        if (second == null) {
          r.released = s;
        } else {
          second.released2 = s;
        }
      }
      if ((s & Request.CURSOR_DECIDED) == 0) {
        FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.ACTIVATE);
        q.svState(c, Request.ACTIVE); // idempotent
        Request behind = q.lvNext(c); // Dekker with a linker: read after the ACTIVE store
        byte decided = Request.CURSOR_DECIDED; // nobody behind yet: a later linker starts itself (c)
        if (behind != null) {
          byte claimed = behind.readOnlyOn(c) ? Request.CLAIMED : Request.REGISTERED;
          FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.CLAIM_NEXT);
          // Lost: its linker activates it (c) or registers it. Won: this release goes on with it.
          if (behind.casState(c, Request.WAITING, claimed)) {
            decided |= Request.CURSOR_PASSES;
          }
        }
        s |= decided; // the CAS's record
        if (second == null) {
          r.released = s;
        } else {
          second.released2 = s;
        }
      }
      // Granted only now, after its successor was claimed: q's own release never touches its link
      // (releaseReader), so q's link stays readable below even if q runs and releases at once.
      grant(r, c, second, q);
      if ((s & Request.CURSOR_PASSES) == 0) {
        return;
      }
      FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.MOVE_ON);
      r.moveCursor(c, q.lvNext(c));
      q.spNextNull(c); // the link has served
    }
  }

  /**
   * Registers {@code w}, the writer that ends a run of readers and whose claim this release won,
   * as {@code c}'s next writer, and grants it if no reader is left and it takes it back.
   *
   * @param second {@code r} if this is its request for its second cown, else null
   */
  private static void registerWriterOfRun(
      Request r, CownCore c, TwoCownBehaviour second, Request w) {
    byte s = r.releasedOn(c);
    if ((s & Request.CURSOR_STORED) == 0) {
      FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.REGISTER);
      c.svNextWriter(w); // Dekker with the last reader's release: then read the count
      s |= Request.CURSOR_STORED;
      if (second == null) {
        r.released = s;
      } else {
        second.released2 = s;
      }
    }
    if ((s & Request.CURSOR_DECIDED) == 0) {
      FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.TAKE_BACK);
      boolean taken = c.lvReaders() == 0 && c.casNextWriterToEmpty(w);
      s |= taken ? Request.CURSOR_DECIDED | Request.CURSOR_PASSES : Request.CURSOR_DECIDED;
      if (second == null) { // the CAS's record
        r.released = s;
      } else {
        second.released2 = s;
      }
    }
    if ((s & Request.CURSOR_PASSES) != 0) {
      grant(r, c, second, w);
    }
  }

  /**
   * Grants {@code to} the cown {@code c} in the release of {@code by}: subtracts it from its
   * behaviour's counter and, if that was the last, dispatches it. Both recorded in {@code by}'s
   * released record for {@code c}, so a resumed release neither repeats the subtraction nor misses
   * the dispatch.
   *
   * @param second {@code by} if this is its request for its second cown, else null
   */
  private static void grant(Request by, CownCore c, TwoCownBehaviour second, Request to) {
    Behaviour tb = to.behaviour(); // before the decrement: no call between it and its record
    byte s = by.releasedOn(c);
    if ((s & Request.GRANTED) == 0) {
      FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.GRANT);
      // Volatile RMW: the decrement that reaches 0 happens-after every earlier one, so the
      // dispatching thread has seen every releasing body's writes.
      int before = tb.getAndSubtractCount(1);
      s |= before == 1 ? Request.GRANTED | Request.GRANTED_LAST : Request.GRANTED;
      if (second == null) {
        by.released = s;
      } else {
        second.released2 = s;
      }
    }
    // Its publication records PUBLISHED (see Behaviour#progress): a resumed release whose dispatch
    // got that far does not dispatch it twice.
    if ((s & Request.GRANTED_LAST) != 0 && (tb.progress & Behaviour.PUBLISHED) == 0) {
      FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.DISPATCH);
      tb.becomeReady(true);
    }
  }

  /** @param second {@code r} if this is its request for its second cown, else null */
  private static void releaseReader(Request r, CownCore c, TwoCownBehaviour second) {
    Behaviour rb = r.behaviour(); // read first: the records below follow their CASes with no call
    byte s = r.releasedOn(c);
    if ((s & Request.LEFT_READERS) == 0) {
      FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.DRAIN);
      // Dekker with a registrar: then read nextWriter.
      boolean last = c.decrementReaders() == 0;
      s = last ? Request.LEFT_READERS | Request.LAST_READER : Request.LEFT_READERS;
      if (second == null) {
        r.released = s;
      } else {
        second.released2 = s;
      }
    }
    if ((s & Request.LAST_READER) != 0) {
      if ((s & Request.LOOKED_FOR_WRITER) == 0) {
        FaultInjection.afterReadersDrained();
        Request w = c.lvNextWriter();
        FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.TAKE_WRITER);
        // Read the count again: our 0 may predate w's registration (w registered behind readers
        // activated since), and only a 0 seen after it means every reader before w has released.
        if (w != null && c.lvReaders() == 0 && c.casNextWriterToEmpty(w)) {
          rb.outcome = w; // free during a release (see Behaviour#outcome)
          s |= Request.LOOKED_FOR_WRITER | Request.TOOK_WRITER; // the CAS's record
        } else {
          s |= Request.LOOKED_FOR_WRITER;
        }
        if (second == null) {
          r.released = s;
        } else {
          second.released2 = s;
        }
      }
      if ((s & Request.TOOK_WRITER) != 0) {
        grant(r, c, second, (Request) rb.outcome);
      }
    }
    // Still the tail: the queue is now empty. Otherwise a successor swapped in; it needs nothing
    // from us, since this request stays ACTIVE. A repeat is harmless: once r has left, the CAS
    // fails. The link is left alone: a writer's release that activated r may still need it.
    FaultInjection.atReleaseStep(FaultInjection.ReleaseStep.LEAVE);
    c.casLastToEmpty(r);
    if (second == null) {
      r.released = Request.DONE;
    } else {
      second.released2 = Request.DONE;
    }
    if ((s & Request.TOOK_WRITER) != 0) {
      rb.outcome = null; // the record has served
    }
  }

  /**
   * Waits for {@code prev}'s behaviour to finish phase 1 (its request for {@code c} is then
   * scheduled), finishing it here if its {@code when} abandoned it (unless {@code helping}: then the
   * caller does that).
   *
   * @return false if {@code helping} and the predecessor's behaviour is abandoned and unclaimed
   */
  private static boolean awaitScheduled(Request prev, CownCore c, boolean helping) {
    for (long spins = 0; !prev.lvScheduled(c); spins++) {
      Behaviour pb = prev.behaviour();
      if (pb.fate == Behaviour.ABANDONED) {
        if (helping) {
          return false;
        }
        finishAbandoned(pb);
        continue;
      }
      Spin.pause(spins, c, Spin.Wait.PREDECESSOR_SCHEDULED);
    }
    return true;
  }

  /**
   * Waits for the request that swapped in behind {@code r} on {@code c} to link itself, finishing
   * its behaviour's phase 1 here if its {@code when} abandoned it. Only {@code r}'s releaser calls it.
   */
  private static Request awaitNext(Request r, CownCore c) {
    Request next;
    for (long spins = 0; (next = r.lvNext(c)) == null; spins++) {
      Request tail = c.lvLast(); // the one behind r, or a later one whose phase 1 waits on it
      if (tail != null && tail != r) {
        finishAbandoned(tail.behaviour());
      }
      Spin.pause(spins, c, Spin.Wait.SUCCESSOR_LINKED);
    }
    return next;
  }
}
