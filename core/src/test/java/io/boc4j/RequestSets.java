package io.boc4j;

import io.boc4j.internal.Behaviour;
import io.boc4j.internal.CownCore;

/**
 * Test bridge for tests in {@code io.boc4j.internal} that drive the acquisition protocol directly:
 * the request sets that {@code when} / {@code run} build from their arguments, by {@link
 * UserBehaviour}'s own sort and duplicate folding, and the cores behind cowns. The behaviours returned
 * are never run; a test reads their requests.
 */
public final class RequestSets {

  private static final Action.Of2<Object, Object> NOTHING_2 = (a, b) -> {};
  private static final Action.OfAll NOTHING_ALL = all -> {};

  private RequestSets() {}

  /**
   * The core of a cown (or of the cown behind a read-only view).
   *
   * @param cown the cown or view
   * @return its core
   */
  public static CownCore core(Cown<?> cown) {
    return cown.core;
  }

  /**
   * The behaviour {@code run(a, b, action)} schedules for two plain cowns or views: the two-argument
   * fast path, which folds a cown named twice itself.
   *
   * @param a first argument
   * @param b second argument
   * @return the behaviour, with its requests built and not enqueued
   */
  public static Behaviour ofTwo(Cown<?> a, Cown<?> b) {
    return UserBehaviour.ofTwo(UserBehaviour.Shape.RUN2, NOTHING_2, a, b);
  }

  /**
   * The behaviour {@code run(a, b, action)} schedules when an argument is a group: no argument
   * array, the request set built from the two arguments directly.
   *
   * @param a first argument
   * @param b second argument
   * @return the behaviour, with its requests built and not enqueued
   */
  public static Behaviour of(Acquirable<?> a, Acquirable<?> b) {
    return UserBehaviour.of(UserBehaviour.Shape.RUN2, NOTHING_2, a, b);
  }

  /**
   * The behaviour {@code runAll(args, action)} schedules: groups expanded, sorted by id, duplicates
   * folded (writable wins).
   *
   * @param args the arguments
   * @return the behaviour, with its requests built and not enqueued
   */
  public static Behaviour ofAll(Acquirable<?>... args) {
    return UserBehaviour.ofAll(UserBehaviour.Shape.RUN_ALL, NOTHING_ALL, args);
  }
}
