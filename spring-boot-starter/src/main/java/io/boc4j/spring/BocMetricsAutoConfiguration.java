package io.boc4j.spring;

import io.boc4j.Boc;
import io.boc4j.metrics.BocMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the Micrometer binder when Micrometer is on the class path, the application has a
 * {@link MeterRegistry} (Spring Boot's metrics auto-configuration makes one, for example with
 * Actuator) and a single {@link Boc} bean.
 *
 * <ul>
 *   <li>{@link BocMetrics} (bean {@code bocMetrics}) from {@code boc4j.metrics.*} ({@link
 *       BocMetricsProperties}), unless the application defines its own. It is a {@code MeterBinder},
 *       so Spring Boot binds it to every registry: the {@code boc4j.*} meters show at {@code
 *       /actuator/metrics} and {@code /actuator/prometheus}. Closing the context removes them.
 * </ul>
 */
@AutoConfiguration(
    after = BocAutoConfiguration.class,
    // By name: these live in spring-boot-micrometer-metrics, which this starter does not need.
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({BocMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(Boc.class)
@EnableConfigurationProperties(BocMetricsProperties.class)
public final class BocMetricsAutoConfiguration {

  /** Instantiated by Spring. */
  BocMetricsAutoConfiguration() {}

  /**
   * The binder of the runtime's meters.
   *
   * @param boc the runtime
   * @param properties the {@code boc4j.metrics.*} properties
   * @return the binder, not yet bound (Spring Boot binds every {@code MeterBinder} bean)
   */
  @Bean
  @ConditionalOnMissingBean
  BocMetrics bocMetrics(Boc boc, BocMetricsProperties properties) {
    BocMetrics.Builder metrics = BocMetrics.builder(boc)
        .mailboxTagLimit(properties.mailboxTagLimit())
        .snapshotMaxAge(properties.snapshotMaxAge())
        .timerPercentiles(properties.timerPercentiles().stream().mapToDouble(Double::doubleValue)
            .toArray())
        .timerPercentileHistogram(properties.timerPercentileHistogram());
    if (properties.sampledTimers() != null) {
      metrics.sampledTimers(properties.sampledTimers());
    }
    return metrics.build();
  }
}
