package io.boc4j.bench.verona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each side of a cell runs the same shape: verona-rt's options mirror the bench's selection. */
@Timeout(10)
class VeronaCellTest {

  private static final Path BUILD = Path.of("/b");

  @Test
  void theBankRunsVeronasBankingWithOneTellerPerWorkerAnd36Accounts() {
    VeronaCell c = new VeronaCell("bank", 2, 10, false);
    assertEquals(List.of("/b/test/perf-con-banking", "--cores", "2", "--num_trans", "400000",
        "--work_usec", "10", "--accounts", "36"), c.veronaCommand(BUILD, 400_000));
    assertEquals(List.of("--workload", "bank", "--impl", "boc4j", "--workers", "2", "--work", "10",
        "--accounts", "36"), c.benchSelection());
    assertEquals(400_000, c.opsRun(400_000));
    assertEquals("bank W=2 U=10", c.label());
    assertEquals("tx/s", c.unit());
  }

  @Test
  void diningAsksForWholeHungersOfFiftyPhilosophersInItsStartOrder() {
    VeronaCell c = new VeronaCell("dining", 1, 0, true);
    assertEquals(List.of("/b/test/perf-con-dining_phil", "--cores", "1", "--hunger", "2",
        "--ponder_usec", "0", "--optimal_order"), c.veronaCommand(BUILD, 149));
    assertEquals(100, c.opsRun(149), "two hungers of 50 philosophers");
    assertEquals(50, c.opsRun(7), "never less than one meal each");
    assertEquals(List.of("--workload", "dining", "--impl", "boc4j", "--workers", "1", "--work",
        "0", "--order", "optimal"), c.benchSelection());
    assertEquals("dining W=1 U=0 optimal", c.label());
    assertTrue(new VeronaCell("dining", 2, 0, false).label().endsWith("natural"));
  }

  @Test
  void theStandardCellsAreTheBankAtBothWorksAndDiningInBothOrders() {
    List<String> labels = VeronaCell.standard().stream().map(VeronaCell::label).toList();
    assertEquals(List.of("bank W=1 U=0", "bank W=2 U=0", "bank W=1 U=10", "bank W=2 U=10",
        "dining W=1 U=0 natural", "dining W=2 U=0 natural", "dining W=1 U=0 optimal",
        "dining W=2 U=0 optimal"), labels);
  }

  @Test
  void theSmallestRunIsOneOperationPerTellerOrPhilosopherAndCalibrationIsLarger() {
    for (VeronaCell c : VeronaCell.standard()) {
      assertTrue(c.calibrationOps() > c.smallestOps(), c.label());
    }
    assertEquals(4, new VeronaCell("bank", 2, 0, false).smallestOps());
    assertEquals(50, new VeronaCell("dining", 2, 0, false).smallestOps());
  }

  @Test
  void badConfigurationsSayWhatIsWrong() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new VeronaCell("chain", 1, 0, false)).getMessage().contains("bank and dining"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new VeronaCell("bank", 0, 0, false)).getMessage().contains("at least 1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new VeronaCell("bank", 1, -1, false)).getMessage().contains("0 or more"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new VeronaCell("bank", 1, 0, true)).getMessage().contains("no start order"));
  }
}
