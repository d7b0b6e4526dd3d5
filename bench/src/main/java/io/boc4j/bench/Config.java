package io.boc4j.bench;

import java.util.Objects;

/**
 * One point of a workload's configuration space: the dimensions every workload shares (workers,
 * work per operation) plus the optional ones a workload may use (accounts, a variant name).
 *
 * @param workers worker threads given to the implementation (boc4j workers, pool threads, dispatcher
 *     threads)
 * @param workUs busy-spin per operation, in microseconds (0 = none)
 * @param accounts accounts in the bank workload; null where it does not apply
 * @param variant a workload-specific variant (dining: the philosophers' start order); null if none
 */
public record Config(int workers, int workUs, Integer accounts, String variant) {

  /** Validates the dimensions. */
  public Config {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    if (workUs < 0) {
      throw new IllegalArgumentException("work per operation must be >= 0 us, got " + workUs);
    }
  }

  /** A short human label, e.g. {@code W=2 U=10us A=36 natural}. */
  public String label() {
    StringBuilder sb = new StringBuilder().append("W=").append(workers).append(" U=").append(workUs)
        .append("us");
    if (accounts != null) {
      sb.append(" A=").append(accounts);
    }
    if (variant != null) {
      sb.append(' ').append(variant);
    }
    return sb.toString();
  }

  /** The part of a cell key that encodes this configuration; see {@link Cell#key()}. */
  String keyPart() {
    return workers + "|" + workUs + "|" + (accounts == null ? "" : accounts) + "|"
        + Objects.requireNonNullElse(variant, "");
  }

  static Config fromKeyPart(String[] f, int from) {
    return new Config(Integer.parseInt(f[from]), Integer.parseInt(f[from + 1]),
        f[from + 2].isEmpty() ? null : Integer.valueOf(f[from + 2]),
        f.length <= from + 3 || f[from + 3].isEmpty() ? null : f[from + 3]);
  }
}
