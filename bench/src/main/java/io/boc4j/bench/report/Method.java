package io.boc4j.bench.report;

import java.util.Locale;
import java.util.Map;

/**
 * The report's Method section: how the numbers were taken, with the settings of the run that took
 * them. Documents of schema 1 (one JVM per workload, every implementation inside it) are described
 * as what they were.
 */
final class Method {

  private Method() {}

  @SuppressWarnings("unchecked")
  static void write(StringBuilder out, Map<String, Object> doc, double noisy) {
    Map<String, Object> s = (Map<String, Object>) doc.get("settings");
    long target = ((Number) s.get("targetMillis")).longValue();
    long timeout = ((Number) s.get("runTimeoutMillis")).longValue() / 1000;
    out.append("## Method\n\n");
    Object forks = s.get("forks");
    if (!(forks instanceof Number f)) {
      out.append(String.format(Locale.ROOT, """
          **These numbers were taken by the old method** (schema 1): each workload ran in one \
          child JVM with every implementation and configuration inside it, so each cell was \
          measured after whatever ran before it in that JVM. Per cell: one calibration run, %s \
          warm-up runs of about %d ms, %s measured runs; median, min and max over those runs.

          """, s.get("warmups"), target, s.get("runs")));
    } else {
      int n = f.intValue();
      out.append(String.format(Locale.ROOT, """
          Every cell (one implementation under one configuration, clean or polluted) is measured \
          in %s, and nothing else runs in such a JVM. Within a configuration the forks are \
          interleaved across implementations: fork 1 of each, then fork 2 of each, and so on, so \
          a slow spell of the shared machine hits all of them alike. A workload's JVM options \
          are the same for all its implementations: every child runs in a heap of fixed size \
          (`-Xms` = `-Xmx`, 2 GiB unless `--jvm-args` sets it; a heap that G1 may shrink would \
          be shrunk to about 20 MB by the `System.gc()` before each run) and with \
          `-XX:+ExitOnOutOfMemoryError`. In each fork: the implementation is started \
          (not timed), one calibration run, %s warm-up runs each sized from the previous rate to \
          take about %d ms, then %s measured runs of identical size. A record's median, min and \
          max are over all forks × runs; the JSON keeps each fork's median (`forkMedians`) and \
          samples, pid and JVM options (`launches`). Throughput is operations ÷ wall time from \
          the first scheduling call to the last operation's completion.

          """, n == 0 ? "the harness's own JVM, one cell after another (`--forks 0`: a test "
              + "setting; these numbers depend on what ran before)"
              : n + " fresh JVM" + (n == 1 ? "" : "s") + " of its own (forks)",
          s.get("warmups"), target, s.get("runs")));
      if (Boolean.TRUE.equals(s.get("polluted"))) {
        out.append(String.format(Locale.ROOT, """
            **Polluted** records are boc4j measured the way an application meets it: in the \
            cell's own JVM, every implementation of the workload (boc4j and its peers) is first \
            calibrated and warmed up, then a mix of %s behaviour bodies of distinct classes \
            (`run` and `when` of arities 1–3, groups, result cowns, `whenAll`) runs for about %s \
            ms, and only then is the cell measured as a clean one. The JIT has then compiled the \
            peers' code and seen many body classes at boc4j's call sites, where a clean JVM sees \
            one. Polluted ÷ clean is the cost of that history.

            """, s.get("lambdaBodies"), s.get("mixMillis")));
      }
    }
    out.append(String.format(Locale.ROOT, """
        - **Allocation** per operation: the sum, over every live thread, of the change in \
        `com.sun.management.ThreadMXBean#getThreadAllocatedBytes` across a run, divided by the \
        operations. Java 17 has no JVM-wide counter (`getTotalThreadAllocatedBytes` is JDK 21+), \
        so the harness keeps every implementation's threads alive across the timed region and \
        flags a record `allocComplete: false` if a thread that was alive at the start disappeared.
        - **GC share**: change of `GarbageCollectorMXBean#getCollectionTime` summed over \
        collectors (G1 pauses), divided by wall time, over the measured runs.
        - **Peak heap**: every heap pool's peak is reset before a run and the pools' peaks summed \
        after it (an upper bound); the largest over the measured runs.
        - **Other load**: each record carries `foreignCpuShare`, the CPU time used by other \
        processes (and stolen by the hypervisor) during its measured runs as a share of the runs' \
        capacity (wall time × CPUs), from `/proc/stat`. Cells above %d%% are marked ⚠: their \
        absolute numbers are depressed.
        - A run that does not finish within %d s is abandoned and its fork reported as \
        `timeout`; a child JVM that dies (for instance out of memory) or goes silent is recorded \
        as a `crashed` or `stalled` fork; a cell is `ok` only if every fork was.

        """, Math.round(100 * noisy), timeout));
  }
}
