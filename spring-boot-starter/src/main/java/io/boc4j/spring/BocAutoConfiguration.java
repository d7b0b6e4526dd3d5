package io.boc4j.spring;

import io.boc4j.Boc;
import io.boc4j.BocListener;
import io.boc4j.StarvationHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a boc4j runtime: a {@link Boc} built from the {@code boc4j.*} properties ({@link
 * BocProperties}), and a {@link BocLifecycle} that starts it with the application context and closes
 * it after the web server has shut down gracefully.
 *
 * <ul>
 *   <li>{@link Boc} (bean {@code boc}), unless the application defines its own. Every {@link
 *       BocListener} bean is added as a listener, a {@link StarvationHandler} bean becomes the pump
 *       watchdog's sink (when a {@code boc4j.pump-watchdog} threshold is set), and every {@link
 *       BocBuilderCustomizer} bean customizes the builder last, in order.
 *   <li>{@link BocLifecycle} (bean {@code bocLifecycle}) for the single {@code Boc} bean, whichever
 *       defined it, unless the application defines its own.
 * </ul>
 */
@AutoConfiguration
@EnableConfigurationProperties(BocProperties.class)
public final class BocAutoConfiguration {

  /** Instantiated by Spring. */
  BocAutoConfiguration() {}

  /**
   * The runtime, built from the properties. It starts with the context ({@link BocLifecycle}) and
   * is closed with it.
   *
   * @param properties the {@code boc4j.*} properties
   * @param listeners listener beans, added in order
   * @param onStarve the watchdog's sink, if the application defines one
   * @param customizers builder customizers, applied last, in order
   * @return the runtime
   */
  @Bean
  @ConditionalOnMissingBean
  Boc boc(BocProperties properties, ObjectProvider<BocListener> listeners,
      ObjectProvider<StarvationHandler> onStarve, ObjectProvider<BocBuilderCustomizer> customizers) {
    Boc.Builder builder = properties.applyTo(Boc.builder());
    listeners.orderedStream().forEach(builder::listener);
    BocProperties.PumpWatchdog watchdog = properties.pumpWatchdog();
    if (watchdog.enabled()) {
      builder.pumpWatchdog(watchdog.warn(), watchdog.raise(), onStarve.getIfUnique());
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * Starts the runtime with the context and closes it on shutdown, after the web server.
   *
   * @param boc the runtime (the single {@code Boc} bean)
   * @param properties the {@code boc4j.*} properties (for the shutdown timeout of a pause)
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnSingleCandidate(Boc.class)
  @ConditionalOnMissingBean
  BocLifecycle bocLifecycle(Boc boc, BocProperties properties) {
    return new BocLifecycle(boc, properties.shutdownTimeout());
  }
}
