package io.boc4j.bench.metrics;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import io.boc4j.bench.bank.BocBank;
import java.util.List;

/**
 * SPEC section 8's {@code metrics}: what observing a runtime costs. The {@code bank} workload's boc4j
 * implementation, unchanged (verona-rt's shape: A accounts, W self-rescheduling tellers, three
 * behaviours per transaction; see {@link io.boc4j.bench.bank.BankWorkload}), run twice:
 *
 * <ul>
 *   <li>{@code boc4j}: the plain bank, nothing bound;
 *   <li>{@code boc4j+metrics}: the same bank with {@code io.boc4j.metrics.BocMetrics} (its defaults:
 *       no sampled timers, statistics snapshots reused for up to 1 s) bound to a Prometheus registry
 *       that a separate thread scrapes every {@value Scraper#PERIOD_MS} ms for the whole fork, as a
 *       Prometheus server would; the scraping thread's CPU and allocation count against the bank.
 * </ul>
 *
 * One operation is one transaction; the ratio boc4j+metrics ÷ boc4j is the price of observing.
 * Verification: the bank's own (the total is conserved), and a scrape after each run shows the
 * runtime's completed-behaviours counter. Default A = 36 only, W 1 and 2, U 0 and 10; runs with the
 * bank's {@code -Xmx2g}.
 */
public final class MetricsWorkload extends AbstractWorkload {

  /** The bank unobserved, and observed through Micrometer with a scrape every 100 ms. */
  public MetricsWorkload() {
    super("metrics", "tx/s", 10_000_000, impl("boc4j", BocBank::new),
        impl("boc4j+metrics", ObservedBank::new));
  }

  /** {@inheritDoc} Both: the same bank on boc4j, observed or not. */
  @Override
  public boolean runsOnBoc4j(String impl) {
    return true;
  }

  @Override
  public List<Integer> defaultAccounts(boolean quick) {
    return List.of(36);
  }

  @Override
  public List<String> jvmOptions() {
    return List.of("-Xmx2g");
  }

  @Override
  public String description() {
    return """
      the `bank` workload's boc4j implementation (A accounts, W \
      tellers, 3 behaviours per transaction), plain (`boc4j`) and with `BocMetrics` bound to a \
      Prometheus registry that another thread scrapes every 100 ms (`boc4j+metrics`; the binder's \
      defaults: no sampled timers, statistics read at most once a second). The scraping thread's \
      CPU and allocation count against the bank: boc4j+metrics ÷ boc4j is the price of \
      observing.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return workByWorkersPerAccounts(d);
  }
}
