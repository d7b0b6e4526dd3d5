package io.boc4j.bench.chain;

import io.boc4j.Action;
import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.bench.BocSession;
import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.chain.ChainRingWorkload.Chain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The chain ring on boc4j: each step is one behaviour over the chain's state cown and a group. */
public final class BocChainRing extends BocSession {

  private static final int R = ChainRingWorkload.RINGS;
  private static final int S = ChainRingWorkload.RING_SIZE;
  private static final int G = ChainRingWorkload.GROUP;

  private final Config config;

  BocChainRing(Config config) {
    this(config, "chain-boc4j-");
  }

  /**
   * The chain ring on boc4j, for reuse: the pinned overlay workload runs it beside a pinned
   * behaviour.
   *
   * @param config the configuration
   * @param threadNamePrefix the worker threads' name prefix
   */
  public BocChainRing(Config config, String threadNamePrefix) {
    super(config.workers(), threadNamePrefix);
    this.config = config;
  }

  /** @return the runtime the ring runs on */
  public Boc boc() {
    return boc;
  }

  @Override
  public Run prepare(long ops) {
    return new Run(ops);
  }

  /**
   * One run of the ring. {@link #await} waits for quiescence; a caller that keeps other work in
   * flight (the pinned overlay) polls {@link #finished()} instead.
   */
  public final class Run extends QuiescingTrial {
    private final long steps;
    private final List<List<Cown<long[]>>> rings = new ArrayList<>();
    private final List<Chain> initial;
    private final List<Cown<Chain>> chains;
    private final AtomicInteger chainsLeft;
    private final int workUs = config.workUs();
    private final Action.Of2<Cown<Chain>, List<Cown<long[]>>> step = this::step;

    Run(long ops) {
      steps = ChainRingWorkload.stepsPerChain(ops);
      for (int r = 0; r < R; r++) {
        List<Cown<long[]>> ring = new ArrayList<>();
        for (int i = 0; i < S; i++) {
          ring.add(Cown.of(new long[1]));
        }
        rings.add(ring);
      }
      initial = ChainRingWorkload.newChains(steps);
      chains = initial.stream().map(Cown::of).toList();
      chainsLeft = new AtomicInteger(chains.size());
    }

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
      } else {
        chainsLeft.decrementAndGet();
      }
    }

    @Override
    public void start() {
      // Nothing holds the chains yet, so their first windows can be read here.
      for (int i = 0; i < chains.size(); i++) {
        schedule(chains.get(i), initial.get(i));
      }
    }

    /**
     * Whether every chain has run its last step (its body has returned or is returning; {@link
     * Boc#quiesce} then returns promptly).
     *
     * @return true once all chains are done
     */
    public boolean finished() {
      return chainsLeft.get() == 0;
    }

    @Override
    public long ops() {
      return steps * ChainRingWorkload.CHAINS;
    }

    @Override
    public String verify() throws Exception {
      List<Cown<long[]>> all = new ArrayList<>();
      rings.forEach(all::addAll);
      long bumps = result(boc.when(Cown.group(all), slots -> {
        long sum = 0;
        for (Cown<long[]> s : slots) {
          sum += s.get()[0];
        }
        return sum;
      }));
      return ChainRingWorkload.checkBumps(bumps, ops());
    }

    @Override
    public Map<String, Object> params() {
      return ChainRingWorkload.params(steps);
    }
  }
}
