package io.boc4j.bench.report;

import io.boc4j.bench.Mode;
import io.boc4j.bench.Result;
import java.util.Locale;

/**
 * How the report writes numbers and names records: one place, so tables and charts agree (the
 * verona-rt comparison's table uses {@link #human} too).
 */
public final class Format {

  private Format() {}

  /**
   * 1234567 as {@code 1.23 M}, 95123 as {@code 95.1 k}; an em dash for NaN.
   *
   * @param v the value
   * @return the value with its SI prefix
   */
  public static String human(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.1f k", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  /** A ratio with three significant digits: {@code 7.72}, {@code 0.131}, {@code 12.4}. */
  static String ratio(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return "—";
    }
    return x >= 10 ? String.format(Locale.ROOT, "%.1f", x)
        : x >= 1 ? String.format(Locale.ROOT, "%.2f", x)
        : String.format(Locale.ROOT, "%.3f", x);
  }

  /** The median and its min–max range: {@code 1.58 M (1.40 M – 1.70 M)}. */
  static String withRange(Result r) {
    return human(r.median()) + " (" + human(r.min()) + " – " + human(r.max()) + ")";
  }

  /**
   * The configuration, with what the variant is: {@code W=2 U=0 A=36}, {@code W=1 U=10
   * order=natural}.
   */
  static String config(Result r) {
    StringBuilder sb = new StringBuilder().append("W=").append(r.workers()).append(" U=")
        .append(r.workUs());
    if (r.accounts() != null) {
      sb.append(" A=").append(r.accounts());
    }
    if (r.variant() != null) {
      sb.append(' ');
      if (r.variantName() != null) {
        sb.append(r.variantName()).append('=');
      } else if (r.workload().equals("dining")) {
        sb.append("order="); // documents of schema 1 did not name the variant
      }
      sb.append(r.variant());
    }
    return sb.toString();
  }

  /** The record's column name: the implementation, and {@code polluted} if it was. */
  static String column(Result r) {
    return r.mode() == Mode.POLLUTED ? r.impl() + " polluted" : r.impl();
  }
}
