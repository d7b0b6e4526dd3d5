package io.boc4j.bench.fanout;

import io.boc4j.Acquirable;
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
 * Fan-out / fan-in on boc4j: the producer behaviour schedules N {@code when}s over fresh cowns, then
 * one {@code runAll} over the producer and the N result cowns, which checks the sum and schedules the
 * next round on the producer.
 */
final class BocFanOut extends BocSession {

  private static final int N = FanOutWorkload.WIDTH;

  private final Config config;

  BocFanOut(Config config) {
    super(config.workers(), "fanout-boc4j-");
    this.config = config;
  }

  /** The producer's state: rounds left, and joins whose sum was wrong. */
  private static final class Producer {
    int roundsLeft;
    int roundsDone;
    int badSums;

    Producer(int rounds) {
      roundsLeft = rounds;
    }
  }

  @Override
  public Trial prepare(long ops) {
    int rounds = FanOutWorkload.rounds(ops);
    Cown<Producer> producer = Cown.of(new Producer(rounds));
    int workUs = config.workUs();
    return new QuiescingTrial() {
      private final Action.Of1<Cown<Producer>> round = this::round;
      private final Action.OfAll join = this::join;

      private void round(Cown<Producer> p) {
        List<Acquirable<?>> request = new ArrayList<>(N + 1);
        request.add(p);
        for (int i = 0; i < N; i++) {
          long v = FanOutWorkload.value(i);
          request.add(boc.when(Cown.of(v), c -> {
            BusyWork.spin(workUs);
            return c.get();
          }));
        }
        boc.runAll(request, join);
      }

      @SuppressWarnings("unchecked")
      private void join(List<Object> delivered) {
        long sum = 0;
        for (int i = 1; i <= N; i++) {
          sum += ((Cown<Long>) delivered.get(i)).get();
        }
        Cown<Producer> p = (Cown<Producer>) delivered.get(0);
        Producer state = p.get();
        state.roundsDone++;
        if (sum != FanOutWorkload.roundSum()) {
          state.badSums++;
        }
        if (--state.roundsLeft > 0 && !cancelled) {
          boc.run(p, round);
        }
      }

      @Override
      public void start() {
        boc.run(producer, round);
      }

      @Override
      public long ops() {
        return (long) rounds * N;
      }

      @Override
      public String verify() throws Exception {
        Producer p = result(boc.when(producer, c -> c.get()));
        if (p.roundsDone != rounds) {
          return p.roundsDone + " rounds joined, expected " + rounds;
        }
        return p.badSums == 0 ? null : p.badSums + " joins saw a wrong sum";
      }

      @Override
      public Map<String, Object> params() {
        return FanOutWorkload.params(rounds);
      }
    };
  }
}
