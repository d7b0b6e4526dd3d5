package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.ResultCown;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * What the metrics tests share: runtimes and binders closed after each test, a registry, and reads of
 * meters by name and tags.
 */
abstract class MetricsTestSupport {

  /** How long a test waits for something that must happen. */
  static final Duration WAIT = Duration.ofSeconds(10);

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** A runtime named {@code name} with {@code workers} workers, closed after the test. */
  Boc newBoc(String name, int workers) {
    Boc boc = Boc.builder().name(name).workers(workers).shutdownTimeout(Duration.ofSeconds(5))
        .build();
    toClose.add(boc);
    return boc;
  }

  /** Closes {@code c} after the test, before whatever was registered earlier. */
  <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  /** A binder that reads afresh at every meter read, bound to {@link #registry}. */
  BocMetrics bindFresh(Boc boc) {
    BocMetrics m = closing(BocMetrics.builder(boc).snapshotMaxAge(Duration.ZERO).build());
    m.bindTo(registry);
    return m;
  }

  /** Reads every meter of {@code r} once, as a scrape does (which also registers new meters). */
  static void scrape(MeterRegistry r) {
    for (Meter m : r.getMeters()) {
      m.measure().forEach(x -> x.getValue());
    }
  }

  /** The value of the counter {@code name} of runtime {@code boc}, with extra tags. */
  double counter(Boc boc, String name, String... tags) {
    return registry.get(name).tags(runtime(boc, tags)).functionCounter().count();
  }

  /** The value of the gauge {@code name} of runtime {@code boc}, with extra tags. */
  double gauge(Boc boc, String name, String... tags) {
    return registry.get(name).tags(runtime(boc, tags)).gauge().value();
  }

  /** The value of the time gauge {@code name} of runtime {@code boc}, in seconds. */
  double seconds(Boc boc, String name) {
    return registry.get(name).tags(runtime(boc)).timeGauge().value(TimeUnit.SECONDS);
  }

  static Tags runtime(Boc boc, String... tags) {
    return Tags.of(MeterSpec.RUNTIME, boc.name()).and(tags);
  }

  /** A result, waited for on the test thread. */
  static <T> T valueOf(ResultCown<T> r) throws Exception {
    return r.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
