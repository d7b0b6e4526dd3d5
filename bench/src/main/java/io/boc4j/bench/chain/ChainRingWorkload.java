package io.boc4j.bench.chain;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bocpy's chain-ring runtime benchmark: R rings of S cowns; C chains per ring, spread evenly around
 * it. Each chain repeatedly acquires its state plus a sliding window of G adjacent ring cowns, does U
 * us of work, bumps every slot in the window, advances its head by one and reschedules itself. Chains
 * on one ring contend when their windows meet. One operation is one chain step (one behaviour).
 *
 * <p>Sizes are fixed (R = 8, S = 128, C = 8, G = 2: 64 chains, independent of W), so one and two
 * workers run the same workload.
 *
 * <p>Peers: raw {@link java.util.concurrent.ForkJoinPool} tasks doing the same hand-offs (every step
 * forks the next step as a new task) with no exclusion at all: the scheduling floor; and one {@link
 * java.util.concurrent.locks.ReentrantLock} per ring slot on W threads that each step their own
 * chains in turn, taking a window's two locks in index order: exclusion without scheduling.
 */
public final class ChainRingWorkload extends AbstractWorkload {

  static final int RINGS = 8;
  static final int RING_SIZE = 128;
  static final int CHAINS_PER_RING = 8;
  static final int GROUP = 2;
  static final int CHAINS = RINGS * CHAINS_PER_RING;

  /** The chain ring on boc4j, on ordered locks and on raw ForkJoinPool tasks. */
  public ChainRingWorkload() {
    super("chain", "steps/s", 20_000_000, impl("boc4j", BocChainRing::new),
        impl("locks", LockChainRing::new), impl("fjp", FjpChainRing::new));
  }

  @Override
  public String description() {
    return """
      bocpy's chain ring: 8 rings of 128 cowns, 8 chains per ring; \
      each step acquires the chain's state and a window of 2 adjacent ring cowns, works U µs and \
      reschedules itself one slot on. Peers: `locks`, one `ReentrantLock` per slot, W threads each \
      stepping its own chains in turn and taking a window's two locks in index order (exclusion, no \
      scheduling); `fjp`, raw `ForkJoinPool` tasks forking the next step, with no exclusion at all \
      (the scheduling floor).""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return workByWorkers(d, null, null);
  }

  /** Steps per chain for a requested total. */
  static long stepsPerChain(long ops) {
    return Math.max(1, ops / CHAINS);
  }

  /** Every chain's initial state, ring by ring, chain k of a ring starting at slot k*S/C. */
  static List<Chain> newChains(long steps) {
    List<Chain> chains = new ArrayList<>();
    for (int r = 0; r < RINGS; r++) {
      for (int k = 0; k < CHAINS_PER_RING; k++) {
        chains.add(new Chain(r, k * (RING_SIZE / CHAINS_PER_RING), steps));
      }
    }
    return chains;
  }

  /**
   * The check every implementation's trial makes of its chains: together they took {@code ops}
   * steps.
   *
   * @return null if they did, else what went wrong
   */
  static String checkSteps(List<Chain> chains, long ops) {
    long taken = 0;
    for (Chain c : chains) {
      taken += c.steps;
    }
    return taken == ops ? null : "chains took " + taken + " steps, expected " + ops;
  }

  /**
   * The check of the ring slots an excluding implementation makes: each of {@code ops} steps bumped
   * every slot of its window once, none lost to a race.
   *
   * @return null if the bumps add up, else what went wrong
   */
  static String checkBumps(long bumps, long ops) {
    long expected = ops * GROUP;
    return bumps == expected ? null
        : "ring slots were bumped " + bumps + " times, expected " + expected;
  }

  /** The sizes reported with each record. */
  static Map<String, Object> params(long stepsPerChain) {
    return Map.of("rings", RINGS, "ringSize", RING_SIZE, "chainsPerRing", CHAINS_PER_RING,
        "group", GROUP, "stepsPerChain", stepsPerChain);
  }

  /** One chain's state: its ring, its head and how many steps remain. */
  static final class Chain {
    final int ring;
    int head;
    long remaining;
    long steps;

    Chain(int ring, int head, long remaining) {
      this.ring = ring;
      this.head = head;
      this.remaining = remaining;
    }

    /** Advances the head by one slot; returns whether another step is due. */
    boolean advance() {
      steps++;
      head = (head + 1) % RING_SIZE;
      return --remaining > 0;
    }
  }
}
