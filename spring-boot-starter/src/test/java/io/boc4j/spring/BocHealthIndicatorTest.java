package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boc4j.Boc;
import io.boc4j.PinnedCown;
import io.boc4j.PumpStarvationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** B01, B03: the health indicator with Boot's health support, and what it reports. */
@Timeout(30)
class BocHealthIndicatorTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withPropertyValues("boc4j.workers=2", "boc4j.name=bank")
      .withConfiguration(AutoConfigurations.of(
          BocAutoConfiguration.class, BocHealthAutoConfiguration.class));

  @Test
  void upWithDetailsWhileRunning() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(BocHealthIndicator.class);
      Health health = context.getBean(BocHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails())
          .containsEntry("runtime", "bank")
          .containsEntry("running", true)
          .containsEntry("closed", false)
          .containsEntry("workers", 2)
          .containsKeys("inFlight", "peakInFlight", "scheduled", "completed", "failed",
              "backPressureLimit", "mutedNow", "mainQueue");
      assertThat(health.getDetails().get("mainQueue"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsKeys("depth", "nonEmptyForMillis", "millisSinceLastPump");
    });
  }

  @Test
  void downOnceTheRuntimeIsClosed() {
    runner.run(context -> {
      context.getBean(Boc.class).close();
      Health health = context.getBean(BocHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("closed", true);
    });
  }

  @Test
  void outOfServiceWhileTheWatchdogWarnsThenUpOncePumped() {
    runner.withPropertyValues("boc4j.pump-watchdog.warn=50ms").run(context -> {
      Boc boc = context.getBean(Boc.class);
      HealthIndicator indicator = context.getBean(BocHealthIndicator.class);
      // Pinned work that nobody pumps: the main queue stays non-empty until this thread pumps.
      boc.run(PinnedCown.of(0), p -> p.set(1));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> indicator.health().getStatus().equals(Status.OUT_OF_SERVICE));
      assertThat((String) indicator.health().getDetails().get("starvation"))
          .contains("warn threshold of 50 ms");
      assertThat(boc.mainThread().pump().executed()).isEqualTo(1);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void downWhileTheWatchdogRaises() {
    runner.withPropertyValues("boc4j.pump-watchdog.warn=20ms", "boc4j.pump-watchdog.raise=60ms")
        .run(context -> {
          Boc boc = context.getBean(Boc.class);
          HealthIndicator indicator = context.getBean(BocHealthIndicator.class);
          boc.run(PinnedCown.of(0), p -> p.set(1));
          await().atMost(Duration.ofSeconds(10))
              .until(() -> indicator.health().getStatus().equals(Status.DOWN));
          assertThat((String) indicator.health().getDetails().get("starvation"))
              .contains("raise threshold of 60 ms");
          // The raise fails the next pump once; the pump after it drains the queue.
          try {
            boc.mainThread().pump();
          } catch (PumpStarvationException expected) {
            boc.mainThread().pump();
          }
          assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        });
  }

  @Test
  void noIndicatorWithoutBootsHealthSupport() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(context ->
            assertThat(context).hasSingleBean(Boc.class).doesNotHaveBean(BocHealthIndicator.class));
  }

  @Test
  void noIndicatorWhenDisabled() {
    runner.withPropertyValues("management.health.boc4j.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(BocHealthIndicator.class));
  }

  @Test
  void theApplicationsOwnIndicatorReplacesIt() {
    runner.withUserConfiguration(OwnIndicator.class).run(context -> {
      assertThat(context).doesNotHaveBean(BocHealthIndicator.class);
      assertThat(context.getBean("boc4jHealthIndicator", HealthIndicator.class).health()
          .getDetails()).isEqualTo(Map.of("own", true));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnIndicator {
    @Bean
    HealthIndicator boc4jHealthIndicator() {
      return () -> Health.up().withDetail("own", true).build();
    }
  }
}
