package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A scheduled unit of work: a body plus the requests for the cowns it needs. Internal; the public face
 * is {@link io.boc4j.Boc#when}.
 *
 * <p>Life cycle: built on the scheduling thread, {@linkplain Acquisition#enqueue enqueued}, made
 * ready by whichever thread takes its counter to zero, run once by a worker (or the main thread, or a
 * synchronous taker), then released. Subclasses supply the body call and the result hand-off.
 *
 * <p>A behaviour of this class itself requests at most one cown and produces no result; a {@link
 * TwoCownBehaviour} may request two and is the queue node of both; one that requests more or
 * produces a result is a {@link WideBehaviour}, which adds the fields for that.
 */
public abstract class Behaviour extends Request {

  /** Where a failure nobody observes is logged (the runtime's logger). */
  static final System.Logger RUNTIME_LOG = System.getLogger("io.boc4j.runtime");

  private static final VarHandle COUNT;
  private static final VarHandle SETTLED;
  private static final VarHandle FATE;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(Behaviour.class, "count", int.class);
      SETTLED = MethodHandles.lookup().findVarHandle(Behaviour.class, "settled", boolean.class);
      FATE = MethodHandles.lookup().findVarHandle(Behaviour.class, "fate", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /*
   * Its requests, in ascending cown id order ({@link #request}): the first is this behaviour itself
   * (the fields it inherits from Request; its cown is null if it requests none); a second one is
   * embedded by {@link TwoCownBehaviour}; the others, and the result cown's request, are kept by
   * {@link WideBehaviour} (which puts the result's request in the second one's fields when it does
   * not request exactly two cowns). A behaviour of this class alone requests at most one cown and
   * produces no result: it is a single object of 48 bytes (the runtime's most common behaviour, a
   * one-cown run), since the fields the subclasses add are not in it at all.
   */

  /** {@link #kinds}: some requested cown is pinned: the body must run on the main thread. */
  private static final byte PINNED = 1;

  /**
   * {@link #kinds}: some request is read-only: the thread holding the cowns then records this
   * behaviour in its {@link BodyScope}, where read-only views look for their holder.
   */
  private static final byte ANY_READ_ONLY = 2;

  /**
   * {@link #kinds}: its timings are taken ({@link Generation#sampleOf}): kept in the generation, not
   * in a field of every behaviour, since only one in many is sampled and only while observed.
   */
  private static final byte SAMPLED = 4;

  /** {@link #kinds}: the flags above; the bits above them hold the body's shape plus one. */
  private static final int FLAGS = PINNED | ANY_READ_ONLY | SAMPLED;

  /** {@link #kinds}: where the shape starts. */
  private static final int SHAPE_SHIFT = 3;

  /**
   * What it is, as {@link #PINNED}, {@link #ANY_READ_ONLY} and {@link #SAMPLED} flags, and above
   * them its user body's shape plus one (0: no user body; see {@link #setBody}): one byte, not
   * three booleans and a byte, so that a behaviour with its records fits 48 bytes. Set before
   * publication.
   */
  private byte kinds;

  /**
   * The user's body (a {@code Body.OfN} or an {@code Action.OfN}), or null for the runtime's own
   * forms, which override {@link #invoke}. Set before publication, never changed.
   */
  Object body;

  /**
   * What the body receives first, or all its arguments (see {@link BodyCall}). Set before
   * publication, never changed.
   */
  Object a;

  /** Where the behaviour goes once ready. */
  Generation generation;

  @SuppressWarnings("unused") // accessed through COUNT
  private int count;

  /**
   * Whether the behaviour was settled at shutdown while still waiting for its cowns ({@link
   * #trySettle}): its outcome is published and its result cown released already, so the release
   * that finally drops it passes on only its other cowns.
   */
  @SuppressWarnings("unused") // accessed through SETTLED
  private boolean settled;

  /**
   * Two uses, never at once. During phase 1: the predecessor the swap of the request in progress
   * returned (see {@link Acquisition}), a record that lets another thread finish phase 1 if this
   * behaviour's {@code when} failed half-way. Between {@link #runBody()} and {@link #finish()}: the
   * body's outcome, its value or a {@link Failed} holding what it threw (only a failing body
   * allocates for it). During a release (the outcome was taken before it): the writer a reader's
   * release took to grant, a record for a thread that finishes a stranded release. Plain: one
   * thread at a time, handed on through the protocol's publications.
   */
  Object outcome;

  /** {@link #fate}: its {@code when} runs phase 1 (or finished it). */
  static final byte OWNED = 0;

  /** {@link #fate}: its {@code when} threw half-way through phase 1; anyone may claim it. */
  static final byte ABANDONED = 1;

  /** {@link #fate}: a thread claimed the abandoned phase 1 and is finishing it. */
  static final byte CLAIMED = 2;

  /** {@link #fate}: the abandoned phase 1 was finished (by whichever thread claimed it). */
  static final byte FINISHED = 3;

  /**
   * {@link #fate}: a release threw part-way and is stranded; plus {@link Acquisition#RELEASE_ALL},
   * {@link Acquisition#RELEASE_REQUESTED} or {@link Acquisition#RELEASE_RESULT}, which release it
   * was. Anyone may claim it (see {@link #finishStranded}). Comes after phase 1, so every value from
   * here on means that phase 1 is over.
   */
  static final byte STRANDED = 4;

  /** {@link #fate}: a thread claimed the stranded release and is finishing it. */
  static final byte RELEASE_CLAIMED = 7;

  /** {@link #fate}: the stranded release was finished. */
  static final byte RELEASE_FINISHED = 8;

  /**
   * Who owns phase 1, then who owns a failed release. {@link #OWNED} for the life of every behaviour
   * whose {@code when} did not throw half-way and whose release did not throw part-way. After a
   * failed {@code when} the behaviour never runs its body: once its phase 1 is finished and its
   * cowns arrive it is released unrun, with the failure on its result cown. After a failed release
   * ({@link #STRANDED}) another thread finishes the release. Declared volatile so that the failing
   * call can publish its mark with a bare field store (no call, which could itself overflow the
   * stack); claims are CASes.
   */
  volatile byte fate;

  /** {@link #progress}: phase 1 subtracted its share from the counter. */
  static final byte RESOLVED = 1;

  /** {@link #progress}: that subtraction reached 0, so phase 1 itself must dispatch it. */
  static final byte READY = 2;

  /**
   * {@link #progress}: a dispatch published it to whoever runs it (recorded at each publication
   * point, right after the publishing call returns).
   */
  static final byte PUBLISHED = 4;

  /**
   * Phase 1's last steps, as records for a thread that finishes an abandoned phase 1: whether the
   * counter was resolved, whether that made it ready and whether the dispatch got as far as
   * publishing it. Plain: written by the thread running phase 1 (and by the dispatching thread),
   * read by a claimant after its CAS on {@link #fate}, which orders the records before it.
   */
  byte progress;

  protected Behaviour() {}

  /** Marks it sampled; its timings are in its generation. Before publication only. */
  final void markSampled() {
    kinds |= SAMPLED;
  }

  /** Whether its timings are taken (they are then in its generation). */
  private boolean sampled() {
    return (kinds & SAMPLED) != 0;
  }

  /**
   * Builds the single request of a one-cown behaviour.
   *
   * @param c the cown
   * @param readOnly whether it is requested read-only
   */
  protected final void setCown(CownCore c, boolean readOnly) {
    cown = c;
    this.readOnly = readOnly;
    setKinds(c.isPinned(), readOnly);
  }

  /** How many distinct cowns this behaviour requests. */
  final int requestCount() {
    if (this instanceof TwoCownBehaviour) {
      if (((TwoCownBehaviour) this).cown2 != null) {
        return 2;
      }
      Object[] m = this instanceof WideBehaviour ? ((WideBehaviour) this).more : null;
      if (m != null) {
        return m.length;
      }
    }
    return cown != null ? 1 : 0;
  }

  /**
   * The node of its request for the {@code i}-th cown in ascending id order, {@code 0 <= i <
   * requestCount()}: this behaviour itself for its first cown, and for the second of a two-cown
   * behaviour; a {@link Request.Separate} for the later ones of a wider behaviour. Which of a node's
   * requests is meant follows from {@link #cownAt cownAt(i)}.
   */
  final Request request(int i) {
    if (i == 0 || ((TwoCownBehaviour) this).cown2 != null) { // past 0: at least a two-cown one
      return this;
    }
    return (Request) ((WideBehaviour) this).more[i]; // three or more: only a wide one
  }

  /** The {@code i}-th cown it requests, in ascending id order, {@code 0 <= i < requestCount()}. */
  final CownCore cownAt(int i) {
    if (i == 0) {
      return cown;
    }
    CownCore second = ((TwoCownBehaviour) this).cown2;
    return second != null ? second : ((Request) ((WideBehaviour) this).more[i]).cown;
  }

  /** Whether it requests its {@code i}-th cown read-only, {@code 0 <= i < requestCount()}. */
  final boolean readOnlyAt(int i) {
    return request(i).readOnlyOn(cownAt(i));
  }

  /** Whether this behaviour and {@code other} request no cown in common. */
  final boolean disjointFrom(Behaviour other) {
    int m = requestCount();
    int n = other.requestCount();
    int i = 0;
    int j = 0;
    while (i < m && j < n) { // both sorted by ascending cown id
      long a = cownAt(i).id();
      long b = other.cownAt(j).id();
      if (a == b) {
        return false;
      }
      if (a < b) {
        i++;
      } else {
        j++;
      }
    }
    return true;
  }

  /** Sets what it is from its requests; before publication only (keeps the mark and the tag). */
  final void setKinds(boolean pinned, boolean anyReadOnly) {
    kinds = (byte) ((kinds & ~(PINNED | ANY_READ_ONLY))
        | (pinned ? PINNED : 0) | (anyReadOnly ? ANY_READ_ONLY : 0));
  }

  /**
   * Gives this behaviour a user body of {@code shape} ({@link BodyCall}) and what it receives (its
   * first argument, or all of them in an array or list). Before publication only.
   *
   * @param shape one of the {@link BodyCall} shapes
   * @param body the body
   * @param a its first argument, or all of them
   */
  protected final void setBody(byte shape, Object body, Object a) {
    kinds = (byte) ((kinds & FLAGS) | ((shape + 1) << SHAPE_SHIFT));
    this.body = body;
    this.a = a;
  }

  /** Its user body's {@link BodyCall} shape, or -1 if it has none (a runtime's own form). */
  private int shape() {
    return ((kinds & 0xff) >>> SHAPE_SHIFT) - 1;
  }

  /**
   * Whether it has a user body and no result cown: a {@code run}. Its completion is then the
   * default one (see {@link #afterRelease}), made without a virtual call, whatever its class.
   */
  private boolean plainRun() {
    return shape() >= 0 && resultRequest() == null;
  }

  /** Whether the body must run on the main thread. */
  public final boolean isPinned() {
    return (kinds & PINNED) != 0;
  }

  /**
   * Whether this behaviour holds {@code c} through a read-only request. Its requests are sorted by
   * cown id, so this is a binary search. Called by the holding thread only.
   */
  final boolean holdsReadOnly(CownCore c) {
    long id = c.id();
    int lo = 0;
    int hi = requestCount() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long midId = cownAt(mid).id();
      if (midId < id) {
        lo = mid + 1;
      } else if (midId > id) {
        hi = mid - 1;
      } else {
        return readOnlyAt(mid);
      }
    }
    return false;
  }

  /**
   * Marks the calling thread as the holder of every requested cown: the writable ones on the cown
   * itself, the read-only ones (which other threads may hold at the same time) in its scope.
   */
  final void enterHolders() {
    long me = Thread.currentThread().getId();
    int n = requestCount();
    if ((kinds & ANY_READ_ONLY) == 0) { // every request writable: no mode to look up
      for (int i = 0; i < n; i++) {
        cownAt(i).enterHolder(me);
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!readOnlyAt(i)) {
        cownAt(i).enterHolder(me);
      }
    }
    BodyScope.current().enterReading(this);
  }

  /** Undoes {@link #enterHolders()}; on the same thread. */
  final void exitHolders() {
    int n = requestCount();
    if ((kinds & ANY_READ_ONLY) == 0) { // every request writable: no mode to look up
      for (int i = 0; i < n; i++) {
        cownAt(i).exitHolder();
      }
      return;
    }
    BodyScope.current().exitReading(this);
    for (int i = 0; i < n; i++) {
      if (!readOnlyAt(i)) {
        cownAt(i).exitHolder();
      }
    }
  }

  /**
   * The result cown this behaviour produces, or null for fire-and-forget: reached through the result
   * request's core rather than kept in a field of its own.
   *
   * @return the result cown (an {@code io.boc4j.ResultCown}), or null
   */
  protected final Object resultCown() {
    return resultRequest() == null ? null : ((ResultCore) resultCore()).resultCown();
  }

  /**
   * The result cown's request, granted before publication; null for fire-and-forget (and for every
   * behaviour that is not wide).
   */
  final Request resultRequest() {
    // The wide case in a method of its own: this one stays within the size the JIT inlines at any
    // call site (MaxInlineSize), as it is on the path of every behaviour.
    return this instanceof WideBehaviour ? ((WideBehaviour) this).resultNode() : null;
  }

  /**
   * The result cown's core: the cown the {@link #resultRequest()} node queues for. Only for a
   * behaviour with a result.
   */
  final CownCore resultCore() {
    Object r = ((WideBehaviour) this).result;
    return r instanceof CownCore ? (CownCore) r : ((Request) r).cown;
  }

  /** Whether its {@code when} threw half-way through phase 1 (then the body never runs). */
  final boolean abandoned() {
    byte f = fate;
    return f != OWNED && f < STRANDED;
  }

  /**
   * Finishes this behaviour's release if it is stranded and no other thread claimed it: the rest of
   * the protocol (from the records), then the observers the failed call never reached. The failure
   * a body without a result cown threw is not logged again: the failed call lost it. Any thread,
   * from a frame with stack to spare.
   *
   * @return true if this call finished it
   * @throws Throwable whatever the release threw again (it is stranded again, for the next claimant)
   */
  final boolean finishStranded() {
    byte f = fate;
    if (f < STRANDED || f >= RELEASE_CLAIMED || !FATE.compareAndSet(this, f, RELEASE_CLAIMED)) {
      return false; // volatile RMW: orders the failed release's records before what follows
    }
    Acquisition.release(this, f - STRANDED);
    fate = RELEASE_FINISHED;
    if (f != STRANDED + Acquisition.RELEASE_REQUESTED) { // the result cown was part of it
      complete(null, null);
    }
    return true;
  }

  /** Moves {@link #fate} from {@code from} to {@code to} if it is still {@code from}. */
  final void casFate(byte from, byte to) {
    FATE.compareAndSet(this, from, to); // volatile RMW
  }

  /** Claims an abandoned phase 1 for the calling thread; true if this call won it. */
  final boolean claimAbandoned() {
    return fate == ABANDONED && FATE.compareAndSet(this, ABANDONED, CLAIMED); // volatile RMW
  }

  /**
   * Subtracts {@code n} from the counter and returns its value before. The counter's atomic update
   * is the last thing the call does (no call follows it), so a caller can record the step right
   * after it returns.
   */
  final int getAndSubtractCount(int n) {
    return (int) COUNT.getAndAdd(this, -n); // volatile RMW, as in resolve
  }

  final void initCount(int n) {
    COUNT.set(this, n); // plain: the behaviour is not yet published
  }

  final void resolve(int n) {
    // volatile RMW: the decrement that reaches 0 happens-after every earlier one, so the dispatching
    // thread has seen every releasing body's writes.
    if ((int) COUNT.getAndAdd(this, -n) == n) {
      becomeReady(false);
    }
  }

  /**
   * All cowns are held: hand the behaviour to whoever runs it. The runtime's own forms (a
   * synchronous take) override it.
   *
   * <p>A virtual call on purpose, unlike the body's (see {@link BodyCall}). Made directly for user
   * behaviours, beside this call for the take, the dispatch left the release's grant larger than the
   * compiled size the JIT inlines into its callers ({@code InlineSmallCode}), in some JVMs and not
   * others: bank W=1 U=0 ran 2.8-4.5 M tx/s from fork to fork, and 4.1-4.6 M in every fork with that
   * limit raised or with this single call. Its own cost is one vtable dispatch per grant.
   *
   * @param handedOver true if the last cown came from a predecessor's release (the behaviour is the
   *     continuation of work that just finished, and is best run soon on the same worker)
   */
  void becomeReady(boolean handedOver) {
    if (handedOver) {
      generation.dispatchHandedOver(this);
    } else {
      generation.dispatch(this);
    }
  }

  /**
   * Runs the body on the current thread with every requested cown held by it, publishes the outcome,
   * releases the cowns and returns the failure (or null). Never throws.
   */
  final Throwable run() {
    Throwable failure = runBody();
    finish();
    return failure;
  }

  /**
   * Runs the body with every requested cown held by the current thread and keeps the outcome for
   * {@link #finish()}; the cowns stay acquired. Returns the failure (or null). Never throws.
   */
  final Throwable runBody() {
    if (abandoned()) { // its when threw half-way: it never runs
      if (sampled()) {
        generation.takeSample(this); // no body, no timings to report
      }
      Throwable failure = new IllegalStateException(Acquisition.ABANDONED_MESSAGE);
      outcome = new Failed(failure);
      return failure;
    }
    enterHolders();
    SampledRun s = sampled() ? generation.sampleOf(this) : null;
    if (s != null) {
      s.started();
    }
    Object value = null;
    Throwable failure = null;
    try {
      int shape = shape();
      // A user body is called through its shape, never through invoke(): the classes of user
      // behaviours are several, and one virtual call over all of them would stay uninlined on
      // every worker's hot path (see BodyCall).
      value = shape >= 0 ? BodyCall.call(shape, body, a, secondArgument()) : invoke();
    } catch (Throwable t) {
      failure = t;
    }
    if (s != null) {
      s.ended();
    }
    exitHolders();
    outcome = failure == null ? value : new Failed(failure);
    return failure;
  }

  /**
   * Publishes the outcome kept by {@link #runBody()}, releases every cown and notifies observers. May
   * run later and on another thread than the body (a muted behaviour); the hand-off through the
   * mute queue orders the body's writes before it.
   */
  final void finish() {
    Object kept = outcome;
    outcome = null; // do not keep the outcome reachable from a dead behaviour
    Throwable failure = kept instanceof Failed ? ((Failed) kept).failure : null;
    Object value = failure == null ? kept : null;
    try {
      publish(value, failure);
    } finally {
      Acquisition.release(this);
    }
    try {
      complete(value, failure);
    } catch (Throwable t) {
      // Reporting the outcome failed (a throwing log handler or observer). The cowns are released
      // and the outcome is stored; the worker must survive, so say so on the last channel left.
      System.err.println("boc4j: reporting a behaviour's outcome failed: " + t);
    }
    SampledRun s = sampled() ? generation.takeSample(this) : null;
    if (s != null) { // after the release: observing a sample never lengthens a cown's hold
      s.report(isPinned(), failure != null);
    }
  }

  /** Releases every cown without running the body (shutdown drop, cancelled take). */
  final void releaseWithoutRunning(Throwable reason) {
    if (isSettled()) { // outcome published and result cown released when it was settled
      Acquisition.releaseRequested(this);
      return;
    }
    try {
      publish(null, reason);
    } finally {
      Acquisition.release(this);
    }
    try {
      complete(null, reason);
    } catch (Throwable t) {
      // Completing it failed (a take closed at the end of a stack, for one), and its completion
      // must still be counted: left for another thread as a stranded release whose protocol part
      // is done (see finishStranded). Field stores, then one small call.
      fate = STRANDED + Acquisition.RELEASE_ALL;
      Generation g = generation;
      if (g != null) {
        g.noteLeftBehind(this);
      }
      throw t;
    }
  }

  /**
   * Whether a closing runtime may settle this behaviour before its cowns arrive. A synchronous take
   * may not: its thread waits for the cowns themselves and gives up on its own timeout.
   */
  boolean settleable() {
    return true;
  }

  /**
   * Settles this behaviour at shutdown if it is still waiting for a cown: its result cown gets {@code
   * reason} and is released now, its observers complete now, and the body will never run. Holds the
   * behaviour's counter while doing so, so no release can make it ready half-way; the caller must
   * then call {@link #resolve resolve(1)}, which dispatches it (to be dropped) if its cowns all
   * arrived meanwhile. Only while the generation drops: every dispatch then drops rather than runs.
   *
   * @return true if this call settled it (the caller accounts for it and must resolve(1)); false if
   *     it was ready already (it will be dropped or has started) or was settled before
   */
  final boolean trySettle(Throwable reason) {
    if (!settleable() || !holdIfWaiting()) {
      return false;
    }
    if (!SETTLED.compareAndSet(this, false, true)) { // volatile RMW: one settler wins
      resolve(1);
      return false;
    }
    try {
      publish(null, reason);
    } finally {
      Acquisition.releaseResult(this);
    }
    complete(null, reason);
    return true;
  }

  /** Whether {@link #trySettle} won. */
  final boolean isSettled() {
    // Acquire: the dropping thread reads it after the counter's RMW chain, which already orders the
    // settler's writes before it; acquire keeps the read from floating above that RMW.
    return (boolean) SETTLED.getAcquire(this);
  }

  /** Adds one to the counter unless it already reached 0 (the behaviour is ready). */
  private boolean holdIfWaiting() {
    for (;;) {
      int n = (int) COUNT.getVolatile(this);
      if (n <= 0) {
        return false;
      }
      if (COUNT.compareAndSet(this, n, n + 1)) { // volatile RMW: joins the counter's release chain
        return true;
      }
    }
  }

  /** Acquires requests on behalf of the scheduling thread. */
  final void enqueue() {
    Acquisition.enqueue(this);
  }

  /** Tells the runtime's listeners that a body whose outcome nobody observes threw. Never throws. */
  protected final void reportUnobserved(Throwable failure) {
    Generation g = generation;
    if (g != null) {
      g.listeners().unobservedFailure(failure);
    }
  }

  /** The second argument of a user body, kept by a two-cown or wider behaviour. */
  private Object secondArgument() {
    return this instanceof TwoCownBehaviour ? ((TwoCownBehaviour) this).b : null;
  }

  /** Stores the outcome, unless it is a plain run (nothing to store). */
  private void publish(Object value, Throwable failure) {
    if (!plainRun()) {
      publishResult(value, failure);
    }
  }

  /** Completes it after its release: the default for a plain run, else {@link #afterRelease}. */
  private void complete(Object value, Throwable failure) {
    if (plainRun()) {
      reportIfFailed(failure);
    } else {
      afterRelease(value, failure);
    }
  }

  /** Logs and reports what a body whose outcome nobody observes threw, if it threw. */
  private void reportIfFailed(Throwable failure) {
    if (failure != null) {
      // An Error at ERROR, as whichever form ran it; an exception at WARNING, since nobody else
      // will ever see it.
      RUNTIME_LOG.log(failure instanceof Error ? System.Logger.Level.ERROR
          : System.Logger.Level.WARNING, "fire-and-forget behaviour failed (counted as failed)",
          failure);
      reportUnobserved(failure);
    }
  }

  /**
   * Calls the body of a runtime's own form (one without a user body: see {@link #setBody}). Never
   * called for a behaviour with a user body, which is called through {@link BodyCall}.
   *
   * @return the body's value
   * @throws Throwable whatever the body threw
   */
  protected Object invoke() throws Throwable {
    throw new IllegalStateException(getClass().getName()
        + " has no user body (setBody) and does not override invoke()");
  }

  /**
   * Stores the outcome on the result cown, while it is still held. Must not throw. Not called for a
   * plain run (a user body without a result cown); by default, nothing to store.
   *
   * @param value what the body returned
   * @param failure what it threw, or null
   */
  protected void publishResult(Object value, Throwable failure) {}

  /**
   * After release: completes observers and reports failures. Must not throw. Not called for a plain
   * run, which is completed by this default directly: a failure is logged and reported as
   * unobserved.
   *
   * @param value what the body returned
   * @param failure what it threw, or null
   */
  protected void afterRelease(Object value, Throwable failure) {
    reportIfFailed(failure);
  }

  /** A body's failure kept by {@link #runBody()}: tells it apart from a value that is a Throwable. */
  private static final class Failed {
    final Throwable failure;

    Failed(Throwable failure) {
      this.failure = failure;
    }
  }
}
