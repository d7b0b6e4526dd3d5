package io.boc4j.samples.service;

import io.boc4j.Boc;
import io.boc4j.metrics.BocMetrics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The service's Prometheus registry: the runtime's meters ({@link BocMetrics}), the JVM's (memory,
 * GC, threads, class loading, CPU, uptime) and Reactor Netty's (HTTP server requests, data, connections,
 * buffer allocator). Reactor Netty records into Micrometer's global registry, so this registry is
 * added to the global composite while the service runs and removed at {@link #close()}: two services
 * running in one JVM at once would see each other's HTTP meters, and Reactor Netty registers some
 * gauges (allocator, event loops) only once per JVM, so a service started after another in the same
 * JVM may lack them.
 *
 * <p>Threading: any thread.
 */
final class ServiceMetrics implements AutoCloseable {

  /** The content type of a Prometheus text scrape. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BocMetrics bocMetrics;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Binds every meter of {@code boc} and of the JVM, and starts receiving Reactor Netty's. */
  ServiceMetrics(Boc boc) {
    bocMetrics = new BocMetrics(boc);
    bocMetrics.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Metrics.addRegistry(registry);
  }

  /** Every meter in the Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }

  /** Stops receiving Reactor Netty's meters and releases the binders. Idempotent. */
  @Override
  public void close() {
    Metrics.removeRegistry(registry);
    gc.close();
    bocMetrics.close();
    registry.close();
  }
}
