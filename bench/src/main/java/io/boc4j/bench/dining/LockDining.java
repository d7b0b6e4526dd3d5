package io.boc4j.bench.dining;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.LaunchedTrial;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dining philosophers with a {@link ReentrantLock} per fork on W platform threads. Thread t serves
 * the philosophers at positions t, t+W, t+2W, ... of the start order, one meal each in turn, until
 * they have all eaten H times; a meal locks the lower-numbered fork first.
 */
final class LockDining implements Session {

  private final Config config;
  private final FixedThreads threads;

  LockDining(Config config) {
    this.config = config;
    this.threads = new FixedThreads(config.workers(), "dining-locks-");
  }

  @Override
  public Trial prepare(long ops) {
    int hunger = DiningWorkload.hunger(ops);
    int n = DiningWorkload.PHILOSOPHERS;
    ReentrantLock[] locks = new ReentrantLock[n];
    long[] uses = new long[n]; // guarded by the fork's lock
    for (int i = 0; i < n; i++) {
      locks[i] = new ReentrantLock();
    }
    int[] order = DiningWorkload.startOrder(config.variant());
    int w = config.workers();
    int workUs = config.workUs();
    AtomicBoolean cancelled = new AtomicBoolean();
    FixedThreads.Launch launch = threads.launch(t -> {
      int[] mine = new int[(n - t + w - 1) / w];
      for (int k = t, m = 0; k < n; k += w) {
        mine[m++] = order[k];
      }
      for (int meal = 0; meal < hunger && !cancelled.get(); meal++) {
        for (int p : mine) {
          int left = p;
          int right = (p + 1) % n;
          ReentrantLock first = locks[Math.min(left, right)];
          ReentrantLock second = locks[Math.max(left, right)];
          first.lock();
          try {
            second.lock();
            try {
              uses[left]++;
              uses[right]++;
              BusyWork.spin(workUs);
            } finally {
              second.unlock();
            }
          } finally {
            first.unlock();
          }
        }
      }
    });
    return new LaunchedTrial(launch, cancelled) {
      @Override
      public long ops() {
        return (long) hunger * n;
      }

      @Override
      public String verify() {
        String failure = threadFailure("a thread");
        if (failure != null) {
          return failure;
        }
        return DiningWorkload.checkUses(uses, hunger);
      }

      @Override
      public Map<String, Object> params() {
        return Map.of("philosophers", n, "hunger", hunger);
      }
    };
  }

  @Override
  public void close() {
    threads.close();
  }
}
