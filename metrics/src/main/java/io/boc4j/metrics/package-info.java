/**
 * Micrometer metrics for boc4j runtimes: {@link io.boc4j.metrics.BocMetrics}, a {@code MeterBinder}
 * over {@link io.boc4j.Boc#stats()}, and a Grafana dashboard over its meters (the classpath resource
 * {@value io.boc4j.metrics.BocMetrics#DASHBOARD_RESOURCE}). Uses core's public API only.
 */
package io.boc4j.metrics;
