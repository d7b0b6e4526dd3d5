package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.metrics.BocMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** B01, B03: the Micrometer binder when Micrometer and a registry exist. */
@Timeout(30)
class BocMetricsAutoConfigurationTest {

  private final ApplicationContextRunner withRegistry = new ApplicationContextRunner()
      .withPropertyValues("boc4j.workers=2", "boc4j.name=bank")
      .withConfiguration(AutoConfigurations.of(
          BocAutoConfiguration.class, BocMetricsAutoConfiguration.class,
          MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class));

  @Test
  void theRuntimesMetersAreBoundToTheRegistry() {
    withRegistry.run(context -> {
      assertThat(context).hasSingleBean(BocMetrics.class);
      Boc boc = context.getBean(Boc.class);
      Cown<Integer> c = Cown.of(0);
      for (int i = 0; i < 10; i++) {
        boc.run(c, x -> x.set(x.get() + 1));
      }
      boc.quiesce(Duration.ofSeconds(10));
      FunctionCounter completed = context.getBean(MeterRegistry.class)
          .get("boc4j.completed").tag("runtime", "bank").functionCounter();
      assertThat(completed.count()).isGreaterThanOrEqualTo(10);
    });
  }

  @Test
  void sampledTimersFromProperties() {
    withRegistry.withPropertyValues("boc4j.metrics.sampled-timers=1",
            "boc4j.metrics.timer-percentiles=0.5,0.99")
        .run(context -> {
          Boc boc = context.getBean(Boc.class);
          boc.when(Cown.of(1), x -> x.get()).toCompletionStage().toCompletableFuture()
              .get();
          boc.quiesce(Duration.ofSeconds(10));
          Timer run = context.getBean(MeterRegistry.class).get("boc4j.behaviour.run").timer();
          assertThat(run.count()).isGreaterThanOrEqualTo(1);
          assertThat(context.getBean(BocMetricsProperties.class).timerPercentiles())
              .containsExactly(0.5, 0.99);
        });
  }

  @Test
  void noBinderWithoutAMeterRegistry() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(
            BocAutoConfiguration.class, BocMetricsAutoConfiguration.class))
        .run(context ->
            assertThat(context).hasSingleBean(Boc.class).doesNotHaveBean(BocMetrics.class));
  }

  @Test
  void noBinderWithoutMicrometer() {
    // Without Micrometer, Boot's metrics auto-configuration is off too: only boc4j's is given here.
    new ApplicationContextRunner()
        .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
        .withConfiguration(AutoConfigurations.of(
            BocAutoConfiguration.class, BocMetricsAutoConfiguration.class))
        .run(context ->
            assertThat(context).hasSingleBean(Boc.class).doesNotHaveBean(BocMetrics.class));
  }

  @Test
  void theApplicationsOwnBinderReplacesIt() {
    withRegistry.withUserConfiguration(OwnBinder.class).run(context -> {
      assertThat(context).hasSingleBean(BocMetrics.class);
      assertThat(context.getBean(BocMetrics.class)).isSameAs(context.getBean("ownMetrics"));
    });
  }

  @Test
  void closingTheContextRemovesTheMeters() {
    MeterRegistry[] registry = new MeterRegistry[1];
    withRegistry.run(context -> {
      registry[0] = context.getBean(MeterRegistry.class);
      assertThat(registry[0].find("boc4j.scheduled").meters()).isNotEmpty();
    });
    assertThat(registry[0].find("boc4j.scheduled").meters()).isEmpty();
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBinder {
    @Bean
    BocMetrics ownMetrics(Boc boc) {
      return BocMetrics.builder(boc).mailboxTagLimit(0).build();
    }
  }
}
