package io.boc4j.bench;

import java.io.IOException;

/** Carries out one launch of a {@link Plan}: measures one fork of one cell somewhere. */
interface Launcher {

  /**
   * Measures the launch's fork.
   *
   * @param launch the launch
   * @return what the fork measured; a fork that failed in any way is an outcome, not an exception
   * @throws IOException if the launch could not be set up
   * @throws InterruptedException if interrupted while waiting for it
   */
  ForkOutcome run(Plan.Launch launch) throws IOException, InterruptedException;

  /**
   * Measures in this JVM, every cell after the other ({@code --forks 0}): for tests, whose cells
   * must be cheap; the numbers depend on what ran before.
   *
   * @param settings how to measure
   * @param listener progress
   * @return the launcher
   */
  static Launcher inThisJvm(Settings settings, CellRunner.Listener listener) {
    CellRunner runner = new CellRunner(settings, listener);
    return launch -> runner.measure(launch.cell());
  }
}
