package io.boc4j.bench.dining;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * Dining philosophers in verona-rt's shape ({@code test/perf/dining_phil}): P = 50 philosophers
 * around 50 forks; each eats H times, and one meal takes both neighbouring forks, uses them and
 * ponders for U us. One operation is one meal (one behaviour on boc4j).
 *
 * <p>Variants are verona-rt's two start orders: {@code natural} starts philosophers 0, 1, 2, ...;
 * {@code optimal} starts the even ones first, then the odd ones, so the first wave of requests does
 * not conflict. (The order of forks inside one request does not matter to boc4j, which sorts every
 * request by cown id.)
 *
 * <p>Peer: ordered locks. W platform threads share the philosophers round-robin (in start order);
 * each thread serves its philosophers in turn, taking a philosopher's two fork locks in index order,
 * until all have eaten.
 */
public final class DiningWorkload extends AbstractWorkload {

  static final int PHILOSOPHERS = 50;

  /** Dining philosophers on boc4j and on ordered locks. */
  public DiningWorkload() {
    super("dining", "meals/s", 10_000_000, impl("boc4j", BocDining::new),
        impl("locks", LockDining::new));
  }

  @Override
  public String variantName() {
    return "order";
  }

  @Override
  public String description() {
    return """
      verona-rt's shape: 50 philosophers, hunger H, U µs of pondering \
      per meal, started in `natural` order or `optimal` order (evens first); every row names its \
      order. Peer: `locks`, W threads sharing the philosophers round-robin, forks locked in index \
      order.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    List<Config> cs = new ArrayList<>();
    for (String order : d.orders()) {
      if (!order.equals("natural") && !order.equals("optimal")) {
        throw new IllegalArgumentException(
            "dining order must be natural or optimal, got '" + order + "'");
      }
      cs.addAll(workByWorkers(d, null, order));
    }
    return cs;
  }

  /** Hunger per philosopher for a requested meal count. */
  static int hunger(long ops) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ops / PHILOSOPHERS));
  }

  /** Philosopher indices in start order. */
  static int[] startOrder(String variant) {
    int[] order = new int[PHILOSOPHERS];
    int k = 0;
    if (variant.equals("optimal")) {
      for (int i = 0; i < PHILOSOPHERS; i += 2) {
        order[k++] = i;
      }
      for (int i = 1; i < PHILOSOPHERS; i += 2) {
        order[k++] = i;
      }
    } else {
      for (int i = 0; i < PHILOSOPHERS; i++) {
        order[k++] = i;
      }
    }
    return order;
  }

  /** Each fork must have been used twice per meal of each of its two philosophers. */
  static String checkUses(long[] uses, int hunger) {
    for (int i = 0; i < uses.length; i++) {
      if (uses[i] != 2L * hunger) {
        return "fork " + i + " was used " + uses[i] + " times, expected " + 2L * hunger;
      }
    }
    return null;
  }
}
