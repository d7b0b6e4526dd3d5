package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suite runs twice: against the managed Micrometer and against the one Spring Boot 4.0.x brings
 * (see the surefire executions in this module's pom). This checks each run has the Micrometer it
 * claims, so a classpath mistake cannot pass silently.
 */
@Timeout(value = 30, unit = SECONDS)
class MicrometerVersionTest {

  @Test
  void theSuiteRunsAgainstTheMicrometerItWasConfiguredFor() {
    String expected = System.getProperty("boc4j.micrometer.expected");
    assertNotNull(expected, "the pom sets boc4j.micrometer.expected");
    assertEquals(expected, MeterRegistry.class.getPackage().getImplementationVersion(),
        "micrometer-core on the test classpath");
    assertEquals(expected, PrometheusMeterRegistry.class.getPackage().getImplementationVersion(),
        "micrometer-registry-prometheus on the test classpath");
  }
}
