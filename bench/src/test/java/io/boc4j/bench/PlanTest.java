package io.boc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plan: which cells, which launches in which order, and the duration it states. */
class PlanTest {

  @Test
  @Timeout(10)
  void forksAreInterleavedAcrossImplementationsWithinEachConfiguration() {
    Plan plan = Plan.of(Options.parse("--workload", "chain", "--workers", "1,2", "--work", "0",
        "--forks", "2"));
    List<String> order = plan.launches().stream()
        .map(l -> l.cell().impl() + " W=" + l.cell().config().workers() + " #" + l.fork())
        .toList();
    assertEquals(List.of(
        "boc4j W=1 #1", "locks W=1 #1", "fjp W=1 #1", "boc4j W=1 #2", "locks W=1 #2", "fjp W=1 #2",
        "boc4j W=2 #1", "locks W=2 #1", "fjp W=2 #1", "boc4j W=2 #2", "locks W=2 #2", "fjp W=2 #2"),
        order);
    for (int i = 0; i < order.size(); i++) {
      assertEquals(i + 1, plan.launches().get(i).sequence());
    }
  }

  @Test
  @Timeout(10)
  void pollutedAddsAPollutedCellForEachBoc4jImplementationOnly() {
    Plan bank = Plan.of(Options.parse("--quick", "--workload", "bank", "--polluted"));
    assertEquals(List.of("boc4j clean", "locks clean", "synchronized clean", "pekko clean",
        "boc4j polluted"), bank.cells().stream()
        .map(c -> c.impl() + " " + c.mode().json()).toList());
    Plan pinned = Plan.of(Options.parse("--quick", "--workload", "pinned", "--polluted"));
    assertEquals(2, pinned.cells().stream().filter(c -> c.mode() == Mode.POLLUTED).count(),
        "both pinned implementations run on boc4j");
    Cell polluted = bank.cells().get(4);
    assertEquals("boc4j", polluted.ratioTo(), "polluted is divided by the same impl, clean");
    assertEquals("boc4j", bank.cells().get(1).ratioTo(), "a peer is divided by boc4j");
    assertEquals(null, bank.cells().get(0).ratioTo());
    assertEquals(polluted, Cell.fromKey(polluted.key()), "the key a child parses");
  }

  @Test
  @Timeout(10)
  void readersRunEachReadShareAsAVariantOnItsOwnTable() {
    Plan plan = Plan.of(Options.parse("--workload", "readers", "--workers", "2", "--work", "0",
        "--polluted"));
    assertEquals(List.of(
        "boc4j clean A=8 90%", "boc4j-exclusive clean A=8 90%", "rwlock clean A=8 90%",
        "stamped clean A=8 90%", "boc4j polluted A=8 90%", "boc4j-exclusive polluted A=8 90%",
        "boc4j clean A=8 99%", "boc4j-exclusive clean A=8 99%", "rwlock clean A=8 99%",
        "stamped clean A=8 99%", "boc4j polluted A=8 99%", "boc4j-exclusive polluted A=8 99%"),
        plan.cells().stream().map(c -> c.impl() + " " + c.mode().json() + " A="
            + c.config().accounts() + " " + c.config().variant()).toList());
    Cell cell = plan.cells().get(6);
    assertEquals(cell, Cell.fromKey(cell.key()), "the key a child parses keeps the variant");
    Plan quick = Plan.of(Options.parse("--quick", "--workload", "readers", "--reads", "50"));
    assertEquals(List.of("50%"), quick.cells().stream().map(c -> c.config().variant()).distinct()
        .toList(), "--reads chooses the share");
    assertThrows(IllegalArgumentException.class,
        () -> Plan.of(Options.parse("--workload", "readers", "--reads", "101")));
  }

  @Test
  @Timeout(10)
  void monoAndMetricsRunTheBanksUsualSizeAgainstTheirPlainPeer() {
    for (String workload : List.of("mono", "metrics")) {
      int impls = workload.equals("mono") ? 3 : 2; // mono: boc4j, mono, mono-lanes
      Plan plan = Plan.of(Options.parse("--workload", workload));
      assertEquals(impls * 2 * 2, plan.cells().size(), workload + ": impls x W 1,2 x U 0,10");
      plan.cells().forEach(c -> assertEquals(36, c.config().accounts(), c.key()));
      assertEquals("boc4j", plan.cells().get(0).impl(), workload + ": the plain one is the ratios'"
          + " reference");
      assertEquals("boc4j", plan.cells().get(1).ratioTo(), workload);
      Plan accounts = Plan.of(Options.parse("--workload", workload, "--accounts", "2,8"));
      assertEquals(impls * 2 * 2 * 2, accounts.cells().size(),
          workload + ": --accounts still wins");
    }
  }

  @Test
  @Timeout(10)
  void theDurationIsComputedFromTheLaunches() {
    Plan plan = Plan.of(Options.parse("--workload", "fanout", "--forks", "3", "--warmups", "2",
        "--runs", "5", "--target-ms", "500"));
    assertEquals(8 * 3, plan.launches().size(), "2 impls x 2 W x 2 U cells, 3 forks each");
    double perLaunch = Plan.LAUNCH_SECONDS + Plan.SESSION_SECONDS + Plan.PROBE_SECONDS
        + (2 + 5) * (0.5 + Plan.RUN_OVERHEAD_SECONDS);
    assertEquals(24 * perLaunch, plan.estimatedSeconds(), 1e-9);
    assertTrue(plan.describe().contains("24 launches"), plan.describe());
  }

  @Test
  @Timeout(10)
  void badCommandLinesAreRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Options.parse("--forks", "-1"));
    assertTrue(e.getMessage().contains("--forks"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Options.parse("--runs", "many"));
    assertTrue(e.getMessage().contains("--runs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Options.parse("--workload", "nope"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Options.parse("--frobnicate"));
    assertTrue(e.getMessage().contains("--frobnicate"), e.getMessage());
  }

  @Test
  @Timeout(10)
  void helpListsEveryOptionAndEveryWorkload() {
    String help = Options.usage();
    for (String option : List.of("--workload", "--impl", "--workers", "--work", "--accounts",
        "--order", "--reads", "--polluted", "--quick", "--forks", "--runs", "--warmups",
        "--target-ms", "--ops", "--run-timeout", "--jvm-args", "--json", "--docs",
        "--report-from", "--list")) {
      assertTrue(help.contains(option), option);
    }
    Workloads.all().forEach(w -> assertTrue(help.contains(w.name()), w.name()));
    assertTrue(!help.contains("--child"), "the child's options are internal");
  }
}
