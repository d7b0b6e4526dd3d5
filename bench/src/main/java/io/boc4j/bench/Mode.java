package io.boc4j.bench;

import java.util.Locale;

/**
 * What a cell's JVM ran before the cell was measured. Every cell runs in fresh JVMs of its own, so
 * in {@link #CLEAN} mode nothing else ran there: the number depends on the implementation alone. In
 * {@link #POLLUTED} mode (boc4j cells only, with {@code --polluted}) the JVM first warms a realistic
 * mix (see {@link Pollution}) and then measures, so the JIT's profiles have seen other code: the
 * number a user of a real application sees.
 */
public enum Mode {
  /** Measured in a JVM that ran nothing else. */
  CLEAN,
  /** Measured after every peer of the workload and a mix of distinct bodies warmed the JVM. */
  POLLUTED;

  /** @return the name in JSON records and cell keys: {@code clean} or {@code polluted} */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@link #json()}.
   *
   * @param s {@code clean} or {@code polluted}
   * @return the mode
   */
  public static Mode of(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
