package io.boc4j.bench;

import static io.boc4j.bench.HarnessQuickTest.quiet;
import static io.boc4j.bench.HarnessQuickTest.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The polluted mode: the generated body mix, and a polluted cell's record. */
class PollutionTest {

  @TempDir
  Path tmp;

  @Test
  @Timeout(30)
  void theMixHasFortyBodyClassesAndChecksItsOwnCounts() throws Exception {
    LambdaMix mix = new LambdaMix();
    assertEquals(LambdaMix.BODIES, mix.distinctClasses());
    try (Boc boc = Boc.builder().workers(2).build()) {
      boc.start();
      long scheduled = mix.run(boc, 1); // one batch: every shape, several times
      assertTrue(scheduled >= LambdaMix.BODIES, "scheduled " + scheduled);
    }
  }

  @Test
  @Timeout(60)
  void aPollutedCellWarmsEveryPeerAndTheMixFirst() throws Exception {
    Path json = tmp.resolve("polluted.json");
    int status = Main.run(quiet(), "--quick", "--forks", "0", "--workload", "fanout",
        "--impl", "boc4j", "--polluted", "--ops", "2000", "--runs", "1", "--warmups", "0",
        "--json", json.toString());
    List<Map<String, Object>> records = records(json);
    assertEquals(0, status, "records: " + records);
    assertEquals(List.of("clean", "polluted"), records.stream().map(r -> r.get("mode")).toList());
    Map<String, Object> polluted = records.get(1);
    HarnessQuickTest.assertSane(polluted, "boc4j polluted");
    assertEquals("boc4j", polluted.get("ratioTo"));
    @SuppressWarnings("unchecked")
    Map<String, Object> pollution = (Map<String, Object>) polluted.get("pollution");
    assertEquals(List.of("boc4j", "fjp"), pollution.get("peersWarmed"),
        "every implementation of the workload, not only the selected ones");
    assertEquals((long) LambdaMix.BODIES, pollution.get("bodyClasses"));
    assertTrue((Long) pollution.get("mixBehaviours") > 0, "" + pollution);
    assertEquals(null, records.get(0).get("pollution"));
  }
}
