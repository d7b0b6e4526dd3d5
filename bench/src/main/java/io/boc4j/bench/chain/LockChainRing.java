package io.boc4j.bench.chain;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.LaunchedTrial;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import io.boc4j.bench.chain.ChainRingWorkload.Chain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The chain ring with one {@link ReentrantLock} per ring slot on W platform threads, the bank's
 * ordered-lock shape: thread j owns the chains whose index is j modulo W and steps them in turn,
 * each step taking its window's two locks in slot-index order (the window that wraps round the ring
 * takes slot 0 first), working, bumping both slots and advancing. A chain's state is touched only by
 * its own thread, so it needs no lock; chains of one ring on different threads contend where their
 * windows meet, as in boc4j. Unlike {@code fjp}, it excludes, and unlike boc4j it schedules nothing:
 * a step is a call, not a task.
 */
final class LockChainRing implements Session {

  private static final int R = ChainRingWorkload.RINGS;
  private static final int S = ChainRingWorkload.RING_SIZE;
  private static final int G = ChainRingWorkload.GROUP;

  private final Config config;
  private final FixedThreads threads;

  LockChainRing(Config config) {
    if (G != 2) {
      throw new IllegalStateException("the lock peer takes a window of two slots, not " + G);
    }
    this.config = config;
    this.threads = new FixedThreads(config.workers(), "chain-locks-");
  }

  /** One trial's ring slots: their values and their locks. */
  private static final class Rings {
    final long[][] slots = new long[R][S];
    final ReentrantLock[][] locks = new ReentrantLock[R][S];

    Rings() {
      for (int r = 0; r < R; r++) {
        for (int i = 0; i < S; i++) {
          locks[r][i] = new ReentrantLock();
        }
      }
    }

    /** One step of {@code c}: its window's locks in index order, the work, both slots bumped. */
    void step(Chain c, int workUs) {
      int a = c.head;
      int b = (a + 1) % S;
      ReentrantLock first = locks[c.ring][Math.min(a, b)];
      ReentrantLock second = locks[c.ring][Math.max(a, b)];
      first.lock();
      try {
        second.lock();
        try {
          BusyWork.spin(workUs);
          slots[c.ring][a]++;
          slots[c.ring][b]++;
        } finally {
          second.unlock();
        }
      } finally {
        first.unlock();
      }
    }
  }

  @Override
  public Trial prepare(long ops) {
    long steps = ChainRingWorkload.stepsPerChain(ops);
    List<Chain> chains = ChainRingWorkload.newChains(steps);
    Rings rings = new Rings();
    int w = config.workers();
    int workUs = config.workUs();
    AtomicBoolean cancelled = new AtomicBoolean();
    FixedThreads.Launch launch = threads.launch(j -> {
      List<Chain> own = new ArrayList<>();
      for (int i = j; i < chains.size(); i += w) {
        own.add(chains.get(i));
      }
      // Round-robin over the thread's chains, one step each, until all are done.
      boolean more = true;
      for (long round = 0; more; round++) {
        more = false;
        for (Chain c : own) {
          if (c.remaining > 0) {
            rings.step(c, workUs);
            more |= c.advance();
          }
        }
        if ((round & 255) == 0 && cancelled.get()) {
          return;
        }
      }
    });
    long total = steps * ChainRingWorkload.CHAINS;
    return new LaunchedTrial(launch, cancelled) {
      @Override
      public long ops() {
        return total;
      }

      @Override
      public String verify() {
        String failure = threadFailure("a chain thread");
        if (failure != null) {
          return failure;
        }
        String steps = ChainRingWorkload.checkSteps(chains, total);
        if (steps != null) {
          return steps;
        }
        long bumps = 0;
        for (long[] ring : rings.slots) {
          for (long slot : ring) {
            bumps += slot;
          }
        }
        return ChainRingWorkload.checkBumps(bumps, total);
      }

      @Override
      public Map<String, Object> params() {
        return ChainRingWorkload.params(steps);
      }
    };
  }

  @Override
  public void close() {
    threads.close();
  }
}
