package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC section 4 (per-worker statistics and totals): CONTRACT.md S01–S07. S08–S10 are message
 * statistics, tested with the mailbox.
 */
@Timeout(value = 30, unit = SECONDS)
class StatsTest extends BocTestSupport {

  // --- S01 ----------------------------------------------------------------------------------

  @Test
  void s01_liveStatsAreEmptyWhenNoRuntimeRuns() throws Exception {
    newBoc(2);
    assertTrue(boc.workerStats().isEmpty(), "never started");
    valueOf(boc.when(() -> 1));
    assertEquals(2, boc.workerStats().size());
    boc.waitAll(WAIT);
    assertTrue(boc.workerStats().isEmpty(), "after waitAll");
  }

  // --- S02 ----------------------------------------------------------------------------------

  @Test
  void s02_perWorkerStatsAreRecordsWithNamedFieldsOnePerWorker() throws Exception {
    assertTrue(WorkerStats.class.isRecord());
    Set<String> names = Arrays.stream(WorkerStats.class.getRecordComponents())
        .map(RecordComponent::getName)
        .collect(Collectors.toSet());
    for (String required : List.of("workerIndex", "pushedLocal", "pushedRemote", "poppedLocal",
        "poppedViaSteal", "stealAttempts", "stealFailures", "parked", "behavioursRun")) {
      assertTrue(names.contains(required), "WorkerStats lacks " + required);
    }
    newBoc(4).start();
    List<WorkerStats> live = boc.workerStats();
    List<WorkerStats> quiesced = boc.quiesce(WAIT).stats();
    for (List<WorkerStats> stats : List.of(live, quiesced)) {
      assertEquals(4, stats.size());
      for (int i = 0; i < 4; i++) {
        assertEquals(i, stats.get(i).workerIndex());
      }
    }
  }

  // --- S03 ----------------------------------------------------------------------------------

  @Test
  void s03_oneBehaviourIsCountedAsPushed() throws Exception {
    newBoc(2);
    valueOf(boc.when(Cown.of(1), x -> x.get()));
    List<WorkerStats> stats = boc.quiesce(WAIT).stats();
    assertTrue(sum(stats, s -> s.pushedLocal() + s.pushedRemote()) >= 1, stats.toString());
  }

  // --- S04 ----------------------------------------------------------------------------------

  @Test
  void s04_whensFromAPlainThreadArePushedRemotely() throws Exception {
    newBoc(4);
    for (int i = 0; i < 16; i++) {
      boc.run(Cown.of(i), x -> x.set(x.get() + 1));
    }
    List<WorkerStats> stats = boc.quiesce(WAIT).stats();
    assertTrue(sum(stats, WorkerStats::pushedRemote) >= 16, stats.toString());
    assertEquals(0, sum(stats, WorkerStats::pushedLocal), stats.toString());
  }

  // --- S05 ----------------------------------------------------------------------------------

  @Test
  void s05_whensFromInsideABodyArePushedLocally() throws Exception {
    newBoc(2);
    boc.run(() -> {
      for (int i = 0; i < 32; i++) {
        boc.run(Cown.of(i), x -> x.set(x.get() + 1));
      }
    });
    List<WorkerStats> stats = boc.quiesce(WAIT).stats();
    assertTrue(sum(stats, WorkerStats::pushedLocal) >= 32, stats.toString());
  }

  // --- S06 ----------------------------------------------------------------------------------

  @Test
  void s06_everyDispatchedBehaviourIsPoppedOnce() throws Exception {
    newBoc(2);
    int n = 2_000;
    List<Cown<Integer>> cs = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      cs.add(Cown.of(0));
    }
    for (int i = 0; i < n; i++) {
      if (i % 4 == 0) {
        boc.run(cs.get(i % 16), cs.get((i + 5) % 16), (x, y) -> x.set(y.get() + 1));
      } else {
        boc.run(cs.get(i % 16), x -> x.set(x.get() + 1));
      }
    }
    List<WorkerStats> stats = boc.quiesce(WAIT).stats();
    long pops = sum(stats, s -> s.poppedLocal() + s.poppedViaSteal());
    long run = sum(stats, WorkerStats::behavioursRun);
    assertEquals(n, run, stats.toString());
    // Every behaviour here ran on a worker, so every one was dispatched to a worker.
    assertTrue(pops >= n, "pops " + pops + " < " + n + " behaviours dispatched: " + stats);
  }

  // --- S07 ----------------------------------------------------------------------------------

  @Test
  void s07_totalsBalanceAtQuiescenceAndBehavioursRunCountsWorkerBodiesOnly() throws Exception {
    newBoc(2).start();
    int ok = 100;
    int failing = 20;
    int takes = 10;
    Cown<Integer> c = Cown.of(0);
    for (int i = 0; i < ok; i++) {
      boc.run(c, x -> x.set(x.get() + 1));
    }
    for (int i = 0; i < failing; i++) {
      boc.when(c, x -> {
        throw new IllegalStateException("s07");
      });
    }
    for (int i = 0; i < takes; i++) {
      try (Held<Integer> h = boc.acquire(c)) {
        h.set(h.get() + 1);
      }
    }
    List<WorkerStats> stats = boc.quiesce(WAIT).stats();
    BocStats t = boc.stats();
    assertEquals(ok + failing + takes, t.scheduled(), t.toString());
    assertEquals(t.scheduled(), t.completed(), "failures count as completed: " + t);
    assertEquals(failing, t.failed(), t.toString());
    assertEquals(0, t.inFlight());
    assertEquals(ok + failing, sum(stats, WorkerStats::behavioursRun),
        "behavioursRun counts bodies run by workers, not synchronous takes: " + stats);
  }
}
