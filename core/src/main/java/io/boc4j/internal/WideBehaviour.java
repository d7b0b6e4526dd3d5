package io.boc4j.internal;

import java.util.Arrays;

/**
 * A behaviour that may request any number of cowns or produce a result: with two, both requests are
 * embedded (see {@link TwoCownBehaviour}); with three or more, it keeps the requests after its
 * first, and it keeps its result cown's request, which the narrower behaviours have no fields for.
 * The result's request is embedded too, in the second request's fields, unless the behaviour
 * requests exactly two cowns (then those fields are its second cown's): a one-cown {@code when},
 * the common case, is one object besides its result cown. Internal; the runtime's own forms and the
 * public API's result-bearing and many-cown behaviours extend it.
 *
 * <p>Why a subclass rather than two fields of every behaviour: the most common behaviours,
 * fire-and-forget {@code run}s over one or two cowns, need neither, and without them they are one
 * object of 48 or 64 bytes (see {@link Behaviour}). Threading is that of {@link Behaviour}: the
 * fields here are set on the scheduling thread before the behaviour is published and never change
 * after.
 */
public abstract class WideBehaviour extends TwoCownBehaviour {

  /**
   * Its requests for three or more cowns: an {@code Object[]} of all of them by index, this
   * behaviour at index 0, {@link Request.Separate} objects after it (the array its cowns were sorted
   * in, taken over: see {@link #setCowns}). Null for fewer: up to two are embedded.
   */
  Object[] more;

  /**
   * The result cown: its request (a {@link Request.Separate}) when that is an object of its own, or
   * its core ({@link CownCore}) when the request is embedded in this behaviour's second set of
   * fields, which only a behaviour over exactly two cowns uses for a cown; null for
   * fire-and-forget. The two types are disjoint, so the one field tells the cases apart ({@link
   * Behaviour#resultRequest()}, {@link Behaviour#resultCore()}) without widening the behaviour.
   */
  Object result;

  protected WideBehaviour() {}

  /** The node of the result cown's request (see {@link #result}), or null for fire-and-forget. */
  final Request resultNode() {
    Object r = result;
    return r == null || r instanceof Request ? (Request) r : this; // a core: embedded here
  }

  /**
   * Builds this behaviour's requests from the distinct cowns it needs, which must already be sorted by
   * ascending id with duplicates removed (a cown named both read-only and writable is writable).
   *
   * <p>With three or more cowns, an {@code Object[]} of exactly {@code n} elements is taken over: its
   * cores are replaced, index for index, by the requests for them, and it becomes this behaviour's
   * list of requests, so building the request set and the behaviour allocates one array, not two.
   * The caller must not use it afterwards. Any other array (a {@code CownCore[]}, or one longer than
   * {@code n} because duplicates were folded) is copied instead.
   *
   * @param sortedDistinct the cowns' cores ({@link CownCore} elements)
   * @param readOnly whether each cown is requested read-only, index for index; null if none is
   * @param n how many leading elements to use
   */
  protected final void setCowns(Object[] sortedDistinct, boolean[] readOnly, int n) {
    if (n <= 2) { // the common sizes, without the general loop
      if (n == 2) {
        setTwoCowns((CownCore) sortedDistinct[0], readOnly != null && readOnly[0],
            (CownCore) sortedDistinct[1], readOnly != null && readOnly[1]);
      } else if (n == 1) {
        setCown((CownCore) sortedDistinct[0], readOnly != null && readOnly[0]);
      }
      return;
    }
    Object[] requests = sortedDistinct.length == n && sortedDistinct.getClass() == Object[].class
        ? sortedDistinct : Arrays.copyOf(sortedDistinct, n, Object[].class);
    boolean anyPinned = false;
    boolean anyShared = false;
    for (int i = 0; i < n; i++) {
      CownCore c = (CownCore) requests[i];
      boolean ro = readOnly != null && readOnly[i];
      anyPinned |= c.isPinned();
      anyShared |= ro;
      if (i == 0) {
        cown = c;
        this.readOnly = ro;
        requests[0] = this;
      } else {
        requests[i] = new Request.Separate(c, this, ro);
      }
    }
    more = requests;
    setKinds(anyPinned, anyShared);
  }

  /**
   * Called from the result cown's constructor: the result is held by this behaviour from the start.
   * Its cowns must be set already: the request is embedded unless they take the second request's
   * fields (exactly two cowns).
   *
   * @param result the result cown's core
   * @return the request that holds it, to be the core's queue tail
   */
  final Request preGrant(CownCore result) {
    if (cown2 == null) { // not exactly two requested cowns: the second set is free
      phase2 = SCHEDULED | GRANTED_HERE; // plain: only before the behaviour is published
      this.result = result;
      return this;
    }
    Request r = new Request.Separate(result, this, false);
    r.spScheduled();
    this.result = r;
    return r;
  }
}
