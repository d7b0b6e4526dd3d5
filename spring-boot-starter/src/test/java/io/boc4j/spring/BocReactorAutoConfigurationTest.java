package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.boc4j.PumpLimits;
import io.boc4j.reactor.BocReactor;
import io.boc4j.reactor.PumpDriver;
import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/** B01: the Reactor bridge with Reactor on the class path, and the pump driver when enabled. */
@Timeout(30)
class BocReactorAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withPropertyValues("boc4j.workers=2")
      .withConfiguration(AutoConfigurations.of(
          BocAutoConfiguration.class, BocReactorAutoConfiguration.class));

  @Test
  void aBridgeOverTheRuntime() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(BocReactor.class).doesNotHaveBean(PumpDriver.class);
      BocReactor bridge = context.getBean(BocReactor.class);
      assertThat(bridge.boc()).isSameAs(context.getBean(Boc.class));
      Cown<Integer> c = Cown.of(20);
      assertThat(bridge.mono(c, x -> x.get() + 22).block(Duration.ofSeconds(10))).isEqualTo(42);
    });
  }

  @Test
  void contextPropagationFromProperties() {
    ThreadLocal<String> tenant = new ThreadLocal<>();
    String key = "boc4j.spring.test.tenant";
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(key, tenant::get, tenant::set, tenant::remove);
    try {
      Cown<Integer> c = Cown.of(0);
      runner.withPropertyValues("boc4j.reactor.propagate-context=true").run(context ->
          assertThat(context.getBean(BocReactor.class).mono(c, x -> tenant.get())
              .contextWrite(Context.of(key, "acme"))
              .block(Duration.ofSeconds(10))).isEqualTo("acme"));
      runner.run(context ->
          assertThat(context.getBean(BocReactor.class).mono(c, x -> tenant.get())
              .contextWrite(Context.of(key, "acme"))
              .block(Duration.ofSeconds(10))).as("off by default").isNull());
    } finally {
      ContextRegistry.getInstance().removeThreadLocalAccessor(key);
    }
  }

  @Test
  void noBridgeWithoutReactor() {
    runner.withClassLoader(new FilteredClassLoader("reactor.core")).run(context ->
        assertThat(context).hasSingleBean(Boc.class).doesNotHaveBean(BocReactor.class));
  }

  @Test
  void noBridgeWithoutASingleRuntime() {
    runner.withUserConfiguration(TwoRuntimes.class).run(context ->
        assertThat(context).doesNotHaveBean(BocReactor.class));
  }

  @Test
  void theApplicationsOwnBridgeReplacesIt() {
    runner.withUserConfiguration(OwnBridge.class).run(context -> {
      assertThat(context).hasSingleBean(BocReactor.class);
      assertThat(context.getBean(BocReactor.class)).isSameAs(context.getBean("ownBridge"));
    });
  }

  @Test
  void thePumpDriverRunsPinnedWorkOnItsThreadWhenEnabled() {
    runner.withPropertyValues("boc4j.name=ui", "boc4j.pump.enabled=true", "boc4j.pump.period=5ms",
            "boc4j.pump.max-behaviours=8")
        .run(context -> {
          assertThat(context).hasSingleBean(PumpDriver.class);
          BocReactor bridge = context.getBean(BocReactor.class);
          PinnedCown<StringBuilder> pinned = PinnedCown.of(new StringBuilder());
          String thread = bridge.mono(pinned, p -> Thread.currentThread().getName())
              .block(Duration.ofSeconds(10));
          assertThat(thread).isEqualTo("boc4j-pump-ui");
          PumpLimits perTick = context.getBean(BocPumpProperties.class).perTick();
          assertThat(perTick.maxBehaviours()).hasValue(8);
          assertThat(perTick.deadline()).as("half the period").contains(Duration.ofNanos(2_500_000));
        });
  }

  @Test
  void thePumpDriverPumpsOnTheSchedulerBeanWhenThereIsOne() {
    runner.withPropertyValues("boc4j.pump.enabled=true", "boc4j.pump.period=5ms")
        .withUserConfiguration(OwnPumpScheduler.class)
        .run(context -> {
          String thread = context.getBean(BocReactor.class)
              .mono(PinnedCown.of(1), p -> Thread.currentThread().getName())
              .block(Duration.ofSeconds(10));
          assertThat(thread).startsWith("ui-thread");
        });
  }

  @Test
  void thePumpDriverIsDisposedWithTheContextAfterTheRuntimeClosed() {
    PumpDriver[] driver = new PumpDriver[1];
    Boc[] boc = new Boc[1];
    runner.withPropertyValues("boc4j.pump.enabled=true").run(context -> {
      driver[0] = context.getBean(PumpDriver.class);
      boc[0] = context.getBean(Boc.class);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> boc[0].mainThread().thread().isPresent());
    });
    assertThat(boc[0].isClosed()).isTrue();
    assertThat(driver[0].isDisposed()).isTrue();
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoRuntimes {
    @Bean
    Boc first() {
      return Boc.builder().workers(1).build();
    }

    @Bean
    Boc second() {
      return Boc.builder().workers(1).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBridge {
    @Bean
    BocReactor ownBridge(Boc boc) {
      return BocReactor.builder(boc).propagateContext(true).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnPumpScheduler {
    @Bean(name = BocReactorAutoConfiguration.PUMP_SCHEDULER, destroyMethod = "dispose")
    Scheduler uiThread() {
      return Schedulers.newSingle("ui-thread");
    }
  }
}
