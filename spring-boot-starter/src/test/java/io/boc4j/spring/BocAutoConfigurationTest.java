package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.boc4j.Boc;
import io.boc4j.BocListener;
import io.boc4j.Cown;
import io.boc4j.Mailbox;
import io.boc4j.StarvationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** B01: the runtime bean, configured from {@code boc4j.*}, replaceable, started with the context. */
@Timeout(30)
class BocAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BocAutoConfiguration.class));

  @Test
  void aRunningRuntimeWithTheDefaults() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(Boc.class).hasSingleBean(BocLifecycle.class);
      Boc boc = context.getBean(Boc.class);
      assertThat(boc.isRunning()).as("started with the context").isTrue();
      assertThat(boc.workerCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(boc.name()).startsWith("boc-");
    });
  }

  @Test
  void everyBuilderSettingIsBoundFromProperties() {
    runner.withPropertyValues(
            "boc4j.name=bank",
            "boc4j.workers=3",
            "boc4j.thread-name-prefix=teller-",
            "boc4j.back-pressure-limit=500",
            "boc4j.producer-timeout=2s",
            "boc4j.shutdown-timeout=5s",
            "boc4j.noticeboard-capacity=8",
            "boc4j.noticeboard-max-key-bytes=20",
            "boc4j.mailbox-tag-limit=12",
            "boc4j.mailbox-capacity=100",
            "boc4j.wait-pump-poll=7ms",
            "boc4j.pump-watchdog.warn=2s",
            "boc4j.pump-watchdog.raise=9s",
            "boc4j.slow-body-threshold=3s")
        .run(context -> {
          Boc boc = context.getBean(Boc.class);
          assertThat(boc.name()).isEqualTo("bank");
          assertThat(boc.workerCount()).isEqualTo(3);
          assertThat(boc.stats().backPressureLimit()).isEqualTo(500);
          assertThat(boc.noticeboard().capacity()).isEqualTo(8);
          assertThat(boc.noticeboard().maxKeyBytes()).isEqualTo(20);
          assertThat(boc.mailbox().tagLimit()).isEqualTo(12);
          assertThat(boc.mailbox().capacity()).isEqualTo(100);
          assertThat(boc.mainThread().waitPumpPoll()).isEqualTo(Duration.ofMillis(7));
          assertThat(boc.mainThread().pumpWatchdogWarn()).contains(Duration.ofSeconds(2));
          assertThat(boc.mainThread().pumpWatchdogRaise()).contains(Duration.ofSeconds(9));
          assertThat(boc.slowBodyThreshold()).contains(Duration.ofSeconds(3));
          assertThat(workerThreadName(boc)).startsWith("teller-");

          BocProperties properties = context.getBean(BocProperties.class);
          assertThat(properties.producerTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        });
  }

  @Test
  void thePropertyDefaultsAreTheRuntimesDefaults() {
    runner.run(context -> {
      Boc configured = context.getBean(Boc.class);
      BocProperties properties = context.getBean(BocProperties.class);
      try (Boc plain = Boc.builder().build()) {
        assertThat(configured.stats().backPressureLimit())
            .isEqualTo(plain.stats().backPressureLimit());
        assertThat(configured.noticeboard().capacity()).isEqualTo(plain.noticeboard().capacity());
        assertThat(configured.noticeboard().maxKeyBytes())
            .isEqualTo(plain.noticeboard().maxKeyBytes());
        assertThat(configured.mailbox().tagLimit()).isEqualTo(plain.mailbox().tagLimit());
        assertThat(configured.mailbox().capacity()).isEqualTo(Mailbox.UNBOUNDED);
        assertThat(configured.mainThread().waitPumpPoll())
            .isEqualTo(plain.mainThread().waitPumpPoll());
        assertThat(configured.mainThread().pumpWatchdogWarn()).isEmpty();
      }
      // Not observable on a runtime; Boc.Builder documents 30 s for both.
      assertThat(properties.producerTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(properties.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    });
  }

  @Test
  void theApplicationsOwnRuntimeReplacesIt() {
    runner.withUserConfiguration(OwnRuntime.class).run(context -> {
      assertThat(context).hasSingleBean(Boc.class);
      assertThat(context.getBean(Boc.class).name()).isEqualTo("own");
      assertThat(context.getBean(Boc.class).isRunning()).as("its life cycle is still managed").isTrue();
    });
  }

  @Test
  void twoRuntimesGetNoSharedLifecycle() {
    runner.withUserConfiguration(TwoRuntimes.class).run(context -> {
      assertThat(context).getBeans(Boc.class).hasSize(2);
      assertThat(context).doesNotHaveBean(BocLifecycle.class);
    });
  }

  @Test
  void theApplicationsOwnLifecycleReplacesIt() {
    runner.withUserConfiguration(OwnLifecycle.class).run(context -> {
      assertThat(context).hasSingleBean(BocLifecycle.class);
      assertThat(context.getBean(BocLifecycle.class)).isSameAs(OwnLifecycle.LIFECYCLE);
    });
  }

  @Test
  void listenerBeansHearTheRuntime() {
    runner.withUserConfiguration(Listening.class).run(context -> {
      Boc boc = context.getBean(Boc.class);
      boc.run(Cown.of(0), c -> {
        throw new IllegalStateException("unobserved");
      });
      boc.quiesce(Duration.ofSeconds(10));
      assertThat(context.getBean(Listening.class).failures)
          .singleElement()
          .satisfies(t -> assertThat(t).hasMessage("unobserved"));
    });
  }

  @Test
  void aStarvationHandlerBeanIsTheWatchdogsSinkOnlyWhenTheWatchdogIsOn() {
    // With no threshold set the handler is not consulted, and the watchdog stays off.
    runner.withUserConfiguration(Starving.class).run(context ->
        assertThat(context.getBean(Boc.class).mainThread().pumpWatchdogWarn()).isEmpty());
    runner.withUserConfiguration(Starving.class)
        .withPropertyValues("boc4j.pump-watchdog.warn=1s")
        .run(context ->
            assertThat(context.getBean(Boc.class).mainThread().pumpWatchdogWarn())
                .contains(Duration.ofSeconds(1)));
  }

  @Test
  void customizersRunAfterThePropertiesInOrder() {
    runner.withUserConfiguration(Customizing.class)
        .withPropertyValues("boc4j.workers=1", "boc4j.name=from-properties")
        .run(context -> {
          Boc boc = context.getBean(Boc.class);
          assertThat(boc.workerCount()).isEqualTo(2);
          assertThat(boc.name()).isEqualTo("second");
        });
  }

  @Test
  void closingTheContextClosesTheRuntime() {
    Boc[] seen = new Boc[1];
    runner.run(context -> seen[0] = context.getBean(Boc.class));
    assertThat(seen[0].isClosed()).isTrue();
  }

  /** The name of a worker thread: the thread a behaviour over no cowns runs on. */
  private static String workerThreadName(Boc boc) throws Exception {
    return boc.when(() -> Thread.currentThread().getName())
        .toCompletionStage().toCompletableFuture().get();
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRuntime {
    @Bean
    Boc ownBoc() {
      return Boc.builder().name("own").workers(1).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoRuntimes {
    @Bean
    Boc first() {
      return Boc.builder().name("first").workers(1).build();
    }

    @Bean
    Boc second() {
      return Boc.builder().name("second").workers(1).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnLifecycle {
    static final BocLifecycle LIFECYCLE =
        new BocLifecycle(Boc.builder().workers(1).build(), Duration.ofSeconds(1));

    @Bean
    BocLifecycle myLifecycle() {
      return LIFECYCLE;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Listening implements BocListener {
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onUnobservedFailure(Throwable failure) {
      failures.add(failure);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Starving {
    final AtomicInteger reports = new AtomicInteger();

    @Bean
    StarvationHandler starvationHandler() {
      return (severity, message) -> reports.incrementAndGet();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizing {
    @Bean
    @Order(2)
    BocBuilderCustomizer second() {
      return b -> b.name("second");
    }

    @Bean
    @Order(1)
    BocBuilderCustomizer first() {
      return b -> b.name("first").workers(2);
    }
  }
}
