package io.boc4j.samples.service;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drives the service with random transfers between distinct accounts over HTTP: at most {@code
 * concurrency} requests in flight, until {@code requests} were sent or {@code duration} passed,
 * whichever comes first (requests in flight then still finish). Latency percentiles come from a
 * Micrometer {@link Timer}.
 *
 * <p>Threading: {@link #run} on a plain thread (it waits for the run to end).
 */
final class LoadGenerator {

  /**
   * One transfer sent and how it was answered.
   *
   * @param from paying account
   * @param to receiving account
   * @param amount amount asked for
   * @param status the HTTP status, or 0 if no response came
   */
  record Sent(long from, long to, long amount, int status) {}

  /**
   * How hard to drive.
   *
   * @param requests the most transfers to send
   * @param duration the longest to keep sending
   * @param concurrency the most requests in flight at once
   * @param maxAmount amounts are uniform in {@code [1, maxAmount]}
   * @param seed seeds the choice of accounts and amounts
   */
  record Settings(long requests, Duration duration, int concurrency, long maxAmount, long seed) {}

  private final BankClient client;
  private final List<Long> accounts;

  /** A generator of transfers among {@code accounts} (at least two ids) through {@code client}. */
  LoadGenerator(BankClient client, List<Long> accounts) {
    if (accounts.size() < 2) {
      throw new IllegalArgumentException("a transfer needs two accounts, got " + accounts);
    }
    this.client = client;
    this.accounts = List.copyOf(accounts);
  }

  /**
   * Runs the load and reports it.
   *
   * @param s how hard to drive
   * @param observer sees every transfer and its answer, on a client event-loop thread
   * @return the counts, rate and latency
   */
  LoadReport run(Settings s, Consumer<Sent> observer) {
    return run(s, observer, Mono.never());
  }

  /**
   * Runs the load, also ending it early when {@code stop} signals (requests in flight still finish).
   *
   * @param s how hard to drive
   * @param observer sees every transfer and its answer, on a client event-loop thread
   * @param stop any signal from it stops sending
   * @return the counts, rate and latency
   */
  LoadReport run(Settings s, Consumer<Sent> observer, Publisher<?> stop) {
    Timer latency = Timer.builder("bank.load.latency")
        .publishPercentiles(0.5, 0.99)
        .percentilePrecision(2)
        // One window for the whole run, so the percentiles cover every request.
        .distributionStatisticBufferLength(1)
        .distributionStatisticExpiry(Duration.ofDays(1))
        .register(new SimpleMeterRegistry());
    LongAdder[] byOutcome = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
        new LongAdder()};
    LongAdder sent = new LongAdder();
    long start = System.nanoTime();
    Flux.<Sent, SplittableRandom>generate(() -> new SplittableRandom(s.seed()), (random, sink) -> {
      sink.next(randomTransfer(random, s.maxAmount()));
      return random;
    })
        .take(s.requests())
        .take(s.duration())
        .takeUntilOther(stop)
        .flatMap(t -> send(t, latency), s.concurrency())
        .doOnNext(answered -> {
          sent.increment();
          byOutcome[outcome(answered.status())].increment();
          observer.accept(answered);
        })
        .blockLast(s.duration().plusMinutes(1));
    long nanos = System.nanoTime() - start;
    return new LoadReport(sent.sum(), byOutcome[0].sum(), byOutcome[1].sum(), byOutcome[2].sum(),
        byOutcome[3].sum(), byOutcome[4].sum(), nanos, percentile(latency, 0.5),
        percentile(latency, 0.99));
  }

  private Sent randomTransfer(SplittableRandom random, long maxAmount) {
    int n = accounts.size();
    int from = random.nextInt(n);
    int to = (from + 1 + random.nextInt(n - 1)) % n; // any account but `from`
    return new Sent(accounts.get(from), accounts.get(to), 1 + random.nextLong(maxAmount), 0);
  }

  private Mono<Sent> send(Sent t, Timer latency) {
    return Mono.defer(() -> {
      Timer.Sample sample = Timer.start();
      return client.transfer(t.from(), t.to(), t.amount())
          .map(r -> {
            sample.stop(latency);
            return new Sent(t.from(), t.to(), t.amount(), r.status());
          })
          .onErrorResume(noAnswer -> Mono.just(t)); // status 0: refused or closed connection
    });
  }

  /** 0 applied, 1 insufficient funds, 2 shutting down, 3 anything else, 4 no answer. */
  private static int outcome(int status) {
    return switch (status) {
      case 200 -> 0;
      case 409 -> 1;
      case 503 -> 2;
      case 0 -> 4;
      default -> 3;
    };
  }

  private static double percentile(Timer timer, double p) {
    for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }
}
