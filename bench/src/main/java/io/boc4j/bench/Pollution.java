package io.boc4j.bench;

import io.boc4j.Boc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The polluted mode's warm-up, run in a polluted cell's own JVM before the cell is measured: first
 * every implementation of the workload (boc4j and its peers) is calibrated and warmed up as if it
 * were measured, then the {@link LambdaMix} runs for about {@link #mixMillis} on a runtime with the
 * cell's worker count. Afterwards the JIT has compiled the JDK's locks, pools and queues for the
 * peers and seen forty body classes at boc4j's call sites, as in an application that does more than
 * one thing; the cell is then measured exactly as a clean one.
 */
final class Pollution {

  private Pollution() {}

  /**
   * How long the lambda mix runs: as long as the warm-up runs of one cell, at least one run's time.
   *
   * @param s the settings
   * @return milliseconds
   */
  static long mixMillis(Settings s) {
    return Math.max(1, s.warmups()) * s.targetMillis();
  }

  /**
   * Warms this JVM up for a polluted cell.
   *
   * @param cell the cell about to be measured
   * @param runner measures with the suite's settings
   * @param settings the suite's settings
   * @return what ran, for the record's {@code pollution} field
   * @throws Exception if the lambda mix failed: boc4j itself misbehaved
   */
  static Map<String, Object> warm(Cell cell, CellRunner runner, Settings settings)
      throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> peers = new ArrayList<>();
    Map<String, String> problems = new LinkedHashMap<>();
    for (String impl : cell.workload().impls()) {
      String problem =
          runner.warmUpOnly(new Cell(cell.workload(), impl, cell.config(), Mode.CLEAN));
      peers.add(impl);
      if (problem != null) {
        problems.put(impl, problem); // still polluted: what it ran before failing stays compiled
      }
    }
    LambdaMix mix = new LambdaMix();
    long t0 = System.nanoTime();
    long behaviours;
    try (Boc boc = Boc.builder().workers(cell.config().workers())
        .shutdownTimeout(Duration.ofSeconds(5)).threadNamePrefix("bench-mix-").build()) {
      boc.start();
      behaviours = mix.run(boc, mixMillis(settings));
    }
    out.put("peersWarmed", peers);
    out.put("peerProblems", problems.isEmpty() ? null : problems);
    out.put("bodyClasses", mix.distinctClasses());
    out.put("mixBehaviours", behaviours);
    out.put("mixMillis", Math.round((System.nanoTime() - t0) / 1e6));
    return out;
  }
}
