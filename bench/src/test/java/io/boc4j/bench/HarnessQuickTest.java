package io.boc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every workload in {@code --quick} mode at tiny sizes, in this JVM ({@code --forks 0}: these
 * tests check the workloads and the records, not the method), and checks the JSON: the stable
 * fields, sane values, and each workload's own verification (the bank's conservation of money,
 * messaging's exactly-once delivery, ...). Measures nothing: timings are never asserted.
 */
class HarnessQuickTest {

  static final List<String> STABLE_FIELDS = List.of("workload", "impl", "workers", "workUs",
      "accounts", "runs", "median", "min", "max", "unit", "gcShare", "peakHeapBytes",
      "allocBytesPerOp", "jvm", "mode", "forks", "forkMedians", "forkHandOffNanos", "launches");

  @TempDir
  Path tmp;

  static Stream<String> workloads() {
    return Workloads.all().stream().map(Workload::name);
  }

  @ParameterizedTest
  @MethodSource("workloads")
  @Timeout(60)
  void quickRunOfEachWorkloadWritesSaneRecords(String workload) throws Exception {
    List<Map<String, Object>> records = run(workload);
    Set<String> impls = Set.copyOf(Workloads.byName(workload).impls());
    assertEquals(impls.size(), records.size(), "one record per implementation");
    for (Map<String, Object> r : records) {
      String what = workload + "/" + r.get("impl");
      assertSane(r, what);
      assertEquals(workload, r.get("workload"));
      assertTrue(impls.contains((String) r.get("impl")), what);
      // messaging and noticeboard: W is the producer / posting thread count, 4 in --quick
      long workers = workload.equals("messaging") || workload.equals("noticeboard") ? 4 : 2;
      assertEquals(workers, r.get("workers"), what);
      assertEquals(0L, r.get("workUs"), what);
      assertEquals(quickAccounts(workload), r.get("accounts"), what);
      if (workload.equals("dining")) {
        assertEquals("natural", r.get("order"), what + ": the start order is named");
      }
      if (workload.equals("readers")) {
        assertEquals("90%", r.get("reads"), what + ": the read share is named");
      }
    }
  }

  @Test
  @Timeout(60)
  void bankConservesTheTotalForEveryAtomicImplementation() throws Exception {
    List<Map<String, Object>> records = run("bank", "--accounts", "2");
    assertEquals(4, records.size());
    for (Map<String, Object> r : records) {
      String what = r.get("impl") + " A=" + r.get("accounts");
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      boolean atomic = (Boolean) r.get("atomic");
      assertEquals(!r.get("impl").equals("pekko"), atomic, what + " atomic");
      if (atomic) {
        assertEquals(Boolean.TRUE, r.get("conserved"), what + " conserved the total");
      }
      if (r.get("impl").equals("boc4j")) {
        // The engine's own account of the run: 3 behaviours per transaction were in flight at
        // some point, and the per-1,000 rates are present and not negative.
        assertTrue(((Number) r.get("peakInFlight")).longValue() >= 1, what + " peak in flight");
        for (String rate : List.of("stealsPer1000", "parksPer1000", "mutesPer1000")) {
          assertTrue(((Number) r.get(rate)).doubleValue() >= 0, what + " " + rate);
        }
      } else {
        assertFalse(r.containsKey("peakInFlight"), what + " has no boc4j engine facts");
      }
    }
  }

