package io.boc4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures what a high-rate pinned overlay costs the workers (SPEC §5, §8 "pinned overlay"; F21: a
 * measurement, never a timed test). Not a JUnit test.
 *
 * <p>Workload: the chain ring on 2 workers — {@code rings} rings of {@code ringSize} cowns; on each
 * ring {@code chainsPerRing} chains, each repeatedly acquiring a sliding window of 2 adjacent cowns
 * and rescheduling itself one step further, for a fixed time. The overlay adds one self-rescheduling
 * pinned behaviour that the main thread pumps with {@code maxBehaviours = 1} at {@code rateHz};
 * without it the main thread just sleeps. Runs are interleaved (baseline, overlay, overlay,
 * baseline, ...) on a fresh runtime each; the report gives the median, min and max worker throughput
 * of each and the delta of the medians.
 *
 * <p>Run: {@code java -cp core/target/classes:core/target/test-classes:<jctools.jar>
 * io.boc4j.PinnedOverlayMeasure [seconds=2] [runs=5] [rateHz=1000]}.
 */
public final class PinnedOverlayMeasure {

  private static final int WORKERS = 2;
  private static final int RINGS = 8;
  private static final int RING_SIZE = 8;
  private static final int CHAINS_PER_RING = 2;

  private PinnedOverlayMeasure() {}

  /** One chain: its step count is written only by its own (serialised) behaviours. */
  private static final class Chain {
    long steps;
  }

  private static final class Run {
    final double workerOpsPerSec;
    final double workerOpsPerCpuSec;
    final double mainCpuShare;
    final long pinnedRuns;
    final double pumpMicros;
    final double workerCpuShare;
    final long parks;

