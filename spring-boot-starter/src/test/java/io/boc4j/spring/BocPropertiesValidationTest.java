package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** B02: every invalid property fails start-up, and the failure names the property. */
@Timeout(30)
class BocPropertiesValidationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          BocAutoConfiguration.class, BocReactorAutoConfiguration.class,
          BocMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class));

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "boc4j.name                      | ' '",
      "boc4j.workers                   | 0",
      "boc4j.workers                   | -3",
      "boc4j.back-pressure-limit       | 1",
      "boc4j.producer-timeout          | 0s",
      "boc4j.producer-timeout          | -1s",
      "boc4j.shutdown-timeout          | -1ms",
      "boc4j.noticeboard-capacity      | 0",
      "boc4j.noticeboard-max-key-bytes | 0",
      "boc4j.mailbox-tag-limit         | 0",
      "boc4j.mailbox-capacity          | 0",
      "boc4j.wait-pump-poll            | 0ms",
      "boc4j.pump-watchdog.warn        | 0ms",
      "boc4j.pump-watchdog.raise       | -5ms",
      "boc4j.slow-body-threshold       | 0ms",
      "boc4j.pump.period               | 0ms",
      "boc4j.pump.deadline             | -1ms",
      "boc4j.pump.max-behaviours       | 0",
      "boc4j.reactor.receive-poll      | 0s",
      "boc4j.metrics.sampled-timers    | 0",
      "boc4j.metrics.timer-percentiles | 1.5",
      "boc4j.metrics.mailbox-tag-limit | -1",
      "boc4j.metrics.snapshot-max-age  | -1s",
  })
  void anInvalidValueFailsStartUpNamingTheProperty(String property, String value) {
    runner.withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .anySatisfy(m -> assertThat(m).startsWith("Invalid value for " + property + ": "));
    });
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void theStartUpFailureReportNamesThePropertyAndTheRule(CapturedOutput output) {
    SpringApplication application = new SpringApplication(RuntimeOnly.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    assertThatThrownBy(() -> application.run("--boc4j.workers=0", "--spring.main.banner-mode=off"))
        .isNotNull();
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("Invalid value for boc4j.workers: workers must be at least 1, got 0");
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(BocAutoConfiguration.class)
  static class RuntimeOnly {}

  private static List<String> messages(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return messages;
  }
}
