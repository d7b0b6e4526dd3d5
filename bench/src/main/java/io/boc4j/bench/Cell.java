package io.boc4j.bench;

/**
 * One measured unit of the suite: a workload run on one implementation under one configuration, in
 * one mode. The harness measures each cell in JVMs of its own (one per fork) and produces exactly one
 * {@link Result} per cell.
 *
 * @param workload the workload
 * @param impl the implementation name ({@code boc4j}, {@code locks}, ...)
 * @param config the configuration
 * @param mode clean, or polluted by a warmed mix first
 */
public record Cell(Workload workload, String impl, Config config, Mode mode) {

  /**
   * A stable, parseable key, {@code workload|impl|mode|workers|workUs|accounts|variant}: how the
   * launcher tells a child JVM which cell to run.
   *
   * @return the key
   */
  public String key() {
    return workload.name() + "|" + impl + "|" + mode.json() + "|" + config.keyPart();
  }

  /** Parses {@link #key()}. */
  static Cell fromKey(String key) {
    String[] f = key.split("\\|", -1);
    if (f.length < 6) {
      throw new IllegalArgumentException("malformed cell key '" + key + "'");
    }
    return new Cell(Workloads.byName(f[0]), f[1], Config.fromKeyPart(f, 3), Mode.of(f[2]));
  }

  /**
   * The implementation this cell's ratio is taken against: the workload's first implementation for
   * the other implementations, the same implementation measured clean for a polluted cell.
   *
   * @return the reference implementation, or null for the workload's first implementation, clean
   */
  public String ratioTo() {
    if (mode == Mode.POLLUTED) {
      return impl;
    }
    String first = workload.impls().get(0);
    return impl.equals(first) ? null : first;
  }

  @Override
  public String toString() {
    return workload.name() + " " + impl + (mode == Mode.POLLUTED ? " (polluted) " : " ")
        + config.label();
  }
}
