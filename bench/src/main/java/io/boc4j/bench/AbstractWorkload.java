package io.boc4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What most workloads share: a name, a unit, a cap on operations and the implementations, fixed at
 * construction; opening a session by implementation name; the usual calibration count; and the
 * usual ways of expanding the selected dimensions into configurations ({@link #workByWorkers},
 * {@link #unloaded}). A workload states only what is its own: its configurations, its sizes and its
 * implementations' constructors.
 */
public abstract class AbstractWorkload implements Workload {

  /** Opens one implementation's per-cell resources; typically a session class's constructor. */
  @FunctionalInterface
  protected interface Opener {
    /**
     * @param config the configuration
     * @return the session
     * @throws Exception if the resources cannot be set up
     */
    Session open(Config config) throws Exception;
  }

  /**
   * One implementation of a workload.
   *
   * @param name the implementation's name, as in records and on the command line
   * @param opener how to open its session
   */
  protected record Impl(String name, Opener opener) {}

  private final String name;
  private final String unit;
  private final long maxOps;
  private final Map<String, Opener> openers = new LinkedHashMap<>();
  private final List<String> implNames;

  /**
   * @param name the workload's name
   * @param unit what one operation is, as a throughput unit
   * @param maxOps the largest operation count of one run, for every configuration
   * @param impls the implementations, boc4j first
   */
  protected AbstractWorkload(String name, String unit, long maxOps, Impl... impls) {
    this.name = name;
    this.unit = unit;
    this.maxOps = maxOps;
    for (Impl i : impls) {
      openers.put(i.name(), i.opener());
    }
    this.implNames = List.copyOf(openers.keySet());
  }

  /** Shorthand for {@code new Impl(name, opener)}, for the constructor's argument list. */
  protected static Impl impl(String name, Opener opener) {
    return new Impl(name, opener);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String unit() {
    return unit;
  }

  @Override
  public final List<String> impls() {
    return implNames;
  }

  /** {@inheritDoc} 20,000 operations without busy work, 2,000 with. */
  @Override
  public long calibrationOps(Config c) {
    return c.workUs() == 0 ? 20_000 : 2_000;
  }

  @Override
  public long maxOps(Config c) {
    return maxOps;
  }

  @Override
  public final Session open(String impl, Config c) throws Exception {
    Opener opener = openers.get(impl);
    if (opener == null) {
      throw new IllegalArgumentException(name + " has no implementation '" + impl + "'");
    }
    return opener.open(c);
  }

  /**
   * {@link #workByWorkers} for every selected account count (accounts outer), for the workloads
   * that move money between accounts.
   *
   * @param d the selected dimensions
   * @return the configurations, in run order
   * @throws IllegalArgumentException if an account count is below 2 (a transfer needs two)
   */
  protected final List<Config> workByWorkersPerAccounts(Dimensions d) {
    List<Config> cs = new ArrayList<>();
    for (int a : d.accounts()) {
      if (a < 2) {
        throw new IllegalArgumentException(name() + " needs at least 2 accounts, got " + a);
      }
      cs.addAll(workByWorkers(d, a, null));
    }
    return cs;
  }

  /**
   * Every selected work value × every selected worker count (work outer, workers inner), with the
   * given accounts and variant.
   *
   * @param d the selected dimensions
   * @param accounts the accounts of every configuration, or null
   * @param variant the variant of every configuration, or null
   * @return the configurations, in run order
   */
  protected static List<Config> workByWorkers(Dimensions d, Integer accounts, String variant) {
    List<Config> cs = new ArrayList<>();
    for (int u : d.workUs()) {
      for (int w : d.workers()) {
        cs.add(new Config(w, u, accounts, variant));
      }
    }
    return cs;
  }

  /**
   * Every selected worker count without busy work, for a workload that has none: empty unless work
   * value 0 is selected.
   *
   * @param d the selected dimensions
   * @return the configurations, in run order
   */
  protected static List<Config> unloaded(Dimensions d) {
    List<Config> cs = new ArrayList<>();
    if (d.workUs().contains(0)) {
      for (int p : d.workers()) {
        cs.add(new Config(p, 0, null, null));
      }
    }
    return cs;
  }
}
