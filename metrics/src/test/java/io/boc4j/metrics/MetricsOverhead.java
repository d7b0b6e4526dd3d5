package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * The {@code metrics} workload of SPEC section 8, small and standalone: the bank (accounts, transfers
 * between random distinct pairs, one behaviour each, scheduled by one plain thread) with no binder,
 * with {@link BocMetrics} bound but never scraped, bound with a Prometheus scrape every 100 ms, and
 * with sampled timers on top. The configurations are interleaved over the runs. A measurement, not a
 * test: nothing is asserted; the benchmark module owns the full suite.
 *
 * <p>For each configuration it prints transfers per second (median, min, max; wall time from the
 * first schedule to quiescence) and their ratio to the unbound run, and the median CPU time per
 * transfer of the scheduling thread and of the workers together, with the mean time of one scrape.
 * On a shared machine wall time suffers from preemption; per-thread CPU time much less so.
 *
 * <p>Usage: {@code MetricsOverhead [TRANSFERS [RUNS [WORKERS [ONE_IN]]]]}, default 1,000,000
 * transfers, 7 runs, 2 workers, sampled timers timing 1 behaviour in 100.
 */
public final class MetricsOverhead {

  private static final int ACCOUNTS = 64;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private enum Mode {
    UNBOUND("unbound"),
    IDLE("bound, never scraped"),
    BOUND("bound, scraped every 100 ms"),
    SAMPLED("bound + sampled timers, scraped");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  /** One run's figures. */
  private record Run(double perSecond, double producerCpuNanos, double workersCpuNanos,
      double scrapeMicros) {}

  private MetricsOverhead() {}

  /**
   * Runs the measurement and prints the table.
   *
   * @param args transfers per run, runs, workers, sampling rate
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--help")) {
      System.out.println("usage: MetricsOverhead [TRANSFERS [RUNS [WORKERS [ONE_IN]]]]");
      return;
    }
    int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int oneIn = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    for (Mode m : Mode.values()) {
      run(m, transfers / 5, workers, oneIn); // warm-up, not counted
    }
    List<List<Run>> results = new ArrayList<>();
    for (Mode m : Mode.values()) {
      results.add(new ArrayList<>());
    }
    for (int r = 0; r < runs; r++) {
      for (Mode m : Mode.values()) {
        results.get(m.ordinal()).add(run(m, transfers, workers, oneIn));
      }
    }
    double base = median(results.get(0), Run::perSecond);
    System.out.printf(Locale.ROOT, "bank, %d accounts, %d transfers per run, %d workers, %d runs,"
        + " sampled timers 1 in %d, JVM %s%n", ACCOUNTS, transfers, workers, runs, oneIn,
        System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%-34s %10s %10s %10s %6s %14s %13s %10s%n", "configuration",
        "median/s", "min/s", "max/s", "ratio", "producer ns/op", "workers ns/op", "scrape µs");
    for (Mode m : Mode.values()) {
      List<Run> xs = results.get(m.ordinal());
      double scrape = median(xs, Run::scrapeMicros);
      System.out.printf(Locale.ROOT, "%-34s %10.0f %10.0f %10.0f %6.3f %14.0f %13.0f %10s%n",
          m.label, median(xs, Run::perSecond), min(xs), max(xs),
          median(xs, Run::perSecond) / base, median(xs, Run::producerCpuNanos),
          median(xs, Run::workersCpuNanos),
          Double.isNaN(scrape) ? "-" : String.format(Locale.ROOT, "%.0f", scrape));
    }
  }

  /** One run, from the first schedule to quiescence. */
  private static Run run(Mode mode, int transfers, int workers, int oneIn) throws Exception {
    try (Boc boc = Boc.builder().name("bank").workers(workers).build()) {
      @SuppressWarnings("unchecked")
      Cown<long[]>[] accounts = new Cown[ACCOUNTS];
      for (int i = 0; i < ACCOUNTS; i++) {
        accounts[i] = Cown.of(new long[] {1_000});
      }
      boc.start();
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      BocMetrics metrics = null;
      if (mode != Mode.UNBOUND) {
        BocMetrics.Builder b = BocMetrics.builder(boc);
        if (mode == Mode.SAMPLED) {
          b.sampledTimers(oneIn);
        }
        metrics = b.build();
        metrics.bindTo(prometheus);
      }
      AtomicLong scrapeNanos = new AtomicLong();
      AtomicLong scrapes = new AtomicLong();
      Thread scraper = null;
      if (mode == Mode.BOUND || mode == Mode.SAMPLED) {
        scraper = new Thread(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            long t = System.nanoTime();
            prometheus.scrape();
            scrapeNanos.addAndGet(System.nanoTime() - t);
            scrapes.incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
          }
        }, "scraper");
        scraper.setDaemon(true);
        scraper.start();
      }
      long workersCpu = workersCpuNanos();
      long producerCpu = THREADS.getCurrentThreadCpuTime();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long start = System.nanoTime();
      for (int i = 0; i < transfers; i++) {
        int from = random.nextInt(ACCOUNTS);
        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        boc.run(accounts[from], accounts[to], (a, c) -> {
          a.get()[0] -= 1;
          c.get()[0] += 1;
        });
      }
      producerCpu = THREADS.getCurrentThreadCpuTime() - producerCpu;
      boc.quiesce(Duration.ofMinutes(5));
      double perSecond = transfers / ((System.nanoTime() - start) / 1e9);
      workersCpu = workersCpuNanos() - workersCpu;
      if (scraper != null) {
        scraper.interrupt();
        scraper.join();
      }
      if (metrics != null) {
        metrics.close();
      }
      return new Run(perSecond, producerCpu / (double) transfers, workersCpu / (double) transfers,
          scrapes.get() == 0 ? Double.NaN : scrapeNanos.get() / 1e3 / scrapes.get());
    }
  }

  /** CPU time of the runtime's worker threads so far (they are named bank-worker-N). */
  private static long workersCpuNanos() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("bank-worker-")) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] xs = runs.stream().mapToDouble(f).sorted().toArray();
    int n = xs.length;
    return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
  }

  private static double min(List<Run> runs) {
    return Collections.min(runs.stream().map(Run::perSecond).toList());
  }

  private static double max(List<Run> runs) {
    return Collections.max(runs.stream().map(Run::perSecond).toList());
  }
}
