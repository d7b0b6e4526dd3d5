package io.boc4j.bench.mono;

import io.boc4j.bench.Config;
import io.boc4j.bench.bank.BankWorkload;
import io.boc4j.reactor.BocReactor;
import java.util.SplittableRandom;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The {@code mono} workload through the Reactor bridge: the transfers are {@code Flux.range(0, T)}
 * mapped through {@code bridge.bounded(i -> bridge.mono(from, to, transfer), 64)} and subscribed by
 * the harness thread; the subscriber counts the values and ends the run on completion.
 */
final class MonoTransfers extends TransferSession {

  private final BocReactor bridge = BocReactor.of(boc);

  MonoTransfers(Config config) {
    super(config, "mono-reactor-");
  }

  @Override
  public MonoTrial prepare(long ops) {
    return new MonoTrial(ops);
  }

  private final class MonoTrial extends TransferTrial {
    // The mapping and the subscriber's signals are serialised by Reactor (one at a time, each
    // ordered after the previous), so plain fields suffice; they are read after the run ended.
    private final SplittableRandom rng = new SplittableRandom(1);
    private final int[] pair = new int[2];
    private final Flux<Boolean> run;
    private long transferred;
    private long completed;
    private Disposable subscription;

    MonoTrial(long ops) {
      super(ops);
      run = Flux.range(0, (int) Math.min(Integer.MAX_VALUE, transfers))
          .transform(bridge.bounded(i -> {
            BankWorkload.pick(rng, accounts.size(), pair);
            return bridge.mono(accounts.get(pair[0]), accounts.get(pair[1]), transfer);
          }, MonoWorkload.IN_FLIGHT));
    }

    @Override
    public void start() {
      subscription = run.subscribe(moved -> {
        completed++;
        if (moved) {
          transferred++;
        }
      }, this::failed, this::finished);
    }

    @Override
    public void cancel() {
      Disposable s = subscription;
      if (s != null) {
        s.dispose();
      }
      finished();
    }

    @Override
    long transferred() {
      return transferred;
    }

    @Override
    long completed() {
      return completed;
    }
  }
}
