package io.boc4j;

import io.boc4j.internal.BodyCall;
import io.boc4j.internal.Behaviour;
import io.boc4j.internal.CownCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Test bridge for tests in {@code io.boc4j.internal} that drive the acquisition protocol directly:
 * the request sets that {@code when} / {@code run} build from their arguments, by {@link
 * UserBehaviour}'s own sort and duplicate folding, and the cores behind cowns; and, for the property
 * tests here and there, random arguments and the request set they must make. The behaviours returned
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
    return UserBehaviour.ofTwo(BodyCall.RUN2, NOTHING_2, a, b);
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
    return UserBehaviour.of(BodyCall.RUN2, NOTHING_2, a, b);
  }

  /**
   * The behaviour {@code runAll(args, action)} schedules: groups expanded, sorted by id, duplicates
   * folded (writable wins).
   *
   * @param args the arguments
   * @return the behaviour, with its requests built and not enqueued
   */
  public static Behaviour ofAll(Acquirable<?>... args) {
    return UserBehaviour.ofAll(BodyCall.RUN_ALL, NOTHING_ALL, args);
  }

  /**
   * What the request set of {@code args} must be, computed the obvious way: every cown they name,
   * groups expanded, by id, read-only only if every mention is a view.
   *
   * @param args the arguments
   * @return id to read-only, in ascending id order
   */
  public static Map<Long, Boolean> expected(Acquirable<?>... args) {
    Map<Long, Boolean> byId = new TreeMap<>();
    for (Acquirable<?> arg : args) {
      List<Cown<?>> named = new ArrayList<>();
      if (arg instanceof CownGroup) {
        named.addAll(((CownGroup<?>) arg).delivered());
      } else {
        named.add((Cown<?>) arg);
      }
      for (Cown<?> c : named) {
        byId.merge(c.id(), c.isReadOnly(), Boolean::logicalAnd);
      }
    }
    return byId;
  }

  /**
   * A random argument over {@code pool}: a cown, its view, a group (some members repeated, some
   * views) or a read group, of up to {@code maxGroup - 1} members.
   *
   * @param rnd the source of randomness
   * @param pool the cowns to draw from
   * @param maxGroup one more than the largest group
   * @return the argument
   */
  public static Acquirable<?> randomArgument(Random rnd, List<Cown<Integer>> pool, int maxGroup) {
    int kind = rnd.nextInt(4);
    if (kind < 2) {
      Cown<Integer> c = pool.get(rnd.nextInt(pool.size()));
      return kind == 0 ? c : Cown.read(c);
    }
    List<Cown<Integer>> members = new ArrayList<>();
    for (int m = rnd.nextInt(maxGroup); m > 0; m--) {
      Cown<Integer> c = pool.get(rnd.nextInt(pool.size()));
      members.add(rnd.nextInt(3) == 0 ? Cown.read(c) : c);
    }
    return kind == 2 ? Cown.group(members) : Cown.readGroup(members);
  }

  /**
   * {@code n} fresh cowns holding 0 to n - 1, in id order: a pool for {@link #randomArgument}.
   *
   * @param n how many
   * @return the cowns
   */
  public static List<Cown<Integer>> pool(int n) {
    List<Cown<Integer>> pool = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pool.add(Cown.of(i));
    }
    return pool;
  }
}
