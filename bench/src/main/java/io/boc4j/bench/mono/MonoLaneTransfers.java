package io.boc4j.bench.mono;

import io.boc4j.bench.Config;
import io.boc4j.bench.bank.BankWorkload;
import io.boc4j.reactor.BocReactor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The {@code mono} workload through the Reactor bridge in the core driver's own shape: {@link
 * MonoWorkload#IN_FLIGHT} lanes, each {@code Mono.defer(() -> bridge.mono(from, to,
 * transfer)).repeat(share - 1)} subscribed on its own. A lane's next transfer is subscribed by
 * {@code repeat} when its previous one completes, on the worker that ran the body, exactly where the
 * core driver's completion callback schedules it; no operator is shared between lanes. Against
 * {@code boc4j} it prices the {@code Mono} form itself; the {@code mono} implementation adds the
 * price of one demand-bounded stream that every completion passes through.
 */
final class MonoLaneTransfers extends TransferSession {

  private final BocReactor bridge = BocReactor.of(boc);

  MonoLaneTransfers(Config config) {
    super(config, "mono-lanes-");
  }

  @Override
  public LaneTrial prepare(long ops) {
    return new LaneTrial(ops);
  }

  private final class LaneTrial extends TransferTrial {
    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicInteger lanesLeft = new AtomicInteger();

    LaneTrial(long ops) {
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
        lane.start();
      }
    }

    @Override
    public void cancel() {
      for (Lane lane : lanes) {
        lane.cancel();
      }
      finished();
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
     * One lane. Reactor serialises its signals (each after the previous), so plain fields suffice;
     * they are read after the last lane's completion, which the atomic countdown orders after them.
     */
    private final class Lane {
      private final SplittableRandom rng;
      private final int[] pair = new int[2];
      private final long share;
      private volatile Disposable subscription;
      long transferred;
      long completed;

      Lane(long seed, long share) {
        this.rng = new SplittableRandom(seed);
        this.share = share;
      }

      void start() {
        if (share == 0) {
          laneDone();
          return;
        }
        subscription = Mono.defer(() -> {
          BankWorkload.pick(rng, accounts.size(), pair);
          return bridge.mono(accounts.get(pair[0]), accounts.get(pair[1]), transfer);
        }).repeat(share - 1).subscribe(moved -> {
          completed++;
          if (moved) {
            transferred++;
          }
        }, LaneTrial.this::failed, this::laneDone);
      }

      void cancel() {
        Disposable s = subscription;
        if (s != null) {
          s.dispose();
        }
      }

      private void laneDone() {
        if (lanesLeft.decrementAndGet() == 0) {
          finished();
        }
      }
    }
  }
}
