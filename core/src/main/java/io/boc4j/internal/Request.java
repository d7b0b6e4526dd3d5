package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One behaviour's request for one cown: a node of that cown's MCS-style queue. A request is either
 * writable (exclusive: it waits for everything queued before it) or read-only (it waits only for the
 * writers queued before it, and runs alongside neighbouring readers).
 *
 * <p>Queue links (every request; each transition happens once, in this order):
 *
 * <pre>
 *  stage        next     phase      meaning
 *  enqueued     null     < 8        swapped into cown.last; its behaviour is still enqueuing others
 *  scheduled    null     SCHEDULED  its behaviour finished enqueuing; a successor may now link
 *  linked       succ     SCHEDULED  a successor waits behind it
 *  unlinked     null     SCHEDULED  the link has served (see below) and was dropped
 * </pre>
 *
 * A writer's link serves its release (the hand-off), which drops it. A reader's link serves only to
 * activate or register its successor, so whichever thread does that drops it, and so does the
 * reader's release; a successor may still link behind a released reader (the reader left the queue's
 * middle, not its tail), and then that successor drops the link itself as soon as it has seen the
 * reader {@code ACTIVE}.
 *
 * <p>The {@code state} field (see {@link Acquisition} for who moves it and why):
 *
 * <pre>
 *  kind     state       meaning
 *  reader   WAITING     a writer queued before it has not released yet, or nobody has noticed that
 *                       all of them have
 *  reader   CLAIMED     one thread won the CAS WAITING → CLAIMED and is activating it
 *  reader   ACTIVE      counted in cown.readers and granted; stays ACTIVE after release, so a reader
 *                       that links behind it later knows it may start at once
 *  writer   WAITING     not registered as the cown's next writer
 *  writer   REGISTERED  queued right behind an ACTIVE reader: one thread won the CAS WAITING →
 *                       REGISTERED and put it in cown.nextWriter (writers behind a writer, or that
 *                       found the queue empty, never use this field)
 * </pre>
 *
 * <p>Only {@link Acquisition} touches {@code next}, {@code phase} and {@code state}. Links are
 * dropped as soon as they have served: a dead request promoted to the old generation would otherwise
 * keep the whole chain of later behaviours reachable until a full collection.
 *
 * <p>A behaviour is itself the request for its first cown ({@link Behaviour} extends this class), so
 * a one-cown behaviour is a single object. A two-cown behaviour ({@link TwoCownBehaviour}) is the
 * node of its second request too, with a second set of these fields: a node is then named by the
 * object and the cown whose queue it is in, and every accessor below takes that cown. A wider
 * behaviour's second and later requests, and a result cown's request unless it takes the second
 * set of fields of a behaviour that does not request exactly two cowns, are objects of their own
 * ({@link Separate}), the only ones that need a field naming their behaviour ({@link
 * #behaviour()}).
 */
class Request {

  private static final VarHandle NEXT;
  private static final VarHandle PHASE;
  private static final VarHandle STATE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      NEXT = lookup.findVarHandle(Request.class, "next", Request.class);
      PHASE = lookup.findVarHandle(Request.class, "phase", byte.class);
      STATE = lookup.findVarHandle(Request.class, "state", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // --- phase: steps of phase 1 (see Acquisition) ------------------------------------------------

  /** Not yet swapped into its cown's queue. */
  static final byte NEW = 0;

  /** Swapped in; the predecessor the swap returned is in {@link Behaviour#outcome}. */
  static final byte SWAPPED = 1;

  /** Linked behind a reader predecessor with a volatile store; its state check comes next. */
  static final byte LINKED_BEHIND_READER = 2;

  /** Writer: won the right to register itself. Reader: won the right to activate itself. */
  static final byte CLAIMED_HERE = 3;

  /** Writer: stored as its cown's next writer; the CAS that may take it back comes next. */
  static final byte REGISTERED_HERE = 4;

  /** Reader: counted in its cown's readers; its ACTIVE store comes next. */
  static final byte COUNTED = 5;

  /** Done: another thread grants it (a predecessor's release or activation). */
  static final byte AWAITS_GRANT = 6;

  /** Done: granted by phase 1 itself (counts as granted at once). */
  static final byte GRANTED_HERE = 7;

  /** Added once the behaviour finished every request's steps: successors may now link. */
  static final byte SCHEDULED = 8;

  /** Reader or writer: not yet activated / registered. The initial value of {@code state}. */
  static final byte WAITING = 0;

  /** Reader: one thread won the right to activate it. */
  static final byte CLAIMED = 1;

  /** Reader: counted in its cown's readers and granted (also after its release). */
  static final byte ACTIVE = 2;

  /** Writer: one thread won the right to register it as its cown's next writer. */
  static final byte REGISTERED = 3;

  // Not final only because a behaviour is its own first request (see Behaviour): set once, before
  // the request is published by the swap that queues it, and never changed after.
  CownCore cown;

  /** Whether this request holds its cown read-only (shared with neighbouring readers). */
  boolean readOnly;

  @SuppressWarnings("unused") // accessed through NEXT
  private Request next;

  /**
   * How far its behaviour's phase 1 got with this request: one of the step values below, then
   * {@link #SCHEDULED} added (see {@link Acquisition}). Written by the one thread that runs the
   * behaviour's phase 1 (its {@code when}, or whoever completes it after that {@code when} failed
   * half-way); read with acquire by successors waiting for {@code SCHEDULED}. The step values are
   * plain stores, each made right after the shared write it records with no call in between, so a
   * {@code Throwable} (which only a call can raise) never falls between a write and its record.
   */
  byte phase;

  /**
   * The request's state, tabled above: a byte, not an int, so that a one-cown behaviour with its
   * records fits 48 bytes (see {@link Behaviour}).
   */
  @SuppressWarnings("unused") // accessed through STATE
  private byte state;

  // --- released: steps of this request's own release (see Acquisition) -------------------------

  /**
   * How far this request's release got, as flags (see {@link Acquisition}, "Faults in a release"):
   * 0 until its release starts. Written with plain stores, each right after the shared write it
   * records, by the releasing thread only, or by the thread that claimed its stranded release (the
   * claim's CAS orders the records before it).
   */
  byte released;

  /** {@link #released}: the release is complete. */
  static final byte DONE = 1;

  /** {@link #released}: the successor granted in this release was granted (counter decremented). */
  static final byte GRANTED = 2;

  /** {@link #released}: ... and that decrement was its last, so this release dispatches it. */
  static final byte GRANTED_LAST = 4;

  /**
   * {@link #released}, writer: it hands its cown along a run of readers (activation (b) and (d) of
   * {@link Acquisition}); {@link #next} is the cursor, the request of the run being handled.
   */
  static final byte HANDING = 8;

  /** {@link #released}, writer handing: the cursor reader was counted in its cown's readers. */
  static final byte CURSOR_COUNTED = 16;

  /** {@link #released}, writer handing: a cursor writer was stored as its cown's next writer. */
  static final byte CURSOR_STORED = 16;

  /**
   * {@link #released}, writer handing: the cursor reader is ACTIVE and the claim of the request
   * behind it was decided; or the cursor writer's take-back was decided.
   */
  static final byte CURSOR_DECIDED = 32;

  /**
   * {@link #released}, writer handing: that claim was won (the run goes on behind the cursor), or
   * the take-back was (this release grants the cursor writer).
   */
  static final byte CURSOR_PASSES = 64;

  /** {@link #released}, reader: it left its cown's reader count. */
  static final byte LEFT_READERS = 8;

  /** {@link #released}, reader: ... and was the last reader out, so it looks for a next writer. */
  static final byte LAST_READER = 16;

  /** {@link #released}, reader: it looked for the registered writer. */
  static final byte LOOKED_FOR_WRITER = 32;

  /** {@link #released}, reader: ... and took it (it is kept in the behaviour's outcome). */
  static final byte TOOK_WRITER = 64;

  /** A behaviour's first request, embedded in the behaviour itself: its fields are set later. */
  Request() {}

  private Request(CownCore cown, boolean readOnly) {
    this.cown = cown;
    this.readOnly = readOnly;
  }

  /**
   * The behaviour this request belongs to: the node itself if it is a behaviour (its first request,
   * or either of a two-cown behaviour's), else the one its {@link Separate} object names. A type test and a field read, but a call all the same:
   * the release reads it before its atomic steps, never between one and its record.
   */
  final Behaviour behaviour() {
    return this instanceof Behaviour ? (Behaviour) this : ((Separate) this).behaviour;
  }

  /**
   * A request that is an object of its own — the requests after the first of a behaviour over three
   * or more cowns, and the result cown's request of a behaviour over exactly two — and so names its
   * behaviour. The requests a behaviour embeds (its first, and a second set of fields: its second
   * cown's or its result's) need no such field.
   */
  static final class Separate extends Request {
    private final Behaviour behaviour;

    Separate(CownCore cown, Behaviour behaviour, boolean readOnly) {
      super(cown, readOnly);
      this.behaviour = behaviour;
    }
  }

  // --- which request of the node ----------------------------------------------------------------
  //
  // A node is the request for one cown, except a two-cown behaviour (TwoCownBehaviour), which is the
  // node of both of its requests. Every access below therefore names the cown whose queue it is
  // working on: its first cown selects this class's fields, its second the second set. For every
  // other node the cown is always its own. The choice is a reference comparison and a type cast, no
  // call, so the accessors keep their single atomic access as their last step.

  /** Whether this node's request for {@code c} is read-only. */
  final boolean readOnlyOn(CownCore c) {
    return c == cown ? readOnly : ((TwoCownBehaviour) this).readOnly2;
  }

  /** This node's {@link #phase} record for its request for {@code c}. */
  final byte phaseOn(CownCore c) {
    return c == cown ? phase : ((TwoCownBehaviour) this).phase2;
  }

  /** This node's {@link #released} record for its request for {@code c}. */
  final byte releasedOn(CownCore c) {
    return c == cown ? released : ((TwoCownBehaviour) this).released2;
  }

  // --- next -------------------------------------------------------------------------------------

  Request lvNext(CownCore c) {
    if (c != cown) {
      return ((TwoCownBehaviour) this).lvNext2();
    }
    // volatile: a writer's releaser only needs acquire (the successor's fields after the link), but
    // a reader's activator reads it right after its volatile store of ACTIVE, one half of a Dekker
    // pair with svNext + lvState, which needs the full (sequentially consistent) order. On x86 and
    // AArch64 the two cost the same load.
    return (Request) NEXT.getVolatile(this);
  }

  void soNext(CownCore c, Request successor) {
    if (c != cown) {
      ((TwoCownBehaviour) this).soNext2(successor);
      return;
    }
    NEXT.setRelease(this, successor); // StoreStore: successor's initialised state precedes the link
  }

  void svNext(CownCore c, Request successor) {
    if (c != cown) {
      ((TwoCownBehaviour) this).svNext2(successor);
      return;
    }
    NEXT.setVolatile(this, successor); // StoreLoad: the linker's half of the Dekker pair (lvState)
  }

  /**
   * A writer's release handing its cown along a run moves its cursor to {@code n}, with no step of
   * {@code n} done yet: both stores in one call with no call between them, so a failure leaves
   * either both or neither.
   */
  void moveCursor(CownCore c, Request n) {
    if (c != cown) {
      ((TwoCownBehaviour) this).moveCursor2(n);
      return;
    }
    next = n; // plain: read only by this releaser, or by one that claimed its stranded release
    released = HANDING;
  }

  void spNextNull(CownCore c) {
    if (c != cown) {
      ((TwoCownBehaviour) this).spNext2Null();
      return;
    }
    NEXT.set(this, null); // plain: the link has served; a stale read of it is harmless (see above)
  }

  // --- phase ------------------------------------------------------------------------------------

  boolean lvScheduled(CownCore c) {
    if (c != cown) {
      return ((TwoCownBehaviour) this).lvScheduled2();
    }
    return ((byte) PHASE.getAcquire(this) & SCHEDULED) != 0; // LoadLoad: pairs with soScheduled
  }

  void soScheduled(CownCore c) {
    if (c != cown) {
      ((TwoCownBehaviour) this).soScheduled2();
      return;
    }
    // StoreStore: all swaps and links of the behaviour precede the flag. Idempotent, so a thread
    // completing an abandoned phase 1 may repeat it.
    PHASE.setRelease(this, (byte) (phase | SCHEDULED));
  }

  void spScheduled() {
    phase = SCHEDULED | GRANTED_HERE; // plain: only before the request is published
  }

  // --- state ------------------------------------------------------------------------------------

  byte lvState(CownCore c) {
    if (c != cown) {
      return ((TwoCownBehaviour) this).lvState2();
    }
    return (byte) STATE.getVolatile(this); // volatile: the linker's read in the Dekker pair
  }

  void svState(CownCore c, byte s) {
    if (c != cown) {
      ((TwoCownBehaviour) this).svState2(s);
      return;
    }
    STATE.setVolatile(this, s); // StoreLoad: the activator's write in the Dekker pair (lvNext)
  }

  boolean casState(CownCore c, byte expected, byte s) {
    if (c != cown) {
      return ((TwoCownBehaviour) this).casState2(expected, s);
    }
    return STATE.compareAndSet(this, expected, s); // volatile RMW: exactly one claimant wins
  }
}
