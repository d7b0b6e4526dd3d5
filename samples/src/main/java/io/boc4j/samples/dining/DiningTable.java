package io.boc4j.samples.dining;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.samples.support.BusyWork;
import io.boc4j.samples.support.ConcurrencyGauge;
import io.boc4j.samples.support.Results;
import io.boc4j.samples.support.Throughput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A round table of philosophers with a fork between each two neighbours. Philosopher {@code i} eats
 * with forks {@code i} (left) and {@code i + 1} (right, wrapping round). A meal is one behaviour
 * over the philosopher and both forks; it schedules the philosopher's next meal until the
 * philosopher's hunger reaches 0.
 *
 * <p>The first meals are scheduled by one behaviour that holds every fork (it sets the table), so
 * they all join the forks' queues, in the chosen order, before any meal can start. That makes the
 * run show the effect of the order alone, not of a race between the scheduling thread and the
 * workers.
 *
 * @param philosophers seats at the table, at least 2
 * @param hunger meals each philosopher eats, at least 1
 * @param eatMicros simulated work of one meal
 */
record DiningTable(int philosophers, int hunger, long eatMicros) {

  /**
   * What one dinner observed.
   *
   * @param order the order the first meals were scheduled in
   * @param workers the worker count it ran on
   * @param time meals eaten and how long the dinner took
   * @param mostEating the most philosophers that were eating at the same moment
   * @param forkUses how many meals used each fork, by fork index
   * @param hungerLeft each philosopher's hunger at the end, by seat
   */
  record Dinner(SeatingOrder order, int workers, Throughput time, int mostEating, long[] forkUses,
      int[] hungerLeft) {}

  /** A fork: counts the meals it served. Touched only by the behaviour holding its cown. */
  private static final class Fork {
    long uses;
  }

  /** A philosopher's remaining hunger. Touched only by the behaviour holding its cown. */
  private static final class Philosopher {
    int hunger;

    Philosopher(int hunger) {
      this.hunger = hunger;
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(5);

  /** Serves dinner on a fresh runtime of {@code workers} workers, first meals in {@code order}. */
  Dinner dine(SeatingOrder order, int workers) throws Exception {
    List<Cown<Fork>> forks = new ArrayList<>();
    List<Cown<Philosopher>> diners = new ArrayList<>();
    for (int i = 0; i < philosophers; i++) {
      forks.add(Cown.of(new Fork()));
      diners.add(Cown.of(new Philosopher(hunger)));
    }
    ConcurrencyGauge eating = new ConcurrencyGauge();
    try (Boc boc = Boc.builder().workers(workers).build()) {
      long start = System.nanoTime();
      boc.run(Cown.group(forks), table -> {
        for (int seat : order.seats(philosophers)) {
          Cown<Fork> right = forks.get((seat + 1) % philosophers);
          meal(boc, diners.get(seat), forks.get(seat), right, eating);
        }
      });
      boc.quiesce(WAIT);
      Throughput time = Throughput.since((long) philosophers * hunger, start);
      return Results.await(boc.when(Cown.group(forks), Cown.group(diners), (fs, ps) -> {
        long[] uses = new long[fs.size()];
        int[] left = new int[ps.size()];
        for (int i = 0; i < uses.length; i++) {
          uses[i] = fs.get(i).get().uses;
          left[i] = ps.get(i).get().hunger;
        }
        return new Dinner(order, workers, time, eating.max(), uses, left);
      }), WAIT);
    }
  }

  /**
   * Schedules one meal of the philosopher in {@code who}, eating with {@code left} and {@code
   * right}; the meal schedules the next one while the philosopher is still hungry.
   */
  private void meal(Boc boc, Cown<Philosopher> who, Cown<Fork> left, Cown<Fork> right,
      ConcurrencyGauge eating) {
    boc.run(who, left, right, (p, l, r) -> {
      eating.enter();
      l.get().uses++;
      r.get().uses++;
      BusyWork.spin(eatMicros);
      eating.exit();
      if (--p.get().hunger > 0) {
        meal(boc, p, l, r, eating);
      }
    });
  }
}
