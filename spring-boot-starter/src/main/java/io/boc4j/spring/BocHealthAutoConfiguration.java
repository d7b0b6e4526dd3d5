package io.boc4j.spring;

import io.boc4j.Boc;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures a health indicator for the runtime when Spring Boot's health support is on the
 * class path (Actuator brings it) and there is a single {@link Boc} bean.
 *
 * <ul>
 *   <li>{@link BocHealthIndicator} (bean {@code boc4jHealthIndicator}, contributor {@code boc4j}),
 *       unless the application defines a bean of that name, or sets {@code
 *       management.health.boc4j.enabled=false}.
 * </ul>
 */
@AutoConfiguration(after = BocAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
public final class BocHealthAutoConfiguration {

  /** Instantiated by Spring. */
  BocHealthAutoConfiguration() {}

  // Nested: its conditions name classes of Boot's health support, and are only read once the class
  // condition above has found them.
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(Boc.class)
  @ConditionalOnEnabledHealthIndicator("boc4j")
  static class IndicatorConfiguration {

    /**
     * The health indicator, shown as {@code boc4j} at {@code /actuator/health}.
     *
     * @param boc the runtime
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "boc4jHealthIndicator")
    BocHealthIndicator boc4jHealthIndicator(Boc boc) {
      return new BocHealthIndicator(boc);
    }
  }
}