  @Test
  @Timeout(60)
  void monoLanesAndCoreFinishEveryTransferAndConserveTheTotal() throws Exception {
    List<Map<String, Object>> records = run("mono", "--accounts", "2", "--workers", "1,2");
    assertEquals(6, records.size(), "boc4j, mono and mono-lanes at W=1 and W=2");
    for (Map<String, Object> r : records) {
      String what = r.get("impl") + " W=" + r.get("workers");
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      assertEquals(Boolean.TRUE, r.get("conserved"), what + " conserved the total");
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) r.get("params");
      long transfers = (Long) params.get("transfers");
      long transferred = (Long) params.get("transferred");
      assertTrue(transferred > 0 && transferred <= transfers, what + " moved " + transferred);
    }
  }

  @Test
  @Timeout(60)
  void metricsBankConservesTheTotalAndIsScraped() throws Exception {
    List<Map<String, Object>> records = run("metrics", "--accounts", "2");
    assertEquals(2, records.size());
    for (Map<String, Object> r : records) {
      String what = (String) r.get("impl");
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      assertEquals(Boolean.TRUE, r.get("conserved"), what + " conserved the total");
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) r.get("params");
      assertEquals(what.equals("boc4j+metrics"), params.containsKey("scrapes"),
          what + ": only the observed bank is scraped");
    }
  }

  @Test
  @Timeout(60)
  void readersSeeTheOpeningTotalOnEveryImplementation() throws Exception {
    // Half the operations write, on 3 accounts, so that reads often meet writes.
    List<Map<String, Object>> records = run("readers", "--reads", "50", "--accounts", "3");
    assertEquals(4, records.size(), "one record per implementation");
    for (Map<String, Object> r : records) {
      String what = r.get("impl") + " W=" + r.get("workers");
      assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
      assertEquals(Boolean.TRUE, r.get("consistent"), what + ": every read saw the opening total");
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) r.get("params");
      long reads = (Long) params.get("reads");
      long writes = (Long) params.get("writes");
      assertEquals(params.get("operations"), reads + writes, what);
      assertTrue(reads > 0 && writes > 0, what + ": both kinds ran (" + reads + "/" + writes + ")");
    }
  }

  @Test
  @Timeout(60)
  void messagingDeliversEveryMessageExactlyOnceOnEveryImplementation() throws Exception {
    List<Map<String, Object>> records = run("messaging", "--workers", "1");
    assertEquals(2, records.size());
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
  @Timeout(60)
  void noticeboardCommitsEveryUpdate() throws Exception {
    List<Map<String, Object>> records = run("noticeboard", "--workers", "1");
    assertEquals(2, records.size());
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
  @Timeout(60)
  void pinnedOverlayPumpsItsPinnedBehaviourWhileTheRingRuns() throws Exception {
    List<Map<String, Object>> records = run("pinned", "--ops", "100000", "--runs", "1",
        "--warmups", "0");
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
  @Timeout(60)
  void aRunThatOverrunsBecomesATimeoutRecordInsteadOfHanging() throws Exception {
    Path json = tmp.resolve("timeout.json");
    int status = Main.run(quiet(), "--quick", "--forks", "0", "--workload", "dining",
        "--impl", "boc4j", "--work", "10", "--ops", "50000000", "--runs", "1", "--warmups", "0",
        "--run-timeout", "1", "--json", json.toString());
    assertEquals(1, status, "a cell that is not ok makes the exit status 1");
    Map<String, Object> r = records(json).get(0);
    assertEquals("timeout", r.get("status"));
    assertNotNull(r.get("error"));
    assertEquals(0L, r.get("runs"));
    assertEquals(null, r.get("median"));
  }

  /** The accounts of a workload's {@code --quick} configuration, or null where it has none. */
  static Long quickAccounts(String workload) {
    return switch (workload) {
      case "bank", "mono", "metrics" -> 36L;
      case "readers" -> 8L;
      default -> null;
    };
  }

  /** The checks every completed record must pass. */
  static void assertSane(Map<String, Object> r, String what) {
    for (String f : STABLE_FIELDS) {
      assertTrue(r.containsKey(f), what + " has field " + f);
    }
    assertEquals("ok", r.get("status"), what + ": " + r.get("error"));
    long runs = (Long) r.get("runs");
    assertTrue(runs >= 1, what + " runs " + runs);
    double median = num(r, "median");
    assertTrue(median > 0, what + " median " + median);
    assertTrue(num(r, "min") <= median && median <= num(r, "max"), what + " min <= median <= max");
    double gc = num(r, "gcShare");
    assertTrue(gc >= 0 && gc <= 1, what + " gcShare " + gc);
    assertTrue(num(r, "peakHeapBytes") > 0, what + " peakHeapBytes");
    assertTrue(num(r, "allocBytesPerOp") >= 0, what + " allocBytesPerOp");
    assertTrue(num(r, "cpuNanosPerOp") >= 0, what + " cpuNanosPerOp");
    assertFalse(((String) r.get("jvm")).isEmpty(), what + " jvm");
    assertEquals(((List<?>) r.get("launches")).size(), ((List<?>) r.get("forkMedians")).size(),
        what + ": one median per fork");
    List<?> handOffs = (List<?>) r.get("forkHandOffNanos");
    assertEquals(((List<?>) r.get("launches")).size(), handOffs.size(),
        what + ": one pair of hand-off probes per fork");
    for (Object pair : handOffs) {
      List<?> probes = (List<?>) pair;
      assertEquals(2, probes.size(), what + ": a probe before and one after the measured runs");
      for (Object ns : probes) {
        if (Runtime.getRuntime().availableProcessors() < 2) {
          assertNull(ns, what + ": no probe on one processor");
        } else {
          assertTrue(((Number) ns).doubleValue() > 0, what + ": hand-off " + ns + " ns");
        }
      }
    }
  }

  /** Runs one workload's quick cells in this JVM with tiny fixed sizes; returns its records. */
  private List<Map<String, Object>> run(String workload, String... more) throws Exception {
    Path json = tmp.resolve(workload + ".json");
    List<String> args = new ArrayList<>(List.of("--quick", "--forks", "0",
        "--workload", workload, "--ops", "2000", "--runs", "2", "--warmups", "1",
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

  static double num(Map<String, Object> r, String field) {
    return ((Number) r.get(field)).doubleValue();
  }

  static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
