package io.boc4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Measures read-only requests on a read-mostly workload (SPEC §2, read-only requests): the same
 * operations run as behaviours with read-only requests for the reads, as behaviours with every
 * request writable (what boc4j offered before), and on plain threads over one {@link
 * ReentrantReadWriteLock} per cown. A measurement, never a timed test; not a JUnit test.
 *
 * <p>Workload: {@code ops} operations over {@code cowns} cowns, each on one random cown; {@code
 * readPercent} of them read it and do {@code workMicros} of busy work with the value, the rest
 * increment it and do the same work. Behaviours are scheduled by one producer thread (fire and
 * forget) and the run ends at quiescence; the lock version runs {@code workers} threads, each doing
 * its share of the operations. Rounds are interleaved (each variant once per round, a fresh runtime
 * each time); the report gives the median, min and max throughput per variant.
 *
 * <p>Run: {@code java -cp core/target/classes:core/target/test-classes:<jctools.jar>
 * io.boc4j.ReadMostlyMeasure [workers=2] [ops=200000] [cowns=4] [workMicros=2] [readPercent=90]
 * [rounds=5]}. On a shared machine the figures are noisy: compare variants within one run.
 */
public final class ReadMostlyMeasure {

  private ReadMostlyMeasure() {}

  /** Keeps the sum of busy work observable, so the JIT cannot drop it. */
  private static volatile long sink;

  /**
   * Runs the measurement.
   *
   * @param args {@code [workers] [ops] [cowns] [workMicros] [readPercent] [rounds]}
   * @throws Exception if a run fails or times out
   */
  public static void main(String[] args) throws Exception {
    int workers = intArg(args, 0, 2);
    int ops = intArg(args, 1, 200_000);
    int cowns = intArg(args, 2, 4);
    int workMicros = intArg(args, 3, 2);
    int readPercent = intArg(args, 4, 90);
    int rounds = intArg(args, 5, 5);
    System.out.printf("read-mostly: %d workers, %,d ops on %d cowns, %d µs work, %d%% reads, %d"
        + " rounds%n", workers, ops, cowns, workMicros, readPercent, rounds);
    boolean[] reads = new boolean[ops];
    int[] targets = new int[ops];
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < ops; i++) {
      reads[i] = rnd.nextInt(100) < readPercent;
      targets[i] = rnd.nextInt(cowns);
    }
    String[] names = {"boc4j read-only", "boc4j writable", "ReentrantReadWriteLock"};
    List<List<Double>> results = new ArrayList<>();
    for (int v = 0; v < names.length; v++) {
      results.add(new ArrayList<>());
    }
    runBoc(workers, reads, targets, cowns, workMicros, true); // warm-up
    runBoc(workers, reads, targets, cowns, workMicros, false);
    runLocks(workers, reads, targets, cowns, workMicros);
    for (int r = 0; r < rounds; r++) {
      results.get(0).add(runBoc(workers, reads, targets, cowns, workMicros, true));
      results.get(1).add(runBoc(workers, reads, targets, cowns, workMicros, false));
      results.get(2).add(runLocks(workers, reads, targets, cowns, workMicros));
    }
    double base = median(results.get(2));
    for (int v = 0; v < names.length; v++) {
      List<Double> xs = results.get(v);
      System.out.printf("  %-24s median %,12.0f ops/s  (min %,.0f, max %,.0f)  %.2fx locks%n",
          names[v], median(xs), xs.stream().mapToDouble(d -> d).min().orElse(0),
          xs.stream().mapToDouble(d -> d).max().orElse(0), median(xs) / base);
    }
  }

  /** One boc4j run; returns operations per second. */
  private static double runBoc(int workers, boolean[] reads, int[] targets, int n, int workMicros,
      boolean readOnly) throws Exception {
    List<Cown<Long>> cs = new ArrayList<>();
    List<Cown<Long>> views = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Cown<Long> c = Cown.of(0L);
      cs.add(c);
      views.add(Cown.read(c));
    }
    try (Boc boc = Boc.builder().workers(workers).build()) {
      boc.start();
      long t0 = System.nanoTime();
      for (int i = 0; i < reads.length; i++) {
        if (reads[i]) {
          boc.run(readOnly ? views.get(targets[i]) : cs.get(targets[i]),
              v -> work(v.get(), workMicros));
        } else {
          boc.run(cs.get(targets[i]), x -> {
            x.set(x.get() + 1);
            work(x.get(), workMicros);
          });
        }
      }
      boc.quiesce(Duration.ofMinutes(5));
      return reads.length / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** One run on plain threads and read-write locks; returns operations per second. */
  private static double runLocks(int workers, boolean[] reads, int[] targets, int n,
      int workMicros) throws InterruptedException {
    ReentrantReadWriteLock[] locks = new ReentrantReadWriteLock[n];
    long[] values = new long[n]; // guarded by the lock of the same index
    for (int i = 0; i < n; i++) {
      locks[i] = new ReentrantReadWriteLock();
    }
    Thread[] ts = new Thread[workers];
    long t0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int from = (int) ((long) reads.length * w / workers);
      int to = (int) ((long) reads.length * (w + 1) / workers);
      ts[w] = new Thread(() -> {
        for (int i = from; i < to; i++) {
          ReentrantReadWriteLock lock = locks[targets[i]];
          if (reads[i]) {
            lock.readLock().lock();
            try {
              work(values[targets[i]], workMicros);
            } finally {
              lock.readLock().unlock();
            }
          } else {
            lock.writeLock().lock();
            try {
              values[targets[i]]++;
              work(values[targets[i]], workMicros);
            } finally {
              lock.writeLock().unlock();
            }
          }
        }
      }, "rwlock-" + w);
      ts[w].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    return reads.length / ((System.nanoTime() - t0) / 1e9);
  }

  /** Busy work for about {@code micros} µs that depends on {@code seed}. */
  private static void work(long seed, int micros) {
    long end = System.nanoTime() + micros * 1_000L;
    long x = seed;
    while (System.nanoTime() < end) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    if (x == 42) {
      sink = x;
    }
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(d -> d).toArray();
    Arrays.sort(a);
    return a.length == 0 ? 0 : a[a.length / 2];
  }

  private static int intArg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }
}
