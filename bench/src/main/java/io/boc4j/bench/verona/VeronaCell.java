package io.boc4j.bench.verona;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One configuration measured on both sides: verona-rt's own perf program and the boc4j bench cell of
 * the same shape. The bank uses verona-rt's {@code perf-con-banking} (one teller per worker thread,
 * 36 accounts) and the bench's {@code bank} workload; dining uses {@code perf-con-dining_phil} (50
 * philosophers) and the bench's {@code dining} workload, in the same start order.
 *
 * @param workload {@code bank} or {@code dining}
 * @param workers worker threads (verona-rt's {@code --cores})
 * @param workUs busy work per operation in microseconds
 * @param optimalOrder dining only: start the even philosophers first
 */
public record VeronaCell(String workload, int workers, int workUs, boolean optimalOrder) {

  /** Accounts of every bank cell, as in SPEC section 8 and verona-rt's default. */
  public static final int ACCOUNTS = 36;

  /** Philosophers of every dining cell (verona-rt's default and the bench's). */
  public static final int PHILOSOPHERS = 50;

  /**
   * Checks the configuration.
   *
   * @throws IllegalArgumentException for an unknown workload, fewer than one worker, negative work,
   *     or an order given for the bank
   */
  public VeronaCell {
    if (!workload.equals("bank") && !workload.equals("dining")) {
      throw new IllegalArgumentException(
          "verona-rt side by side knows the workloads bank and dining, not " + workload);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    if (workUs < 0) {
      throw new IllegalArgumentException("work must be 0 or more microseconds, not " + workUs);
    }
    if (optimalOrder && workload.equals("bank")) {
      throw new IllegalArgumentException("the bank has no start order");
    }
  }

  /**
   * The cells of the comparison table: bank W=1,2 at U=0 and U=10, dining W=1,2 at U=0 in both
   * start orders.
   *
   * @return the cells, in table order
   */
  public static List<VeronaCell> standard() {
    List<VeronaCell> cells = new ArrayList<>();
    for (int u : new int[] {0, 10}) {
      for (int w = 1; w <= 2; w++) {
        cells.add(new VeronaCell("bank", w, u, false));
      }
    }
    for (boolean optimal : new boolean[] {false, true}) {
      for (int w = 1; w <= 2; w++) {
        cells.add(new VeronaCell("dining", w, 0, optimal));
      }
    }
    return List.copyOf(cells);
  }

  /**
   * The operations of a calibration run: about a tenth of a second on a 2-core machine.
   *
   * @return transactions (bank) or meals (dining)
   */
  public long calibrationOps() {
    long perSecondGuess = workUs > 0 ? 1_000_000L / (workUs + 1) * workers : 2_000_000L;
    return Math.max(smallestOps(), perSecondGuess / 10);
  }

  /**
   * The smallest run: one operation per teller, or one meal per philosopher. Its time is the
   * program's fixed cost (start, thread creation, tear-down), subtracted from every timed run.
   *
   * @return transactions (bank) or meals (dining)
   */
  public long smallestOps() {
    return workload.equals("bank") ? 2L * workers : PHILOSOPHERS;
  }

  /**
   * The command that runs verona-rt's program for about {@code ops} operations.
   *
   * @param buildDir the CMake build directory holding {@code test/perf-con-*}
   * @param ops transactions (bank) or meals (dining, rounded down to whole hungers, at least one)
   * @return the command line
   */
  public List<String> veronaCommand(Path buildDir, long ops) {
    List<String> cmd = new ArrayList<>();
    if (workload.equals("bank")) {
      cmd.add(buildDir.resolve("test/perf-con-banking").toString());
      cmd.addAll(List.of("--cores", Integer.toString(workers), "--num_trans", Long.toString(ops),
          "--work_usec", Integer.toString(workUs), "--accounts", Integer.toString(ACCOUNTS)));
    } else {
      cmd.add(buildDir.resolve("test/perf-con-dining_phil").toString());
      cmd.addAll(List.of("--cores", Integer.toString(workers),
          "--hunger", Long.toString(Math.max(1, ops / PHILOSOPHERS)),
          "--ponder_usec", Integer.toString(workUs)));
      if (optimalOrder) {
        cmd.add("--optimal_order");
      }
    }
    return cmd;
  }

  /**
   * The operations a verona-rt command for {@code ops} really runs (dining rounds to whole hungers).
   *
   * @param ops the operations asked for
   * @return the operations run
   */
  public long opsRun(long ops) {
    return workload.equals("bank") ? ops : Math.max(1, ops / PHILOSOPHERS) * PHILOSOPHERS;
  }

  /**
   * The bench harness's selection of the same cell, for boc4j alone.
   *
   * @return command-line options of {@code io.boc4j.bench.Main}
   */
  public List<String> benchSelection() {
    List<String> args = new ArrayList<>(List.of("--workload", workload, "--impl", "boc4j",
        "--workers", Integer.toString(workers), "--work", Integer.toString(workUs)));
    if (workload.equals("bank")) {
      args.addAll(List.of("--accounts", Integer.toString(ACCOUNTS)));
    } else {
      args.addAll(List.of("--order", optimalOrder ? "optimal" : "natural"));
    }
    return args;
  }

  /**
   * How the table names the cell.
   *
   * @return e.g. {@code bank W=2 U=10} or {@code dining W=1 U=0 optimal}
   */
  public String label() {
    String base = workload + " W=" + workers + " U=" + workUs;
    return workload.equals("dining") ? base + (optimalOrder ? " optimal" : " natural") : base;
  }

  /**
   * The unit of one operation.
   *
   * @return {@code tx/s} or {@code meals/s}
   */
  public String unit() {
    return workload.equals("bank") ? "tx/s" : "meals/s";
  }
}
