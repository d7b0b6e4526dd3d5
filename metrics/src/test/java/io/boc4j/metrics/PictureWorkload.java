package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Message;
import io.boc4j.PinnedCown;
import io.boc4j.PumpStarvationException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The small workload behind the dashboard picture: a bank whose transfers sometimes fail, a pinned UI
 * cown pumped every 20 ms by its own main thread, noticeboard writes, an audit mailbox drained more
 * slowly than it fills, and in phases a burst past the back-pressure limit, a pump stall that trips
 * the watchdog, and a waitAll/restart from 2 to 3 workers. Prometheus scrapes it at a fixed period.
 * Not a test and not a benchmark: it exists to make every panel move.
 */
final class PictureWorkload {

  private static final int ACCOUNTS = 64;

  private final long lengthNanos;
  private final long start = System.nanoTime();
  private final Boc boc = Boc.builder().name("bank").workers(2).backPressureLimit(4_096)
      .noticeboardCapacity(48).pumpWatchdog(Duration.ofMillis(250), Duration.ofSeconds(1),
          (severity, message) -> { }) // counted by the metrics; nobody to tell here
      .build();
  private final PinnedCown<long[]> frames = PinnedCown.of(new long[1]);
  private volatile boolean done;
  private volatile boolean producerFinished;

  private PictureWorkload(Duration length) {
    this.lengthNanos = length.toNanos();
  }

  /**
   * Runs the workload for {@code length}, scraping every {@code every}.
   *
   * @return the scrapes
   */
  static ScrapeSeries run(Duration length, Duration every) throws Exception {
    return new PictureWorkload(length).scrapeWhileRunning(every);
  }

  private ScrapeSeries scrapeWhileRunning(Duration every) throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BocMetrics metrics = BocMetrics.builder(boc).sampledTimers(20).build();
    metrics.bindTo(prometheus);
    Thread producer = new Thread(this::produce, "producer");
    List<Thread> threads = List.of(producer, new Thread(this::pumpLoop, "ui"),
        new Thread(this::audit, "auditor"));
    threads.forEach(Thread::start);
    ScrapeSeries series = new ScrapeSeries();
    long next = start;
    while (System.nanoTime() - start < lengthNanos) {
      series.add((System.nanoTime() - start) / 1e9, prometheus.scrape());
      next += every.toNanos();
      LockSupport.parkNanos(next - System.nanoTime());
    }
    done = true;
    producer.join(); // its final waitAll needs the ui thread to keep pumping until then
    producerFinished = true;
    for (Thread t : threads) {
      t.join();
    }
    metrics.close();
    return series;
  }

  private double phase() {
    return (System.nanoTime() - start) / (double) lengthNanos;
  }

  /** The main thread: pumps every 20 ms, except for a stall of 1.6 s at 45 % of the run. */
  private void pumpLoop() {
    boc.mainThread().bind();
    boolean stalled = false;
    while (!producerFinished) {
      if (!stalled && phase() > 0.45) {
        stalled = true;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1_600));
      }
      try {
        boc.mainThread().pump();
      } catch (PumpStarvationException e) {
        // counted as a watchdog raise; the next pump proceeds
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    boc.close();
  }

  /** Transfers at a rate that swells and ebbs, a burst at 30 %, a restart at 60 %. */
  private void produce() {
    @SuppressWarnings("unchecked")
    Cown<Long>[] accounts = new Cown[ACCOUNTS];
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = Cown.of(5_000L);
    }
    boc.start();
    boolean burst = false;
    boolean restarted = false;
    long n = 0;
    while (!done) {
      double p = phase();
      if (!burst && p > 0.30) {
        burst = true;
        boc.run(Cown.of(0), c -> fanOut(13)); // bodies that schedule two each: muted when over
        for (int i = 0; i < 60_000 && !done; i++) { // a plain thread past the limit: it waits
          transfer(accounts, n++);
        }
      }
      if (!restarted && p > 0.60) {
        restarted = true;
        try {
          boc.waitAll(Duration.ofSeconds(30)); // the ui thread pumps the pinned work meanwhile
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        boc.start(3);
      }
      double perSecond = 12_000 * (0.6 + 0.4 * Math.sin(2 * Math.PI * p * 3));
      for (int i = 0; i < perSecond / 100; i++) {
        transfer(accounts, n++);
      }
      if (n % 20 == 0) {
        boc.mailbox().send("transfer", n);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    try {
      boc.waitAll(Duration.ofSeconds(30));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void transfer(Cown<Long>[] accounts, long n) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int from = r.nextInt(ACCOUNTS);
    int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    long amount = 1 + r.nextInt(150);
    boc.when(accounts[from], accounts[to], (a, b) -> { // a failure lands on the unread result
      spin(5_000);
      if (a.get() < amount) {
        boc.mailbox().send("failure", from);
        throw new IllegalStateException("insufficient funds in account " + from);
      }
      a.set(a.get() - amount);
      b.set(b.get() + amount);
      if (n % 50 == 0) {
        try {
          boc.noticeboard().write("acct-" + to, b.get());
        } catch (IllegalStateException full) {
          // counted as a rejected write: the board holds 48 keys, the bank 64 accounts
        }
      }
      if (n % 200 == 0) {
        boc.run(frames, f -> f.get()[0]++); // a frame for the UI, run by the main thread
      }
      return null;
    });
  }

  private void fanOut(int depth) {
    spin(2_000);
    if (depth > 0) {
      boc.run(Cown.of(depth), c -> fanOut(depth - 1));
      boc.run(Cown.of(depth), c -> fanOut(depth - 1));
    }
  }

  /** Drains the audit tags at most about 400 messages a second. */
  private void audit() {
    while (!done) {
      Message m = boc.mailbox().receive(List.of("failure", "transfer"), Duration.ofMillis(50));
      if (!m.isTimeout()) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(2_500));
      }
    }
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
