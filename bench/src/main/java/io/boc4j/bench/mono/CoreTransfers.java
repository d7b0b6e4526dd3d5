package io.boc4j.bench.mono;

import io.boc4j.Scheduling;
import io.boc4j.bench.Config;
import io.boc4j.bench.bank.BankWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The {@code mono} workload on core's API: {@link MonoWorkload#IN_FLIGHT} lanes, each keeping one
 * transfer in flight with {@code boc.observing(lane).when(from, to, transfer)}; the lane's completion
 * callback, called by core on the worker that ran the body, counts the outcome and schedules the
 * lane's next transfer until its share is done.
 */
final class CoreTransfers extends TransferSession {

  CoreTransfers(Config config) {
    super(config, "mono-core-");
  }

  @Override
  public CoreTrial prepare(long ops) {
    return new CoreTrial(ops);
  }

  private final class CoreTrial extends TransferTrial {
    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicInteger lanesLeft = new AtomicInteger();
    private volatile boolean cancelled;

    CoreTrial(long ops) {
      super(ops);
      int n = MonoWorkload.IN_FLIGHT;
      for (int i = 0; i < n; i++) {
        lanes.add(new Lane(i + 1, transfers / n + (i < transfers % n ? 1 : 0)));
      }
      lanesLeft.set(n);
    }

    @Override
    public void start() {
      for (Lane lane : lanes) {
        lane.next();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    long transferred() {
      return lanes.stream().mapToLong(l -> l.transferred).sum();
    }

    @Override
    long completed() {
      return lanes.stream().mapToLong(l -> l.completed).sum();
    }

    /**
     * One chain of transfers: the next is scheduled from the completion of the previous, so the
     * lane's fields are only ever touched by one thread at a time, each hand-off ordered by the
     * runtime (scheduling happens before the body, the body before its completion callback).
     */
    private final class Lane implements BiConsumer<Object, Throwable> {
      private final SplittableRandom rng;
      private final int[] pair = new int[2];
      private final Scheduling observed = boc.observing(this);
      private long remaining;
      long transferred;
      long completed;

      Lane(long seed, long share) {
        this.rng = new SplittableRandom(seed);
        this.remaining = share;
      }

      /** Schedules this lane's next transfer, or ends the lane when its share is done. */
      void next() {
        if (remaining == 0 || cancelled) {
          if (lanesLeft.decrementAndGet() == 0) {
            finished();
          }
          return;
        }
        remaining--;
        BankWorkload.pick(rng, accounts.size(), pair);
        observed.when(accounts.get(pair[0]), accounts.get(pair[1]), transfer);
      }

      @Override
      public void accept(Object moved, Throwable failure) {
        if (failure != null) {
          failed(failure);
          return;
        }
        completed++;
        if ((Boolean) moved) {
          transferred++;
        }
        next();
      }
    }
  }
}
