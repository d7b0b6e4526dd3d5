package io.boc4j.bench;

import java.util.Map;

/** One timed run: fresh state, started, awaited, then checked. Driven by one harness thread. */
public interface Trial {

  /**
   * Starts the work; the timed region begins just before this call. Should return quickly (it may
   * schedule the initial behaviours, release waiting threads, send the first messages).
   *
   * @throws Exception if the work could not be started
   */
  void start() throws Exception;

  /**
   * Waits until every operation has completed.
   *
   * @param timeoutNanos how long to wait at most
   * @return true when done, false on timeout
   * @throws Exception if waiting failed
   */
  boolean await(long timeoutNanos) throws Exception;

  /** Asks the work to stop issuing new operations, after a timeout. Never blocks. */
  void cancel();

  /**
   * Operations performed (exact once {@link #await} returned true).
   *
   * @return the count
   */
  long ops();

  /**
   * Checks the outcome after a completed run (for example that the bank conserved its total balance).
   *
   * @return null if correct, else what is wrong
   * @throws Exception if checking failed
   */
  String verify() throws Exception;

  /**
   * The workload's sizes for this run, reported with the result (for example philosophers, hunger).
   *
   * @return parameter name to value
   */
  Map<String, Object> params();

  /**
   * Facts established by {@link #verify()}, merged into the result record (for example {@code
   * conserved}); empty by default.
   *
   * @return fact name to value
   */
  default Map<String, Object> facts() {
    return Map.of();
  }
}
