package io.boc4j.bench;

/**
 * An implementation's resources for one cell (threads, a runtime, an actor system), reused by every
 * run of the cell. Created and closed outside the timed region, by the harness (which closes it on a
 * helper thread with a time bound, so it is deliberately not an {@link AutoCloseable}).
 */
public interface Session {

  /**
   * Builds fresh state for one run of about {@code ops} operations. Not timed.
   *
   * @param ops the requested operation count; the trial reports the count it really performs
   * @return the trial, ready to {@link Trial#start()}
   * @throws Exception if the state cannot be built
   */
  Trial prepare(long ops) throws Exception;

  /**
   * Releases the resources, waiting a bounded time; also called after a run timed out, so it must not
   * hang on work that never finishes.
   *
   * @throws Exception if shutting down failed
   */
  void close() throws Exception;
}
