package io.boc4j.bench.chain;

import io.boc4j.Action;
import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import io.boc4j.bench.chain.ChainRingWorkload.Chain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The chain ring on boc4j: each step is one behaviour over the chain's state cown and a group. */
final class BocChainRing implements Session {

  private static final int R = ChainRingWorkload.RINGS;
  private static final int S = ChainRingWorkload.RING_SIZE;
  private static final int G = ChainRingWorkload.GROUP;

  private final Config config;
  private final Boc boc;

  BocChainRing(Config config) {
    this.config = config;
    this.boc = Boc.builder().workers(config.workers()).shutdownTimeout(Duration.ofSeconds(5))
        .threadNamePrefix("chain-boc4j-").build();
    boc.start();
  }

  @Override
  public Trial prepare(long ops) {
    long steps = ChainRingWorkload.stepsPerChain(ops);
    List<List<Cown<long[]>>> rings = new ArrayList<>();
    for (int r = 0; r < R; r++) {
      List<Cown<long[]>> ring = new ArrayList<>();
      for (int i = 0; i < S; i++) {
        ring.add(Cown.of(new long[1]));
      }
      rings.add(ring);
    }
    List<Chain> initial = ChainRingWorkload.newChains(steps);
    List<Cown<Chain>> chains = initial.stream().map(Cown::of).toList();
    int workUs = config.workUs();
    return new Trial() {
      private volatile boolean cancelled;
      private final Action.Of2<Cown<Chain>, List<Cown<long[]>>> step = this::step;

      private void schedule(Cown<Chain> state, Chain c) {
        List<Cown<long[]>> ring = rings.get(c.ring);
        List<Cown<long[]>> window = new ArrayList<>(G);
        for (int i = 0; i < G; i++) {
          window.add(ring.get((c.head + i) % S));
        }
        boc.run(state, Cown.group(window), step);
      }

      private void step(Cown<Chain> state, List<Cown<long[]>> window) {
        BusyWork.spin(workUs);
        for (Cown<long[]> slot : window) {
          slot.get()[0]++;
        }
        Chain c = state.get();
        if (c.advance() && !cancelled) {
          schedule(state, c);
        }
      }

      @Override
      public void start() {
        // Nothing holds the chains yet, so their first windows can be read here.
        for (int i = 0; i < chains.size(); i++) {
          schedule(chains.get(i), initial.get(i));
        }
      }

      @Override
      public boolean await(long timeoutNanos) throws InterruptedException {
        try {
          boc.quiesce(Duration.ofNanos(timeoutNanos));
          return true;
        } catch (TimeoutException e) {
          return false;
        }
      }

      @Override
      public void cancel() {
        cancelled = true;
      }

      @Override
      public long ops() {
        return steps * ChainRingWorkload.CHAINS;
      }

      @Override
      public String verify() throws Exception {
        List<Cown<long[]>> all = new ArrayList<>();
        rings.forEach(all::addAll);
        long bumps = boc.when(Cown.group(all), slots -> {
          long sum = 0;
          for (Cown<long[]> s : slots) {
            sum += s.get()[0];
          }
          return sum;
        }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        long expected = ops() * G;
        return bumps == expected ? null
            : "ring slots were bumped " + bumps + " times, expected " + expected;
      }

      @Override
      public Map<String, Object> params() {
        return ChainRingWorkload.params(steps);
      }
    };
  }

  @Override
  public void close() {
    boc.close();
  }
}
