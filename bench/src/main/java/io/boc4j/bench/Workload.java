package io.boc4j.bench;

import java.util.List;

/**
 * A benchmark workload: one definition, run on boc4j and on each peer implementation.
 *
 * <p>Adding a workload means writing one class implementing this interface (usually by extending
 * {@link AbstractWorkload}, with one {@link Session} per implementation, nested or reused) and
 * listing it in {@link Workloads}; the harness does the planning, forking, sizing, timing,
 * repetition, JVM metrics, JSON, report and charts, and the report takes the workload's description
 * from {@link #description()}.
 *
 * <p>The harness drives a cell like this, on one thread:
 *
 * <pre>{@code
 * Session s = workload.open(impl, config);   // threads, runtime, actor system: not timed
 * for each run:
 *   Trial t = s.prepare(ops);                 // fresh state for the run: not timed
 *   t.start(); t.await(timeout);              // timed
 *   t.verify();                               // checked, not timed
 * s.close();                                  // bounded, also after a timeout
 * }</pre>
 */
public interface Workload {

  /**
   * The workload's stable name, used in JSON records and on the command line.
   *
   * @return e.g. {@code bank}
   */
  String name();

  /**
   * What one operation is, as a throughput unit.
   *
   * @return e.g. {@code tx/s}
   */
  String unit();

  /**
   * The implementations this workload runs on. The first is the reference of every ratio (boc4j, or
   * for the pinned overlay the ring without the overlay).
   *
   * @return implementation names
   */
  List<String> impls();

  /**
   * What the workload does, in one Markdown paragraph for the report: its shape, what one operation
   * is, and what each peer does.
   *
   * @return the description
   */
  String description();

  /**
   * Whether an implementation runs on boc4j: those are also measured in {@link Mode#POLLUTED} mode
   * when {@code --polluted} is given.
   *
   * @param impl one of {@link #impls()}
   * @return true for boc4j implementations
   */
  default boolean runsOnBoc4j(String impl) {
    return impl.equals("boc4j");
  }

  /**
   * What a configuration's variant is, as a JSON field name and label prefix (the dining workload's
   * start order is {@code order}); null if the workload has no variants.
   *
   * @return the variant's name, or null
   */
  default String variantName() {
    return null;
  }

  /**
   * The configurations to run, the cross product of the dimensions this workload uses.
   *
   * @param dims the dimension values selected on the command line
   * @return the configurations, in run order
   */
  List<Config> configs(Dimensions dims);

  /**
   * The worker counts this workload runs when {@code --workers} is not given; null for the suite's
   * default (1,2; {@code --quick}: 2). A workload whose "workers" are something else (the messaging
   * workload's producer/receiver pairs) picks its own.
   *
   * @param quick whether {@code --quick} is on
   * @return the values, or null
   */
  default List<Integer> defaultWorkers(boolean quick) {
    return null;
  }

  /**
   * The work values (us per operation) this workload runs when {@code --work} is not given; null for
   * the suite's default (0,10; {@code --quick}: 0).
   *
   * @param quick whether {@code --quick} is on
   * @return the values, or null
   */
  default List<Integer> defaultWorkUs(boolean quick) {
    return null;
  }

  /**
   * The account counts this workload runs when {@code --accounts} is not given; null for the suite's
   * default (36,2,8,1024; {@code --quick}: 36). A workload for which one size says enough, or whose
   * accounts are a table of another size, picks its own; explicit {@code --accounts} values still
   * win.
   *
   * @param quick whether {@code --quick} is on
   * @return the values, or null
   */
  default List<Integer> defaultAccounts(boolean quick) {
    return null;
  }

  /**
   * Options for every child JVM that runs one of this workload's cells (for instance a heap limit):
   * the same for every implementation, so that no cell runs under other settings than its peers.
   *
   * @return JVM options; empty for the JVM's defaults
   */
  default List<String> jvmOptions() {
    return List.of();
  }

  /**
   * An operation count small enough that the first (calibration) run takes well under a second on
   * any implementation; the harness sizes the real runs from its rate.
   *
   * @param config the configuration
   * @return a small operation count
   */
  long calibrationOps(Config config);

  /**
   * The largest operation count one run may use, to bound memory and time.
   *
   * @param config the configuration
   * @return the cap
   */
  long maxOps(Config config);

  /**
   * Opens an implementation's per-cell resources (worker threads, a runtime, an actor system).
   *
   * @param impl one of {@link #impls()}
   * @param config the configuration
   * @return the session; the harness closes it
   * @throws Exception if the resources cannot be set up
   */
  Session open(String impl, Config config) throws Exception;

  /**
   * The values of each dimension selected for a suite run.
   *
   * @param workers worker counts
   * @param workUs busy work per operation, in us
   * @param accounts account counts (bank, mono, metrics, readers)
   * @param orders dining start orders
   * @param reads percentages of read-only operations (readers)
   */
  record Dimensions(List<Integer> workers, List<Integer> workUs, List<Integer> accounts,
      List<String> orders, List<Integer> reads) {}
}
