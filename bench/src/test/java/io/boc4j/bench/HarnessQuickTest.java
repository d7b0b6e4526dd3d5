package io.boc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the harness's {@code --quick} mode at tiny sizes and checks the JSON it writes: the stable
 * fields, sane values, and the bank's conservation of money. Measures nothing: timings here are
 * never asserted.
 */
class HarnessQuickTest {

  private static final List<String> STABLE_FIELDS = List.of("workload", "impl", "workers",
      "workUs", "accounts", "runs", "median", "min", "max", "unit", "gcShare", "peakHeapBytes",
      "allocBytesPerOp", "jvm");

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"bank", "dining", "chain", "fanout", "messaging", "noticeboard",
      "pinned"})
  @Timeout(120)
  void quickRunOfEachWorkloadWritesSaneRecords(String workload) throws Exception {
    List<Map<String, Object>> records = run(workload, "none");
    Set<String> impls = Set.copyOf(Workloads.byName(workload).impls());
    assertEquals(impls.size(), records.size(), "one record per implementation");
    for (Map<String, Object> r : records) {
      String what = workload + "/" + r.get("impl");
      for (String f : STABLE_FIELDS) {
        assertTrue(r.containsKey(f), what + " has field " + f);
      }
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      assertEquals(workload, r.get("workload"));
      assertTrue(impls.contains((String) r.get("impl")), what);
      assertEquals(3L, r.get("runs"), what);
      double median = num(r, "median");
      assertTrue(median > 0, what + " median " + median);
      assertTrue(num(r, "min") <= median && median <= num(r, "max"), what + " min <= median <= max");
      double gc = num(r, "gcShare");
      assertTrue(gc >= 0 && gc <= 1, what + " gcShare " + gc);
      assertTrue(num(r, "peakHeapBytes") > 0, what + " peakHeapBytes");
      assertTrue(num(r, "allocBytesPerOp") >= 0, what + " allocBytesPerOp");
      assertFalse(((String) r.get("jvm")).isEmpty(), what + " jvm");
      // messaging and noticeboard: W is the producer / posting thread count, 4 in --quick
      long workers = workload.equals("messaging") || workload.equals("noticeboard") ? 4 : 2;
      assertEquals(workers, r.get("workers"), what);
      assertEquals(0L, r.get("workUs"), what);
      if (workload.equals("bank")) {
        assertEquals(36L, r.get("accounts"), what);
      } else {
        assertEquals(null, r.get("accounts"), what);
      }
    }
  }

  @Test
  @Timeout(120)
  void bankConservesTheTotalForEveryAtomicImplementation() throws Exception {
    List<Map<String, Object>> records = run("bank", "none", "--accounts", "2,36");
    assertEquals(8, records.size());
    for (Map<String, Object> r : records) {
      String what = r.get("impl") + " A=" + r.get("accounts");
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      boolean atomic = (Boolean) r.get("atomic");
      assertEquals(!r.get("impl").equals("pekko"), atomic, what + " atomic");
      if (atomic) {
        assertEquals(Boolean.TRUE, r.get("conserved"), what + " conserved the total");
      }
    }
  }

  @Test
  @Timeout(120)
  void messagingDeliversEveryMessageExactlyOnceOnEveryImplementation() throws Exception {
    List<Map<String, Object>> records = run("messaging", "none", "--workers", "1,4");
    assertEquals(4, records.size());
    for (Map<String, Object> r : records) {
      String what = r.get("impl") + " W=" + r.get("workers");
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      assertEquals(Boolean.TRUE, r.get("exactlyOnce"), what + " exactly once");
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) r.get("params");
      long producers = (Long) params.get("producers");
      assertEquals(r.get("workers"), producers, what + " producers");
      assertEquals(producers * (Long) params.get("messagesPerProducer"), r.get("received"),
          what + " received every message");
    }
  }

  @Test
  @Timeout(120)
  void noticeboardCommitsEveryUpdate() throws Exception {
    List<Map<String, Object>> records = run("noticeboard", "none", "--workers", "1,4");
    assertEquals(4, records.size());
    for (Map<String, Object> r : records) {
      String what = r.get("impl") + " W=" + r.get("workers");
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) r.get("params");
      long expected = (Long) params.get("postingThreads") * (Long) params.get("updatesPerThread");
      assertEquals(expected, r.get("expectedCount"), what);
      assertEquals(expected, r.get("finalCount"), what + " final count");
    }
  }

  @Test
  @Timeout(120)
  void pinnedOverlayPumpsItsPinnedBehaviourWhileTheRingRuns() throws Exception {
    List<Map<String, Object>> records = run("pinned", "none", "--ops", "200000");
    assertEquals(2, records.size());
    for (Map<String, Object> r : records) {
      assertEquals("ok", r.get("status"), r.get("impl") + ": " + r.get("error"));
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) r.get("params");
      if (r.get("impl").equals("chain+pinned")) {
        long pinned = (Long) params.get("pinnedBehaviours");
        assertTrue(pinned >= 1 && pinned <= (Long) params.get("pumps") + 1, "pinned " + pinned);
      } else {
        assertEquals("chain", r.get("impl"));
        assertEquals(null, params.get("pinnedBehaviours"));
      }
    }
  }

  @Test
  @Timeout(180)
  void forkedModeRunsEachWorkloadInAChildJvm() throws Exception {
    List<Map<String, Object>> records = run("fanout", "workload");
    assertEquals(2, records.size());
    for (Map<String, Object> r : records) {
      assertEquals("ok", r.get("status"), r.get("impl") + ": " + r.get("error"));
    }
  }

  @Test
  @Timeout(120)
  void aChildJvmThatDiesCostsItsCellsNotTheSuite() throws Exception {
    Path json = tmp.resolve("crash.json");
    // A heap too small to start: every child dies before reporting, is replaced, and each cell it
    // was given is recorded as crashed.
    int status = Main.run(quiet(), "--quick", "--workload", "fanout", "--ops", "2000",
        "--jvm-args", "-Xmx1k", "--json", json.toString());
    assertEquals(1, status);
    List<Map<String, Object>> records = records(json);
    assertEquals(2, records.size());
    for (Map<String, Object> r : records) {
      assertEquals("crashed", r.get("status"), String.valueOf(r));
      assertTrue(((String) r.get("error")).contains("exited with code"), String.valueOf(r));
    }
  }

  @Test
  @Timeout(90)
  void aRunThatOverrunsBecomesATimeoutRecordInsteadOfHanging() throws Exception {
    Path json = tmp.resolve("timeout.json");
    int status = Main.run(quiet(), "--quick", "--fork", "none", "--workload", "dining",
        "--impl", "boc4j", "--work", "10", "--ops", "50000000", "--runs", "1", "--warmups", "0",
        "--run-timeout", "1", "--json", json.toString());
    assertEquals(1, status, "a cell that is not ok makes the exit status 1");
    Map<String, Object> r = records(json).get(0);
    assertEquals("timeout", r.get("status"));
    assertNotNull(r.get("error"));
    assertEquals(0L, r.get("runs"));
    assertEquals(null, r.get("median"));
  }

  private List<Map<String, Object>> run(String workload, String fork, String... more)
      throws Exception {
    Path json = tmp.resolve(workload + "-" + fork + ".json");
    List<String> args = new java.util.ArrayList<>(List.of("--quick", "--fork", fork,
        "--workload", workload, "--ops", "2000", "--runs", "3", "--warmups", "1",
        "--json", json.toString()));
    args.addAll(List.of(more));
    int status = Main.run(quiet(), args.toArray(String[]::new));
    List<Map<String, Object>> records = records(json);
    assertEquals(0, status, "exit status; records: " + records);
    return records;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> records(Path json) throws Exception {
    Map<String, Object> doc = Main.readDocument(json);
    assertNotNull(doc.get("machine"));
    return (List<Map<String, Object>>) (List<?>) doc.get("records");
  }

  private static double num(Map<String, Object> r, String field) {
    return ((Number) r.get(field)).doubleValue();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
