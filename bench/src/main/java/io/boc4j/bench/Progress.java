package io.boc4j.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Console progress: one line per run, one per finished fork, one per cell at the end. */
final class Progress implements CellRunner.Listener {

  private final PrintStream out;

  Progress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onRun(Cell cell, String phase, int index, long ops, double rate) {
    out.printf(Locale.ROOT, "  [%s] %s %d: %s %s (%,d ops)%n",
        cell, phase, index, human(rate), cell.workload().unit(), ops);
  }

  void onFork(Plan.Launch l, ForkOutcome o) {
    if (o.ok()) {
      out.printf(Locale.ROOT, "[%s] fork %d: median %s %s%s%n", l.cell(), l.fork(),
          human(Aggregation.median(o.samples())), l.cell().workload().unit(),
          o.handOffNanos().size() == 2 && o.handOffNanos().get(0) != null
              ? String.format(Locale.ROOT, " (cache-line hand-off %.0f / %.0f ns)",
                  o.handOffNanos().get(0), o.handOffNanos().get(1))
              : "");
    } else {
      out.printf(Locale.ROOT, "[%s] fork %d %s: %s%n", l.cell(), l.fork(),
          o.status().toUpperCase(Locale.ROOT), o.error());
    }
  }

  void onCell(Cell cell, Result r) {
    if (r.ok()) {
      out.printf(Locale.ROOT,
          "[%s] median %s %s (min %s, max %s over %d runs), %.0f B/op, %.0f ns CPU/op,"
              + " gc %.1f%%%n",
          cell, human(r.median()), r.unit(), human(r.min()), human(r.max()), r.runs(),
          r.allocBytesPerOp(), r.cpuNanosPerOp(), 100 * r.gcShare());
    } else {
      out.printf(Locale.ROOT, "[%s] %s: %s%n", cell, r.status().toUpperCase(Locale.ROOT),
          r.error());
    }
  }

  /** 1234567 as {@code 1.23 M}. */
  static String human(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.1f k", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
