package io.boc4j.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cache-line hand-off probe: it finishes, measures something plausible and refuses bad sizes. */
class HandOffProbeTest {

  @Test
  @Timeout(60)
  void measuresAPositiveOneWayTimeOnTwoOrMoreProcessors() {
    Double ns = HandOffProbe.measure();
    if (Runtime.getRuntime().availableProcessors() < 2) {
      assertNull(ns, "with one processor the turns would measure the scheduler");
      return;
    }
    assertNotNull(ns);
    // A hand-off is at least a load that misses the core's own cache, and a probe that waited on
    // the scheduler instead would take milliseconds.
    assertTrue(ns > 1 && ns < 1_000_000, "one-way hand-off " + ns + " ns");
  }

  @Test
  @Timeout(60)
  void oneRoundTripIsTwoTurnsAndReturns() {
    double ns = HandOffProbe.oneWayNanos(1);
    assertTrue(ns > 0 && Double.isFinite(ns), "one round trip: " + ns + " ns a turn");
  }

  @Test
  @Timeout(10)
  void refusesFewerThanOneRoundTrip() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HandOffProbe.oneWayNanos(0));
    assertTrue(e.getMessage().contains("roundTrips must be at least 1"), e.getMessage());
  }
}
