package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code metrics} workload of SPEC section 8, small and standalone: the bank (accounts, transfers
 * between random distinct pairs, one behaviour each, scheduled by one plain thread) with no binder,
 * with {@link BocMetrics} bound but never scraped, bound with a Prometheus scrape every 100 ms, and
 * with sampled timers (1 in 100) on top. Prints transfers per second per configuration (median, min, max over the runs, the
 * configurations interleaved) and the ratios to the unbound run. A measurement, not a test: nothing
 * is asserted. The benchmark module owns the full suite.
 *
 * <p>Usage: {@code MetricsOverhead [TRANSFERS [RUNS [WORKERS [ONE_IN]]]]}, default 1,000,000
 * transfers, 7 runs, 2 workers, sampled timers timing 1 behaviour in 100.
 */
public final class MetricsOverhead {

  private static final int ACCOUNTS = 64;

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

  /** Total time spent scraping, and scrapes, per configuration: what the scraper thread costs. */
  private static final long[] SCRAPE_NANOS = new long[Mode.values().length];
  private static final long[] SCRAPES = new long[Mode.values().length];

  private MetricsOverhead() {}

  /**
   * Runs the measurement and prints the table.
   *
   * @param args transfers per run, runs, workers
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
    List<List<Double>> results = new ArrayList<>();
    for (Mode m : Mode.values()) {
      results.add(new ArrayList<>());
    }
    for (int r = 0; r < runs; r++) {
      for (Mode m : Mode.values()) {
        results.get(m.ordinal()).add(run(m, transfers, workers, oneIn));
      }
    }
    double base = median(results.get(0));
    System.out.printf(Locale.ROOT, "bank, %d accounts, %d transfers per run, %d workers, %d runs,"
        + " sampled timers 1 in %d, JVM %s%n", ACCOUNTS, transfers, workers, runs, oneIn,
        System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%-40s %12s %12s %12s %8s %12s%n", "configuration",
        "median/s", "min/s", "max/s", "ratio", "scrape µs");
    for (Mode m : Mode.values()) {
      List<Double> xs = results.get(m.ordinal());
      int i = m.ordinal();
      System.out.printf(Locale.ROOT, "%-40s %12.0f %12.0f %12.0f %8.3f %12s%n", m.label,
          median(xs), Collections.min(xs), Collections.max(xs), median(xs) / base,
          SCRAPES[i] == 0 ? "-" : String.format(Locale.ROOT, "%.0f",
              SCRAPE_NANOS[i] / 1e3 / SCRAPES[i]));
    }
  }

  /** One run: transfers per second from the first schedule to quiescence. */
  private static double run(Mode mode, int transfers, int workers, int oneIn) throws Exception {
    try (Boc boc = Boc.builder().name("bank").workers(workers).build()) {
      @SuppressWarnings("unchecked")
      Cown<long[]>[] accounts = new Cown[ACCOUNTS];
      for (int i = 0; i < ACCOUNTS; i++) {
        accounts[i] = Cown.of(new long[] {1_000});
      }
      boc.start();
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      BocMetrics metrics = null;
      Thread scraper = null;
      if (mode != Mode.UNBOUND) {
        BocMetrics.Builder b = BocMetrics.builder(boc);
        if (mode == Mode.SAMPLED) {
          b.sampledTimers(oneIn);
        }
        metrics = b.build();
        metrics.bindTo(prometheus);
      }
      if (mode == Mode.BOUND || mode == Mode.SAMPLED) {
        int slot = mode.ordinal();
        scraper = new Thread(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            long t = System.nanoTime();
            prometheus.scrape();
            SCRAPE_NANOS[slot] += System.nanoTime() - t; // this thread only; read after join
            SCRAPES[slot]++;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
          }
        }, "scraper");
        scraper.setDaemon(true);
        scraper.start();
      }
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
      boc.quiesce(Duration.ofMinutes(5));
      double perSecond = transfers / ((System.nanoTime() - start) / 1e9);
      if (scraper != null) {
        scraper.interrupt();
        scraper.join();
      }
      if (metrics != null) {
        metrics.close();
      }
      return perSecond;
    }
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
