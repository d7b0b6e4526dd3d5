package io.boc4j.samples.support;

import java.util.Locale;

/**
 * How many operations took how long, and the rate that makes.
 *
 * @param ops operations completed
 * @param nanos elapsed wall-clock time in nanoseconds
 */
public record Throughput(long ops, long nanos) {

  /**
   * The throughput of {@code ops} operations started at {@code startNanos} (a {@link
   * System#nanoTime()} reading) and finished now.
   *
   * @param ops operations completed
   * @param startNanos when they started
   * @return the measurement
   */
  public static Throughput since(long ops, long startNanos) {
    return new Throughput(ops, System.nanoTime() - startNanos);
  }

  /**
   * Elapsed time in milliseconds.
   *
   * @return milliseconds, with fractions
   */
  public double millis() {
    return nanos / 1e6;
  }

  /**
   * Operations per second.
   *
   * @return the rate; 0 if no time elapsed
   */
  public double perSecond() {
    return nanos == 0 ? 0 : ops * 1e9 / nanos;
  }

  /**
   * Formats as {@code "123.4 ms, 56,789 <unit>/s"}.
   *
   * @param unit what one operation is, plural (e.g. {@code "meals"})
   * @return the text
   */
  public String describe(String unit) {
    return String.format(Locale.ROOT, "%,.1f ms, %,.0f %s/s", millis(), perSecond(), unit);
  }
}
