package io.boc4j;

import io.boc4j.internal.CownCore;
import io.boc4j.internal.Take;
import io.boc4j.internal.WideBehaviour;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;

/**
 * A behaviour scheduled through the public API: the user's body, the arguments it receives, and its
 * result cown (none for fire-and-forget). One class for every arity, dispatched by a small switch, so
 * scheduling allocates no adapter lambda. The most common form, a fire-and-forget {@code run} over
 * one cown, is a {@link OneCownRun} instead: it needs none of the fields a wide behaviour adds.
 */
final class UserBehaviour extends WideBehaviour {

  static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  /**
   * The body's form and arity: which functional interface {@code body} implements and how the
   * arguments are held. Small constants, not an enum, kept in the behaviour's tag bits ({@link
   * #tag}) rather than a field of their own, so that the behaviour fits 72 bytes.
   */
  static final class Shape {
    static final byte WHEN0 = 0;
    static final byte WHEN1 = 1;
    static final byte WHEN2 = 2;
    static final byte WHEN3 = 3;
    static final byte WHEN4 = 4;
    static final byte WHEN5 = 5;
    static final byte WHEN_ALL = 6;
    static final byte RUN0 = 7;
    static final byte RUN1 = 8;
    static final byte RUN2 = 9;
    static final byte RUN3 = 10;
    static final byte RUN4 = 11;
    static final byte RUN5 = 12;
    static final byte RUN_ALL = 13;

    private Shape() {}
  }

  private final Object body;

  /**
   * The delivered arguments (a cown, or a group's list). Up to two: the first and second, in
   * {@code a} and {@code b}. Three to five: all of them in an {@code Object[]} in {@code a}. The
   * dynamic shapes (WHEN_ALL, RUN_ALL): their {@code List<Object>} in {@code a}. Two fields serve
   * every shape, so that the common ones carry no unused references.
   */
  private final Object a;

  private final Object b;

  private UserBehaviour(byte shape, Object body, Object a, Object b) {
    setTag(shape);
    this.body = body;
    this.a = a;
    this.b = b;
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

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  protected Object invoke() throws Throwable {
    int shape = tag();
    switch (shape) {
      case Shape.WHEN0: return ((Body.Of0) body).apply();
      case Shape.WHEN1: return ((Body.Of1) body).apply(a);
      case Shape.WHEN2: return ((Body.Of2) body).apply(a, b);
      case Shape.WHEN3: return ((Body.Of3) body).apply(arg(0), arg(1), arg(2));
      case Shape.WHEN4: return ((Body.Of4) body).apply(arg(0), arg(1), arg(2), arg(3));
      case Shape.WHEN5: return ((Body.Of5) body).apply(arg(0), arg(1), arg(2), arg(3), arg(4));
      case Shape.WHEN_ALL: return ((Body.OfAll) body).apply((List<Object>) a);
      case Shape.RUN0: ((Action.Of0) body).run(); return null;
      case Shape.RUN1: ((Action.Of1) body).run(a); return null;
      case Shape.RUN2: ((Action.Of2) body).run(a, b); return null;
      case Shape.RUN3: ((Action.Of3) body).run(arg(0), arg(1), arg(2)); return null;
      case Shape.RUN4: ((Action.Of4) body).run(arg(0), arg(1), arg(2), arg(3)); return null;
      case Shape.RUN5: ((Action.Of5) body).run(arg(0), arg(1), arg(2), arg(3), arg(4)); return null;
      case Shape.RUN_ALL: ((Action.OfAll) body).run((List<Object>) a); return null;
      default: throw new AssertionError(shape);
    }
  }

  /** Delivered argument {@code i} of a three- to five-argument shape. */
  private Object arg(int i) {
    return ((Object[]) a)[i];
  }

  @SuppressWarnings("unchecked")
  private ResultCown<Object> result() {
    return (ResultCown<Object>) resultCown();
  }

  @Override
  protected void publishResult(Object value, Throwable failure) {
    ResultCown<Object> result = result();
    if (result != null) {
      result.recordOutcome(value, failure);
    }
  }

  @Override
  protected void afterRelease(Object value, Throwable failure) {
    ResultCown<Object> result = result();
    if (result != null) {
      result.completeObservers();
      if (failure instanceof Error) {
        LOG.log(Level.ERROR, "behaviour body threw an Error; it is stored on " + result, failure);
      }
    } else if (failure != null) {
      logUnobserved(failure);
      reportUnobserved(failure);
    }
  }

  /**
   * Logs what a fire-and-forget body threw: an Error at ERROR, as whichever form ran it; an
   * exception at WARNING, since nobody else will ever see it.
   */
  static void logUnobserved(Throwable failure) {
    LOG.log(failure instanceof Error ? Level.ERROR : Level.WARNING,
        "fire-and-forget behaviour failed (counted as failed)", failure);
  }
}
