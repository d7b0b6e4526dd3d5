package io.boc4j.bench.mono;

import io.boc4j.Scheduling;
import io.boc4j.bench.Config;
import io.boc4j.bench.bank.BankWorkload;
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

  private final class CoreTrial extends LanesTrial<CoreTrial.CoreLane> {
    private volatile boolean cancelled;

    CoreTrial(long ops) {
      super(ops);
      addLanes(CoreLane::new);
    }

    @Override
    public void start() {
      for (CoreLane lane : lanes) {
        lane.next();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    /**
     * A lane on core: the next transfer is scheduled from the completion of the previous (scheduling
     * happens before the body, the body before its completion callback).
     */
    private final class CoreLane extends Lane implements BiConsumer<Object, Throwable> {
      private final Scheduling observed = boc.observing(this);
      private long remaining;

      CoreLane(long seed, long share) {
        super(seed, share);
        this.remaining = share;
      }

      /** Schedules this lane's next transfer, or ends the lane when its share is done. */
      void next() {
        if (remaining == 0 || cancelled) {
          laneDone();
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
        count((Boolean) moved);
        next();
      }
    }
  }
}
