package io.boc4j.bench;

import static io.boc4j.bench.HarnessQuickTest.quiet;
import static io.boc4j.bench.HarnessQuickTest.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The method: every fork of every cell runs in a fresh JVM of its own, whose options do not depend
 * on which other cells were selected. Proven from the launch records the harness writes (pid and
 * JVM options as the child JVM itself saw them), never from timings.
 */
class ForkIsolationTest {

  @TempDir
  Path tmp;

  @Test
  @Timeout(90)
  void aCellRunsInItsOwnJvmWithTheSameOptionsAloneAndBesideAPeer() throws Exception {
    Map<String, Object> alone = only(run("alone", "fjp"), "fjp");
    List<Map<String, Object>> together = run("together", "boc4j,fjp");
    Map<String, Object> fjp = only(together, "fjp");
    Map<String, Object> boc = only(together, "boc4j");

    Set<Long> pids = new HashSet<>();
    for (Map<String, Object> r : List.of(alone, fjp, boc)) {
      HarnessQuickTest.assertSane(r, (String) r.get("impl"));
      assertEquals(1L, r.get("forks"));
      for (Map<String, Object> l : launches(r)) {
        long pid = (Long) l.get("pid");
        assertNotEquals(ProcessHandle.current().pid(), pid, "measured in a child, not here");
        assertTrue(pids.add(pid), "every launch has a JVM of its own: pid " + pid + " reused");
      }
    }
    Object optionsAlone = launches(alone).get(0).get("jvmArgs");
    assertEquals(optionsAlone, launches(fjp).get(0).get("jvmArgs"),
        "the same JVM options alone and beside a peer");
    assertEquals(optionsAlone, launches(boc).get(0).get("jvmArgs"),
        "the same JVM options for every implementation of the workload");
    assertTrue(((List<?>) optionsAlone).contains("-XX:+ExitOnOutOfMemoryError"), "" + optionsAlone);
    assertTrue(((List<?>) optionsAlone).containsAll(List.of("-Xms2g", "-Xmx2g")),
        "the child saw a heap of fixed size: " + optionsAlone);
  }

  @Test
  @Timeout(60)
  void aChildJvmThatDiesCostsItsForkNotTheSuite() throws Exception {
    Path json = tmp.resolve("crash.json");
    // A heap too small to start: the child dies before reporting, and its fork is recorded.
    int status = Main.run(quiet(), "--quick", "--workload", "fanout", "--impl", "fjp",
        "--ops", "2000", "--jvm-args", "-Xmx1k", "--json", json.toString());
    assertEquals(1, status);
    Map<String, Object> r = only(records(json), "fjp");
    assertEquals("crashed", r.get("status"), String.valueOf(r));
    assertTrue(((String) r.get("error")).contains("exited with code"), String.valueOf(r));
    assertEquals("crashed", launches(r).get(0).get("status"));
  }

  private List<Map<String, Object>> run(String name, String impls) throws Exception {
    Path json = tmp.resolve(name + ".json");
    List<String> args = new ArrayList<>(List.of("--quick", "--workload", "fanout",
        "--impl", impls, "--ops", "2000", "--runs", "1", "--warmups", "0",
        "--json", json.toString()));
    int status = Main.run(quiet(), args.toArray(String[]::new));
    List<Map<String, Object>> records = records(json);
    assertEquals(0, status, "exit status; records: " + records);
    return records;
  }

  private static Map<String, Object> only(List<Map<String, Object>> records, String impl) {
    List<Map<String, Object>> rs = records.stream().filter(r -> r.get("impl").equals(impl))
        .toList();
    assertEquals(1, rs.size(), impl + " in " + records);
    return rs.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> launches(Map<String, Object> record) {
    return (List<Map<String, Object>>) record.get("launches");
  }
}
