package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seams core offers the metrics module (SPEC section 7): the pump watchdog's thresholds read back
 * from {@link MainThread}, for dashboards that draw them beside the main queue's age.
 */
@Timeout(value = 30, unit = SECONDS)
class MetricsSeamsTest extends BocTestSupport {

  @Test
  void watchdogThresholdsReadBackAsConfigured() {
    newBoc(1);
    MainThread main = boc.mainThread();
    assertEquals(Optional.empty(), main.pumpWatchdogWarn(), "off until configured");
    assertEquals(Optional.empty(), main.pumpWatchdogRaise());
    main.setPumpWatchdog(Duration.ofMillis(20), Duration.ofMillis(50), (s, m) -> {});
    assertEquals(Optional.of(Duration.ofMillis(20)), main.pumpWatchdogWarn());
    assertEquals(Optional.of(Duration.ofMillis(50)), main.pumpWatchdogRaise());
    main.setPumpWatchdog(null, null, null);
    assertEquals(Optional.empty(), main.pumpWatchdogWarn(), "off again");
  }
}
