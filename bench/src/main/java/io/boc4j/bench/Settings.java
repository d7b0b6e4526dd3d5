package io.boc4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How every cell is measured, resolved from the command line (or {@code --quick}'s defaults).
 *
 * @param forks fresh JVMs per cell; 0 measures every cell in the harness's own JVM (for tests: the
 *     numbers then depend on what ran before)
 * @param runs measured runs per fork
 * @param warmups warm-up runs per fork (after calibration)
 * @param targetMillis target duration of one run
 * @param runTimeoutMillis a run taking longer is abandoned
 * @param fixedOps if positive, every run uses this many operations and there is no calibration
 */
record Settings(int forks, int runs, int warmups, long targetMillis, long runTimeoutMillis,
    long fixedOps) {

  /** The options a child JVM needs to measure exactly as this harness would. */
  List<String> childArgs() {
    List<String> a = new ArrayList<>(List.of("--runs", "" + runs, "--warmups", "" + warmups,
        "--target-ms", "" + targetMillis, "--run-timeout", "" + runTimeoutMillis / 1000));
    if (fixedOps > 0) {
      a.addAll(List.of("--ops", "" + fixedOps));
    }
    return a;
  }
}
