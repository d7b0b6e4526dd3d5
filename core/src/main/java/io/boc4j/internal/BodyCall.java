package io.boc4j.internal;

import io.boc4j.Action;
import io.boc4j.Body;
import java.util.List;

/**
 * Calls a user's body by its shape: which functional interface it implements ({@link Body} for a
 * {@code when}, {@link Action} for a {@code run}) and how its arguments are held. Every behaviour the
 * public API schedules keeps its body and arguments in the same fields ({@link Behaviour#body},
 * {@link Behaviour#a}, {@link TwoCownBehaviour#b}) and its shape in its flag byte, and is called
 * through this one static method, not through a method its class overrides: the runtime's hot path
 * then makes the same direct call whichever mix of one-cown, two-cown and wider behaviours a program
 * schedules, where a virtual call would see several classes and stay uninlined (megamorphic).
 *
 * <p>The arguments: up to two delivered objects (a cown, or a group's list) in {@code a} and {@code
 * b}; three to five in an {@code Object[]} in {@code a}; a dynamic list ({@link #WHEN_ALL}, {@link
 * #RUN_ALL}) as a {@code List<Object>} in {@code a}.
 */
public final class BodyCall {

  /** {@code when} with no argument. */
  public static final byte WHEN0 = 0;

  /** {@code when} with one argument. */
  public static final byte WHEN1 = 1;

  /** {@code when} with two arguments. */
  public static final byte WHEN2 = 2;

  /** {@code when} with three arguments, in an array. */
  public static final byte WHEN3 = 3;

  /** {@code when} with four arguments, in an array. */
  public static final byte WHEN4 = 4;

  /** {@code when} with five arguments, in an array. */
  public static final byte WHEN5 = 5;

  /** {@code when} over a dynamic list of arguments. */
  public static final byte WHEN_ALL = 6;

  /** {@code run} with no argument. */
  public static final byte RUN0 = 7;

  /** {@code run} with one argument. */
  public static final byte RUN1 = 8;

  /** {@code run} with two arguments. */
  public static final byte RUN2 = 9;

  /** {@code run} with three arguments, in an array. */
  public static final byte RUN3 = 10;

  /** {@code run} with four arguments, in an array. */
  public static final byte RUN4 = 11;

  /** {@code run} with five arguments, in an array. */
  public static final byte RUN5 = 12;

  /** {@code run} over a dynamic list of arguments. */
  public static final byte RUN_ALL = 13;

  private BodyCall() {}

  /**
   * Calls {@code body} as {@code shape} says, with the arguments held in {@code a} and {@code b}.
   *
   * @return what a {@code when}'s body returned; null for a {@code run}
   * @throws Throwable whatever the body threw
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object call(int shape, Object body, Object a, Object b) throws Throwable {
    switch (shape) {
      case WHEN0: return ((Body.Of0) body).apply();
      case WHEN1: return ((Body.Of1) body).apply(a);
      case WHEN2: return ((Body.Of2) body).apply(a, b);
      case WHEN3: return ((Body.Of3) body).apply(arg(a, 0), arg(a, 1), arg(a, 2));
      case WHEN4: return ((Body.Of4) body).apply(arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3));
      case WHEN5:
        return ((Body.Of5) body).apply(arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4));
      case WHEN_ALL: return ((Body.OfAll) body).apply((List<Object>) a);
      case RUN0: ((Action.Of0) body).run(); return null;
      case RUN1: ((Action.Of1) body).run(a); return null;
      case RUN2: ((Action.Of2) body).run(a, b); return null;
      case RUN3: ((Action.Of3) body).run(arg(a, 0), arg(a, 1), arg(a, 2)); return null;
      case RUN4: ((Action.Of4) body).run(arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3)); return null;
      case RUN5:
        ((Action.Of5) body).run(arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4));
        return null;
      case RUN_ALL: ((Action.OfAll) body).run((List<Object>) a); return null;
      default: throw new AssertionError(shape);
    }
  }

  /** Delivered argument {@code i} of a three- to five-argument shape. */
  private static Object arg(Object a, int i) {
    return ((Object[]) a)[i];
  }
}
