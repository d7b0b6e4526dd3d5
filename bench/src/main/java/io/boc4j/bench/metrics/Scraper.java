package io.boc4j.bench.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread that scrapes a Prometheus registry every {@value #PERIOD_MS} ms, as a Prometheus server
 * would, from its start until {@link #stop()}: started when a cell opens and stopped when it closes,
 * so that it runs through every timed run (and its allocation is counted there). Counts the scrapes
 * and their time; any thread may read the counts.
 */
final class Scraper {

  /** The scrape interval. */
  static final long PERIOD_MS = 100;

  private final PrometheusMeterRegistry registry;
  private final Thread thread;
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong scrapeNanos = new AtomicLong();
  private volatile boolean stopped;

  Scraper(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.thread = new Thread(this::loop, "metrics-scraper");
    thread.setDaemon(true);
  }

  /** Starts scraping at once, then every period. */
  void start() {
    thread.start();
  }

  private void loop() {
    long next = System.nanoTime();
    while (!stopped) {
      long t = System.nanoTime();
      registry.scrape();
      scrapeNanos.addAndGet(System.nanoTime() - t);
      scrapes.incrementAndGet();
      next += TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
      long wait;
      while (!stopped && (wait = next - System.nanoTime()) > 0) {
        LockSupport.parkNanos(this, wait);
      }
    }
  }

  /** @return scrapes so far */
  long scrapes() {
    return scrapes.get();
  }

  /** @return time spent scraping so far, in nanoseconds */
  long scrapeNanos() {
    return scrapeNanos.get();
  }

  /**
   * Stops the thread and waits up to 5 s for it to end.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void stop() throws InterruptedException {
    stopped = true;
    LockSupport.unpark(thread);
    thread.join(5_000);
  }
}
