package io.boc4j.bench;

import io.boc4j.Boc;
import io.boc4j.BocStats;
import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A boc4j implementation's session: one runtime, built and started when the cell opens and closed
 * with it, plus what the boc4j trials share: waiting for quiescence ({@link #quiesce}), a cancel
 * flag ({@link QuiescingTrial}) and reading a cown back for verification ({@link #result}).
 * Everything here is outside the timed region except {@link QuiescingTrial#await}, which is exactly
 * the {@link Boc#quiesce} the trials called themselves.
 */
public abstract class BocSession implements Session {

  /** How long a verification read waits for its behaviour. */
  private static final long RESULT_TIMEOUT_SECONDS = 30;

  /** The runtime, started. */
  protected final Boc boc;

  /**
   * Builds and starts the runtime (shutdown timeout 5 s).
   *
   * @param workers worker threads
   * @param threadNamePrefix the worker threads' name prefix
   */
  protected BocSession(int workers, String threadNamePrefix) {
    this.boc = Boc.builder().workers(workers).shutdownTimeout(Duration.ofSeconds(5))
        .threadNamePrefix(threadNamePrefix).build();
    boc.start();
  }

  /** Closes the runtime. */
  @Override
  public void close() {
    boc.close();
  }

  /**
   * Waits until {@code boc} is quiescent.
   *
   * @param boc the runtime
   * @param timeoutNanos how long to wait at most
   * @return true when quiescent, false on timeout
   * @throws InterruptedException if interrupted while waiting
   */
  public static boolean quiesce(Boc boc, long timeoutNanos) throws InterruptedException {
    try {
      boc.quiesce(Duration.ofNanos(timeoutNanos));
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /**
   * Waits (30 s at most) for a behaviour's result: how the trials read cowns back to verify.
   *
   * @param <T> the result type
   * @param result the behaviour's result cown
   * @return the result
   * @throws Exception if the behaviour failed or did not finish in time
   */
  protected static <T> T result(ResultCown<T> result) throws Exception {
    return result.toCompletionStage().toCompletableFuture()
        .get(RESULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * A trial whose work ends when the runtime quiesces; its behaviours check {@link #cancelled}
   * before rescheduling themselves.
   */
  public abstract class QuiescingTrial implements Trial {

    /** Set by {@link #cancel()}: stop issuing new operations. */
    protected volatile boolean cancelled;

    /** The engine's counters when this run was prepared, before its first behaviour. */
    private final BocStats before = boc.stats();

    /** The engine's counters once this run quiesced, or null if it never did. */
    private BocStats after;

    /** Waits for the runtime to quiesce, then samples the engine's counters. */
    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
      boolean quiet = quiesce(boc, timeoutNanos);
      if (quiet) {
        after = boc.stats();
      }
      return quiet;
    }

    /**
     * How the engine ran this trial, per 1,000 operations (see {@link EngineFacts}); empty if it
     * never quiesced. Workloads that report facts of their own add these to them.
     */
    @Override
    public Map<String, Object> facts() {
      return after == null ? Map.of() : EngineFacts.between(before, after, ops());
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
