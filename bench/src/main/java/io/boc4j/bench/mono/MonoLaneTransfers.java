package io.boc4j.bench.mono;

import io.boc4j.bench.Config;
import io.boc4j.bench.bank.BankWorkload;
import io.boc4j.reactor.BocReactor;
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

  private final class LaneTrial extends LanesTrial<LaneTrial.MonoLane> {

    LaneTrial(long ops) {
      super(ops);
      addLanes(MonoLane::new);
    }

    @Override
    public void start() {
      for (MonoLane lane : lanes) {
        lane.start();
      }
    }

    @Override
    public void cancel() {
      for (MonoLane lane : lanes) {
        lane.cancel();
      }
      finished();
    }

    /** A lane of {@code Mono}s: Reactor's {@code repeat} serialises its signals. */
    private final class MonoLane extends Lane {
      private volatile Disposable subscription;

      MonoLane(long seed, long share) {
        super(seed, share);
      }

      void start() {
        if (share == 0) {
          laneDone();
          return;
        }
        subscription = Mono.defer(() -> {
          BankWorkload.pick(rng, accounts.size(), pair);
          return bridge.mono(accounts.get(pair[0]), accounts.get(pair[1]), transfer);
        }).repeat(share - 1).subscribe(this::count, LaneTrial.this::failed, LaneTrial.this::laneDone);
      }

      void cancel() {
        Disposable s = subscription;
        if (s != null) {
          s.dispose();
        }
      }
    }
  }
}