    Run(double workerOpsPerSec, double workerOpsPerCpuSec, double mainCpuShare, long pinnedRuns,
        double pumpMicros, double workerCpuShare, long parks) {
      this.pumpMicros = pumpMicros;
      this.workerCpuShare = workerCpuShare;
      this.parks = parks;
      this.workerOpsPerSec = workerOpsPerSec;
      this.workerOpsPerCpuSec = workerOpsPerCpuSec;
      this.mainCpuShare = mainCpuShare;
      this.pinnedRuns = pinnedRuns;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Total CPU time of this runtime's worker threads (the runtime's threads are named so). */
  private static long workerCpuNanos() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("-worker-")) {
        long c = THREADS.getThreadCpuTime(t.getId());
        sum += Math.max(0, c);
      }
    }
    return sum;
  }

  private static volatile boolean stop;

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rateHz = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    long windowNanos = (long) (seconds * 1e9);
    System.out.printf("chain ring: %d workers, %d rings x %d cowns, %d chains/ring, window 2;"
            + " %.1f s per run, %d runs each, overlay pumped at %d Hz with maxBehaviours=1%n",
        WORKERS, RINGS, RING_SIZE, CHAINS_PER_RING, seconds, runs, rateHz);
    once(false, windowNanos, rateHz); // warm-up, both shapes
    once(true, windowNanos, rateHz);
    List<Double> base = new ArrayList<>();
    List<Double> overlay = new ArrayList<>();
    List<Double> pairedDelta = new ArrayList<>();
    List<Double> baseCpu = new ArrayList<>();
    List<Double> overlayCpu = new ArrayList<>();
    List<Double> mainShare = new ArrayList<>();
    List<Double> pumpMicros = new ArrayList<>();
    long pinned = 0;
    for (int r = 0; r < runs; r++) {
      boolean overlayFirst = (r & 1) == 1;
      for (int k = 0; k < 2; k++) {
        boolean withOverlay = overlayFirst == (k == 0);
        Run run = once(withOverlay, windowNanos, rateHz);
        (withOverlay ? overlay : base).add(run.workerOpsPerSec);
        (withOverlay ? overlayCpu : baseCpu).add(run.workerOpsPerCpuSec);
        if (withOverlay) {
          mainShare.add(run.mainCpuShare);
          pumpMicros.add(run.pumpMicros);
        }
        pinned += run.pinnedRuns;
        if (k == 1) { // this round's two runs ran back to back: their ratio cancels slow drift
          pairedDelta.add(100 * (overlay.get(r) / base.get(r) - 1));
        }
        System.out.printf("  run %d %-8s %,14.0f worker behaviours/s %,14.0f per worker-CPU-s"
                + "  workers busy %5.1f %% of 2 cores, %,7d parks%s%n", r,
            withOverlay ? "overlay" : "baseline", run.workerOpsPerSec, run.workerOpsPerCpuSec,
            100 * run.workerCpuShare / WORKERS, run.parks,
            withOverlay ? String.format("  (%,d pinned behaviours)", run.pinnedRuns) : "");
      }
    }
    double mb = median(base);
    double mo = median(overlay);
    System.out.printf("baseline median %,.0f/s (min %,.0f, max %,.0f)%n", mb, min(base), max(base));
    System.out.printf("overlay  median %,.0f/s (min %,.0f, max %,.0f); pinned %,.0f/s%n",
        mo, min(overlay), max(overlay), pinned / (runs * seconds));
    System.out.printf("delta of medians: %+.2f %%; median of paired deltas: %+.2f %%"
            + " (min %+.2f, max %+.2f); baseline spread %.2f %%; load average %.2f%n",
        100 * (mo - mb) / mb, median(pairedDelta), min(pairedDelta), max(pairedDelta),
        100 * (max(base) - min(base)) / mb,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    double mbc = median(baseCpu);
    double moc = median(overlayCpu);
    System.out.printf("per worker-CPU-second: baseline median %,.0f (min %,.0f, max %,.0f),"
            + " overlay median %,.0f (min %,.0f, max %,.0f): delta %+.2f %%%n",
        mbc, min(baseCpu), max(baseCpu), moc, min(overlayCpu), max(overlayCpu),
        100 * (moc - mbc) / mbc);
    System.out.printf("main thread CPU for the overlay: median %.3f %% of one core"
            + " (%.3f %% of the %d workers' cores)%n",
        100 * median(mainShare), 100 * median(mainShare) / WORKERS, WORKERS);
    System.out.printf("pump(null, 1, false) wall time per call: median %.2f us (min %.2f, max %.2f);"
            + " the rest of the main thread's CPU is the %d Hz sleep/wake-up%n",
        median(pumpMicros), min(pumpMicros), max(pumpMicros), rateHz);
    System.out.printf("{\"workload\":\"pinned overlay\",\"impl\":\"boc4j\",\"workers\":%d,"
            + "\"runs\":%d,\"rateHz\":%d,\"baselineMedian\":%.0f,\"overlayMedian\":%.0f,"
            + "\"deltaPercent\":%.3f,\"pairedDeltaPercent\":%.3f,"
            + "\"unit\":\"behaviours/s\",\"jvm\":\"%s\"}%n",
        WORKERS, runs, rateHz, mb, mo, 100 * (mo - mb) / mb, median(pairedDelta),
        System.getProperty("java.version"));
  }

  private static Run once(boolean withOverlay, long windowNanos, int rateHz) throws Exception {
    stop = false;
    Boc boc = Boc.builder().workers(WORKERS).build();
    try {
      boc.start();
      List<Chain> chains = new ArrayList<>();
      for (int r = 0; r < RINGS; r++) {
        List<Cown<long[]>> ring = new ArrayList<>();
        for (int i = 0; i < RING_SIZE; i++) {
          ring.add(Cown.of(new long[1]));
        }
        for (int c = 0; c < CHAINS_PER_RING; c++) {
          Chain chain = new Chain();
          chains.add(chain);
          step(boc, ring, chain, c * RING_SIZE / CHAINS_PER_RING);
        }
      }
      PinnedCown<long[]> p = PinnedCown.of(new long[1]);
      if (withOverlay) {
        spin(boc, p);
      }
      long period = TimeUnit.SECONDS.toNanos(1) / rateHz;
      long pumpNanos = 0;
      long pumps = 0;
      long cpu0 = workerCpuNanos();
      long mainCpu0 = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long end = start + windowNanos;
      if (withOverlay) {
        long next = start;
        for (long now = start; now < end; now = System.nanoTime()) {
          boc.mainThread().pump(PumpLimits.maxBehaviours(1));
          pumpNanos += System.nanoTime() - now;
          pumps++;
          next += period;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
      } else {
        for (long now = start; now < end; now = System.nanoTime()) {
          LockSupport.parkNanos(end - now);
        }
      }
      stop = true;
      long stopped = System.nanoTime();
      long cpuStopped = workerCpuNanos();
      long parks = 0;
      for (WorkerStats ws : boc.workerStats()) {
        parks += ws.parked();
      }
      long mainCpu = THREADS.getCurrentThreadCpuTime() - mainCpu0;
      boc.quiesce(Duration.ofSeconds(30)); // pumps the overlay's last step on this thread
      long total = 0;
      for (Chain c : chains) {
        total += c.steps; // published by quiesce
      }
      ResultCown<Long> pinnedRuns = boc.when(p, c -> c.get()[0]);
      boc.quiesce(Duration.ofSeconds(30));
      long pr = pinnedRuns.toCompletionStage().toCompletableFuture().get();
      double wall = (stopped - start) / 1e9;
      return new Run(total / wall, total / ((cpuStopped - cpu0) / 1e9), mainCpu / 1e9 / wall, pr,
          pumps == 0 ? 0 : pumpNanos / 1e3 / pumps, (cpuStopped - cpu0) / 1e9 / wall, parks);
    } finally {
      boc.close();
    }
  }

  /** One step of a chain: holds cowns i and i+1 of its ring, then reschedules itself at i+1. */
  private static void step(Boc boc, List<Cown<long[]>> ring, Chain chain, int i) {
    Cown<long[]> a = ring.get(i);
    Cown<long[]> b = ring.get((i + 1) % ring.size());
    boc.run(a, b, (x, y) -> {
      x.get()[0]++;
      y.get()[0]++;
      chain.steps++;
      if (!stop) {
        step(boc, ring, chain, (i + 1) % ring.size());
      }
    });
  }

  /** The overlay: a pinned behaviour that reschedules itself until stopped. */
  private static void spin(Boc boc, PinnedCown<long[]> p) {
    boc.run(p, c -> {
      c.get()[0]++;
      if (!stop) {
        spin(boc, p);
      }
    });
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  private static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
