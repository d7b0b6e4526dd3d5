package io.boc4j.bench.metrics;

import io.boc4j.bench.Config;
import io.boc4j.bench.Trial;
import io.boc4j.bench.bank.BocBank;
import io.boc4j.metrics.BocMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The boc4j bank observed: {@link BocMetrics} bound to a Prometheus registry when the cell opens, and
 * a {@link Scraper} scraping it every 100 ms until the cell closes. Each run is the bank's own trial;
 * afterwards a scrape must show the runtime's completed-behaviours counter.
 */
final class ObservedBank extends BocBank {

  /** The series every scrape of a bound runtime shows. */
  static final String COMPLETED_SERIES = "boc4j_completed_behaviours_total{";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BocMetrics metrics = new BocMetrics(boc);
  private final Scraper scraper = new Scraper(registry);

  ObservedBank(Config config) {
    super(config);
    metrics.bindTo(registry);
    scraper.start();
  }

  @Override
  public Trial prepare(long ops) {
    return new ObservedTrial(super.prepare(ops));
  }

  /** Stops scraping, unbinds the meters and closes the runtime. */
  @Override
  public void close() {
    try {
      scraper.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      metrics.close();
      registry.close();
      super.close();
    }
  }

  /** The bank's trial, with the scrapes made during it and a check of the last. */
  private final class ObservedTrial implements Trial {
    private final Trial bank;
    private long scrapesAtStart;
    private long nanosAtStart;
    private long scrapes;
    private long nanos;

    ObservedTrial(Trial bank) {
      this.bank = bank;
    }

    @Override
    public void start() throws Exception {
      scrapesAtStart = scraper.scrapes();
      nanosAtStart = scraper.scrapeNanos();
      bank.start();
    }

    @Override
    public boolean await(long timeoutNanos) throws Exception {
      boolean done = bank.await(timeoutNanos);
      scrapes = scraper.scrapes() - scrapesAtStart;
      nanos = scraper.scrapeNanos() - nanosAtStart;
      return done;
    }

    @Override
    public void cancel() {
      bank.cancel();
    }

    @Override
    public long ops() {
      return bank.ops();
    }

    @Override
    public String verify() throws Exception {
      String problem = bank.verify();
      if (problem != null) {
        return problem;
      }
      return registry.scrape().contains(COMPLETED_SERIES) ? null
          : "a scrape after the run does not show " + COMPLETED_SERIES + "...}";
    }

    @Override
    public Map<String, Object> params() {
      Map<String, Object> m = new LinkedHashMap<>(bank.params());
      m.put("scrapes", scrapes);
      if (scrapes > 0) {
        m.put("scrapeMillisMean",
            Double.valueOf(String.format(Locale.ROOT, "%.3f", nanos / 1e6 / scrapes)));
      }
      return m;
    }

    @Override
    public Map<String, Object> facts() {
      return bank.facts();
    }
  }
}
