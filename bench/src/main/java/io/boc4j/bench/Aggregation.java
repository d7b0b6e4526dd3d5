package io.boc4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a cell's forks into its record, as JMH does: the median, min and max are taken over every
 * measured run of every fork (forks × runs samples), each fork's own median is kept ({@code
 * forkMedians}), and the JVM metrics are sums over all measured runs (GC share = collector time ÷
 * wall time, allocation ÷ operations) or maxima (heap peaks). A cell is ok only if every fork was.
 */
public final class Aggregation {

  /**
   * One fork as the suite saw it.
   *
   * @param launch which launch it was
   * @param outcome what it measured
   * @param seconds how long the launch took, JVM start to exit
   */
  record Fork(Plan.Launch launch, ForkOutcome outcome, double seconds) {}

  private Aggregation() {}

  /**
   * The record of one cell.
   *
   * @param cell the cell
   * @param forks its forks, in fork order
   * @param settings how they were measured
   * @return the record
   */
  static Result merge(Cell cell, List<Fork> forks, Settings settings) {
    Result.Builder b = new Result.Builder(cell);
    List<Double> samples = new ArrayList<>();
    List<Double> forkMedians = new ArrayList<>();
    List<List<Double>> forkHandOffs = new ArrayList<>();
    long ops = 0;
    long nanos = 0;
    long allocated = 0;
    long gcMillis = 0;
    long peak = 0;
    long peakOld = 0;
    long foreign = 0;
    long capacity = 0;
    long cpu = 0;
    boolean allocComplete = true;
    ForkOutcome lastWithRuns = null;
    List<Long> opsPerRun = new ArrayList<>();
    boolean ok = true;
    for (Fork f : forks) {
      ForkOutcome o = f.outcome();
      if (!o.ok() && ok) {
        ok = false;
        b.fail(o.status(), (forks.size() > 1 ? "fork " + f.launch().fork() + ": " : "")
            + o.error());
      }
      if (o.samples().isEmpty()) {
        continue;
      }
      lastWithRuns = o;
      samples.addAll(o.samples());
      forkMedians.add(median(o.samples()));
      forkHandOffs.add(o.handOffNanos());
      opsPerRun.add(o.opsPerRun());
      ops += o.measuredOps();
      nanos += o.measuredNanos();
      allocated += o.allocatedBytes();
      gcMillis += o.gcMillis();
      peak = Math.max(peak, o.peakHeapBytes());
      peakOld = Math.max(peakOld, o.peakOldGenBytes());
      foreign = foreign < 0 || o.foreignCpuNanos() < 0 ? -1 : foreign + o.foreignCpuNanos();
      capacity += o.capacityNanos();
      cpu += o.cpuNanos();
      allocComplete &= o.lostThreads() == 0;
    }
    b.put("forks", settings.forks());
    b.put("runs", samples.size());
    b.put("runsPerFork", settings.runs());
    if (!samples.isEmpty()) {
      b.put("median", median(samples));
      b.put("min", samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
      b.put("max", samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
      b.put("gcShare", Math.min(1.0, gcMillis * 1e6 / nanos));
      b.put("peakHeapBytes", peak);
      b.put("allocBytesPerOp", (double) allocated / ops);
      b.put("cpuNanosPerOp", (double) cpu / ops);
    }
    b.put("forkMedians", forkMedians);
    b.put("forkHandOffNanos", forkHandOffs);
    b.put("samples", samples);
    b.put("warmups", settings.warmups());
    b.put("opsPerRun", opsPerRun.isEmpty() ? null : Math.round(median(
        opsPerRun.stream().map(Long::doubleValue).toList())));
    b.put("peakOldGenBytes", samples.isEmpty() ? null : peakOld);
    b.put("allocComplete", allocComplete);
    b.put("foreignCpuShare", foreign < 0 || capacity == 0 ? null
        : Math.min(1.0, (double) foreign / capacity));
    if (lastWithRuns != null) {
      b.put("params", lastWithRuns.params());
      b.putAll(facts(forks));
    }
    ForkOutcome first = forks.isEmpty() ? null : forks.get(0).outcome();
    b.put("pollution", first == null ? null : first.pollution());
    b.put("jvmArgs", first == null ? List.of() : first.jvmArgs());
    b.put("launches", forks.stream().map(Aggregation::launch).toList());
    return b.build();
  }

  /** Every fork's facts; a boolean fact holds only if it held in every fork that reported it. */
  private static Map<String, Object> facts(List<Fork> forks) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Fork f : forks) {
      f.outcome().facts().forEach((k, v) -> m.merge(k, v,
          (a, b) -> a instanceof Boolean x && b instanceof Boolean y ? x && y : b));
    }
    return m;
  }

  private static Map<String, Object> launch(Fork f) {
    ForkOutcome o = f.outcome();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sequence", f.launch().sequence());
    m.put("fork", f.launch().fork());
    m.put("pid", o.pid());
    m.put("seconds", Math.round(f.seconds() * 10) / 10.0);
    m.put("status", o.status());
    m.put("median", o.samples().isEmpty() ? null : median(o.samples()));
    m.put("samples", o.samples());
    m.put("opsPerRun", o.opsPerRun());
    m.put("handOffNanos", o.handOffNanos());
    m.put("jvmArgs", o.jvmArgs());
    return m;
  }

  /**
   * The median: the middle value, or the mean of the two middle values.
   *
   * @param values at least one value
   * @return the median
   */
  public static double median(List<Double> values) {
    List<Double> s = values.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
