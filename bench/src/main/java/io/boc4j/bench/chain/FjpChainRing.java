package io.boc4j.bench.chain;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import io.boc4j.bench.chain.ChainRingWorkload.Chain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

/**
 * The chain ring as raw {@link ForkJoinPool} tasks: each step is a task that does the work, bumps
 * the window's slots and forks the chain's next step. There is no exclusion between chains whose
 * windows meet (the slot bumps may race and are not checked): this is the floor of what scheduling
 * one step after another costs on this JVM, not an equivalent program.
 */
final class FjpChainRing implements Session {

  private final Config config;
  private final ForkJoinPool pool;

  FjpChainRing(Config config) {
    this.config = config;
    // asyncMode: FIFO local queues, the mode meant for event-style tasks that are never joined.
    this.pool = new ForkJoinPool(config.workers(), ForkJoinPool.defaultForkJoinWorkerThreadFactory,
        null, true);
  }

  @Override
  public Trial prepare(long ops) {
    long steps = ChainRingWorkload.stepsPerChain(ops);
    long[][] rings = new long[ChainRingWorkload.RINGS][ChainRingWorkload.RING_SIZE];
    List<Chain> chains = ChainRingWorkload.newChains(steps);
    CountDownLatch done = new CountDownLatch(chains.size());
    int workUs = config.workUs();
    return new Trial() {
      private volatile boolean cancelled;

      final class Step extends RecursiveAction {
        private final Chain chain;

        Step(Chain chain) {
          this.chain = chain;
        }

        @Override
        protected void compute() {
          BusyWork.spin(workUs);
          long[] ring = rings[chain.ring];
          for (int i = 0; i < ChainRingWorkload.GROUP; i++) {
            ring[(chain.head + i) % ChainRingWorkload.RING_SIZE]++;
          }
          if (chain.advance() && !cancelled) {
            new Step(chain).fork();
          } else {
            done.countDown();
          }
        }
      }

      @Override
      public void start() {
        for (Chain c : chains) {
          pool.execute(new Step(c));
        }
      }

      @Override
      public boolean await(long timeoutNanos) throws InterruptedException {
        return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
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
      public String verify() {
        return ChainRingWorkload.checkSteps(chains, ops());
      }

      @Override
      public Map<String, Object> params() {
        return ChainRingWorkload.params(steps);
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }
}
