package io.boc4j.bench.dining;

import io.boc4j.Action;
import io.boc4j.Cown;
import io.boc4j.bench.BocSession;
import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dining philosophers on boc4j: a cown per fork; each meal is one behaviour over both forks that
 * schedules the philosopher's next meal. As in verona-rt, the philosophers are started from inside a
 * behaviour.
 */
final class BocDining extends BocSession {

  private final Config config;

  BocDining(Config config) {
    super(config.workers(), "dining-boc4j-");
    this.config = config;
  }

  /** Mutated only by its own meals, each scheduled by the previous one. */
  private static final class Philosopher {
    final Cown<long[]> left;
    final Cown<long[]> right;
    int hunger;

    Philosopher(Cown<long[]> left, Cown<long[]> right, int hunger) {
      this.left = left;
      this.right = right;
      this.hunger = hunger;
    }
  }

  @Override
  public Trial prepare(long ops) {
    int hunger = DiningWorkload.hunger(ops);
    int n = DiningWorkload.PHILOSOPHERS;
    List<Cown<long[]>> forks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      forks.add(Cown.of(new long[1]));
    }
    int[] order = DiningWorkload.startOrder(config.variant());
    int workUs = config.workUs();
    return new QuiescingTrial() {
      private void eat(Philosopher p) {
        boc.run(p.left, p.right, (Action.Of2<Cown<long[]>, Cown<long[]>>) (l, r) -> {
          l.get()[0]++;
          r.get()[0]++;
          BusyWork.spin(workUs);
          if (--p.hunger > 0 && !cancelled) {
            eat(p);
          }
        });
      }

      @Override
      public void start() {
        boc.run(() -> {
          for (int i : order) {
            eat(new Philosopher(forks.get(i), forks.get((i + 1) % n), hunger));
          }
        });
      }

      @Override
      public long ops() {
        return (long) hunger * n;
      }

      @Override
      public String verify() throws Exception {
        long[] uses = result(boc.when(Cown.group(forks), all -> {
          long[] u = new long[n];
          for (int i = 0; i < n; i++) {
            u[i] = all.get(i).get()[0];
          }
          return u;
        }));
        return DiningWorkload.checkUses(uses, hunger);
      }

      @Override
      public Map<String, Object> params() {
        return Map.of("philosophers", n, "hunger", hunger);
      }
    };
  }
}
