package io.boc4j.bench.fanout;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fan-out / fan-in as raw {@link ForkJoinPool} tasks: a {@link CountedCompleter} per round forks N
 * children; the last child to finish runs the round's completion (the join), which forks the next
 * round.
 */
final class FjpFanOut implements Session {

  private static final int N = FanOutWorkload.WIDTH;

  private final Config config;
  private final ForkJoinPool pool;

  FjpFanOut(Config config) {
    this.config = config;
    this.pool = new ForkJoinPool(config.workers(), ForkJoinPool.defaultForkJoinWorkerThreadFactory,
        null, true);
  }

  @Override
  public Trial prepare(long ops) {
    int rounds = FanOutWorkload.rounds(ops);
    int workUs = config.workUs();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    int[] badSums = new int[1]; // written by the joins, which run one after another

    /** One fanned-out task: the work, then its value into the round's results. */
    final class Child extends CountedCompleter<Void> {
      private final long[] results;
      private final int index;

      Child(CountedCompleter<?> round, long[] results, int index) {
        super(round);
        this.results = results;
        this.index = index;
      }

      @Override
      public void compute() {
        BusyWork.spin(workUs);
        results[index] = FanOutWorkload.value(index);
        tryComplete();
      }
    }

    final class Round extends CountedCompleter<Void> {
      private final int roundsLeft;
      private final long[] results = new long[N];

      Round(int roundsLeft) {
        this.roundsLeft = roundsLeft;
      }

      @Override
      public void compute() {
        setPendingCount(N);
        for (int i = 0; i < N; i++) {
          new Child(this, results, i).fork();
        }
        tryComplete();
      }

      @Override
      public void onCompletion(CountedCompleter<?> caller) {
        long sum = 0;
        for (long r : results) {
          sum += r;
        }
        if (sum != FanOutWorkload.roundSum()) {
          badSums[0]++;
        }
        if (roundsLeft > 1 && !done.isDone()) {
          new Round(roundsLeft - 1).fork();
        } else {
          done.complete(badSums[0]);
        }
      }
    }

    return new Trial() {
      @Override
      public void start() {
        pool.execute(new Round(rounds));
      }

      @Override
      public boolean await(long timeoutNanos) throws Exception {
        try {
          done.get(timeoutNanos, TimeUnit.NANOSECONDS);
          return true;
        } catch (TimeoutException e) {
          return false;
        }
      }

      @Override
      public void cancel() {
        done.complete(-1);
      }

      @Override
      public long ops() {
        return (long) rounds * N;
      }

      @Override
      public String verify() {
        int bad = done.join();
        return bad == 0 ? null : bad + " joins saw a wrong sum";
      }

      @Override
      public Map<String, Object> params() {
        return FanOutWorkload.params(rounds);
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }
}
