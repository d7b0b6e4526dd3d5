package io.boc4j.spring;

import io.boc4j.Boc;
import io.boc4j.reactor.BocReactor;
import io.boc4j.reactor.PumpDriver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Auto-configures the Reactor bridge when Project Reactor is on the class path and there is a single
 * {@link Boc} bean.
 *
 * <ul>
 *   <li>{@link BocReactor} (bean {@code bocReactor}) from {@code boc4j.reactor.*} ({@link
 *       BocReactorProperties}), unless the application defines its own.
 *   <li>With {@code boc4j.pump.enabled=true}: a started {@link PumpDriver} (bean {@code
 *       bocPumpDriver}) from {@code boc4j.pump.*} ({@link BocPumpProperties}), unless the application
 *       defines its own. It pumps on the scheduler bean named {@value #PUMP_SCHEDULER} if there is
 *       one (a UI thread, an event loop), else on a dedicated thread; its thread becomes the
 *       runtime's main thread. It is disposed when the context's beans are destroyed, after the
 *       runtime has stopped, so pinned work in flight at shutdown is still pumped.
 * </ul>
 */
@AutoConfiguration(after = BocAutoConfiguration.class)
@ConditionalOnClass({BocReactor.class, Mono.class})
@ConditionalOnSingleCandidate(Boc.class)
@EnableConfigurationProperties({BocReactorProperties.class, BocPumpProperties.class})
public final class BocReactorAutoConfiguration {

  /**
   * The name of the optional {@link Scheduler} bean the pump driver pumps on; its thread becomes the
   * runtime's main thread, so it must keep one thread (single-threaded, an event loop, a UI thread).
   */
  public static final String PUMP_SCHEDULER = "boc4jPumpScheduler";

  /** Instantiated by Spring. */
  BocReactorAutoConfiguration() {}

  /**
   * The bridge over the runtime.
   *
   * @param boc the runtime
   * @param properties the {@code boc4j.reactor.*} properties
   * @return the bridge
   */
  @Bean
  @ConditionalOnMissingBean
  BocReactor bocReactor(Boc boc, BocReactorProperties properties) {
    return BocReactor.builder(boc)
        .propagateContext(properties.propagateContext())
        .receivePoll(properties.receivePoll())
        .build();
  }

  /**
   * The pump driver, started.
   *
   * @param bridge the bridge
   * @param properties the {@code boc4j.pump.*} properties
   * @param scheduler the scheduler bean named {@value #PUMP_SCHEDULER}, if any
   * @return the running driver
   */
  @Bean(destroyMethod = "dispose")
  @ConditionalOnBooleanProperty("boc4j.pump.enabled")
  @ConditionalOnMissingBean
  PumpDriver bocPumpDriver(BocReactor bridge, BocPumpProperties properties,
      @Qualifier(PUMP_SCHEDULER) ObjectProvider<Scheduler> scheduler) {
    PumpDriver.Builder driver = bridge.pumpDriver(properties.period())
        .perTick(properties.perTick())
        .stopOnError(properties.stopOnError());
    scheduler.ifAvailable(driver::on);
    return driver.start();
  }
}
