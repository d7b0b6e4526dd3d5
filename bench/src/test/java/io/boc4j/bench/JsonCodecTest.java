package io.boc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The child's report survives the trip through one JSON line, and integers read back as longs. */
class JsonCodecTest {

  @Test
  @Timeout(10)
  void aForkOutcomeRoundTripsThroughOneLine() {
    ForkOutcome o = new ForkOutcome("ok", null, List.of(1.5e6, 2.5e6), 1000, 2000, 3_000_000L,
        4096, 0, 7, 1 << 20, 1 << 19, -1, 9_000_000L, 2_500_000L, Map.of("accounts", 36L),
        Map.of("conserved", true), 1234, List.of("-Xmx2g"), null, List.of(212.5, 208.0));
    String line = JsonCodec.line(Map.of("event", "result", "outcome", o));
    assertEquals(-1, line.indexOf('\n'));
    Map<String, Object> event = JsonCodec.parseLine(line);
    assertEquals(o, JsonCodec.convert(event.get("outcome"), ForkOutcome.class));
    assertEquals(36L, ((Map<?, ?>) ((Map<?, ?>) event.get("outcome")).get("params"))
        .get("accounts"));
  }
}
