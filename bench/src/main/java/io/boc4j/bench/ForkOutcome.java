package io.boc4j.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * What one fork of a cell measured, in one JVM: the raw sums {@link Aggregation} merges over forks.
 * A child JVM sends it to the harness as JSON (Jackson maps the record's components by name).
 *
 * @param status {@code ok}, {@code timeout}, {@code failed}, {@code crashed} or {@code stalled}
 * @param error what went wrong, or null
 * @param samples the throughput of each measured run that completed, in run order
 * @param opsPerRun the operation count every measured run used
 * @param measuredOps operations over the measured runs
 * @param measuredNanos wall time over the measured runs
 * @param allocatedBytes bytes allocated by every thread over the measured runs
 * @param lostThreads threads alive at a run's start and gone at its end (allocation then incomplete)
 * @param gcMillis collector time over the measured runs
 * @param peakHeapBytes the largest per-run heap peak
 * @param peakOldGenBytes the largest per-run old generation peak
 * @param foreignCpuNanos CPU time other processes used during the measured runs; -1 if unknown
 * @param capacityNanos wall time × CPUs over the measured runs
 * @param cpuNanos CPU time this JVM used over the measured runs (all its threads)
 * @param params the workload's sizes, from the last run
 * @param facts what verification established, from the last run (e.g. {@code conserved})
 * @param pid the JVM's process id
 * @param jvmArgs the JVM's input arguments, as it saw them
 * @param pollution what the polluted warm-up ran, or null for a clean cell
 * @param handOffNanos the one-way cache-line hand-off time between two threads ({@link
 *     HandOffProbe#quick}) right before the measured runs and right after them; empty if the fork
 *     did not get that far, an element null on a single processor
 */
record ForkOutcome(String status, String error, List<Double> samples, long opsPerRun,
    long measuredOps, long measuredNanos, long allocatedBytes, int lostThreads, long gcMillis,
    long peakHeapBytes, long peakOldGenBytes, long foreignCpuNanos, long capacityNanos,
    long cpuNanos, Map<String, Object> params, Map<String, Object> facts, long pid, List<String> jvmArgs,
    Map<String, Object> pollution, List<Double> handOffNanos) {

  /** @return whether every run completed and verified */
  boolean ok() {
    return Result.OK.equals(status);
  }

  /**
   * A fork that measured nothing: its JVM died or fell silent, or its polluted warm-up failed.
   *
   * @param status crashed, stalled or failed
   * @param error why
   * @param pid the JVM's process id
   * @param jvmArgs the options it was started with
   * @return the outcome
   */
  static ForkOutcome withoutRuns(String status, String error, long pid, List<String> jvmArgs) {
    return new ForkOutcome(status, error, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, Map.of(),
        Map.of(), pid, jvmArgs, null, List.of());
  }

  /** @return this JVM's process id */
  static long currentPid() {
    return ProcessHandle.current().pid();
  }

  /** @return this JVM's input arguments */
  static List<String> currentJvmArgs() {
    return List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
  }
}
