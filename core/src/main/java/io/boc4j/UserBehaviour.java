package io.boc4j;

import io.boc4j.internal.BodyCall;
import io.boc4j.internal.CownCore;
import io.boc4j.internal.Take;
import io.boc4j.internal.WideBehaviour;
import java.lang.System.Logger.Level;
import java.util.Arrays;

/**
 * A behaviour scheduled through the public API that may produce a result or name any number of
 * cowns: its body and arguments are held as {@link BodyCall} describes (so scheduling allocates no
 * adapter lambda), its result cown is reached through its result request. The most common forms,
 * fire-and-forget {@code run}s over one or two cowns, are a {@link OneCownRun} or a {@link
 * TwoCownRun} instead: they need none of the fields a wide behaviour adds.
 */
final class UserBehaviour extends WideBehaviour {

  static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  private UserBehaviour(byte shape, Object body, Object a, Object b) {
    setBody(shape, body, a, b);
  }

  /**
   * A behaviour over one or two typed arguments (each a delivered object: a cown or a group's list)
   * where some is a group: no argument array.
   *
   * @param b the second argument, or null for a one-argument shape
   */
  static UserBehaviour of(byte shape, Object body, Acquirable<?> a, Acquirable<?> b) {
    UserBehaviour ub =
        new UserBehaviour(shape, body, a.delivered(), b == null ? null : b.delivered());
    int n = RequestSet.mentions(a) + (b == null ? 0 : RequestSet.mentions(b));
    Object[] cores = new Object[n];
    boolean anyView = RequestSet.anyReadOnly(a) || (b != null && RequestSet.anyReadOnly(b));
    boolean[] readOnly = anyView ? new boolean[n] : null;
    int at = RequestSet.put(a, cores, readOnly, 0);
    if (b != null) {
      RequestSet.put(b, cores, readOnly, at);
    }
    ub.setCowns(cores, readOnly, RequestSet.sortDistinct(cores, readOnly, n));
    return ub;
  }

  /** A behaviour over three to five typed arguments, all delivered in an array. */
  static UserBehaviour ofMany(byte shape, Object body, Acquirable<?>[] args) {
    UserBehaviour ub = new UserBehaviour(shape, body, deliveredAll(args), null);
    ub.requestAll(args);
    return ub;
  }

  /** What each argument delivers to the body, in order. */
  private static Object[] deliveredAll(Acquirable<?>[] args) {
    Object[] delivered = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      delivered[i] = args[i].delivered();
    }
    return delivered;
  }

  /** The hot single-cown case: no argument arrays. */
  static UserBehaviour ofOne(byte shape, Object body, Cown<?> cown) {
    UserBehaviour ub = new UserBehaviour(shape, body, cown, null);
    ub.setCown(cown.core, cown.isReadOnly());
    return ub;
  }

  /** The hot two-cown case: no argument arrays. */
  static UserBehaviour ofTwo(byte shape, Object body, Cown<?> x, Cown<?> y) {
    UserBehaviour ub = new UserBehaviour(shape, body, x, y);
    ub.setEitherOrder(x.core, x.isReadOnly(), y.core, y.isReadOnly());
    return ub;
  }

  /** A behaviour over a dynamic list of arguments. */
  static UserBehaviour ofAll(byte shape, Object body, Acquirable<?>[] args) {
    UserBehaviour ub =
        new UserBehaviour(
            shape, body,
            java.util.Collections.unmodifiableList(Arrays.asList(deliveredAll(args))), null);
    ub.requestAll(args);
    return ub;
  }

  /** Creates the result cown, held by this behaviour from the start. */
  <R> ResultCown<R> withResult() {
    return new ResultCown<>(this); // reached later through its core (see Behaviour#resultCown)
  }

  /**
   * A synchronous take of {@code args} (groups expanded) by the calling thread: their distinct cowns
   * by ascending id, each read-only if it was named only through read-only views.
   */
  static Take takeOf(Acquirable<?>... args) {
    Object[] cores = new Object[RequestSet.mentions(args)];
    boolean[] readOnly = RequestSet.anyReadOnly(args) ? new boolean[cores.length] : null;
    return new Take(cores, readOnly, RequestSet.collect(args, cores, readOnly));
  }

  private void requestAll(Acquirable<?>[] args) {
    Object[] cores = new Object[RequestSet.mentions(args)];
    boolean[] readOnly = RequestSet.anyReadOnly(args) ? new boolean[cores.length] : null;
    setCowns(cores, readOnly, RequestSet.collect(args, cores, readOnly));
  }

  @SuppressWarnings("unchecked")
  private ResultCown<Object> result() {
    return (ResultCown<Object>) resultCown();
  }

  // The two hooks below are called only for a behaviour with a result cown: a run without one is
  // completed by Behaviour itself (see Behaviour#afterRelease), so result() is never null here.

  @Override
  protected void publishResult(Object value, Throwable failure) {
    result().recordOutcome(value, failure);
  }

  @Override
  protected void afterRelease(Object value, Throwable failure) {
    ResultCown<Object> result = result();
    result.completeObservers();
    if (failure instanceof Error) {
      LOG.log(Level.ERROR, "behaviour body threw an Error; it is stored on " + result, failure);
    }
  }
}
