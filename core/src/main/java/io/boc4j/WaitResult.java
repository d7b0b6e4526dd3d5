package io.boc4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Boc#waitAll} and {@link Boc#quiesce} observed once every behaviour had completed.
 *
 * @param stats per-worker statistics, one per worker in index order; empty if no runtime was running
 * @param noticeboard the final noticeboard, detached from the board; empty, never null, if nothing
 *     was written
 */
public record WaitResult(List<WorkerStats> stats, Map<String, Object> noticeboard) {

  /** The result when no runtime was running. */
  public static final WaitResult EMPTY = new WaitResult(List.of(), Map.of());

  /**
   * Creates a result.
   *
   * @param stats per-worker statistics, one per worker in index order
   * @param noticeboard the final noticeboard
   * @throws NullPointerException if either part is null
   */
  public WaitResult {
    Objects.requireNonNull(stats,
        "WaitResult: stats is null; pass the per-worker statistics (List.of() when none)");
    Objects.requireNonNull(noticeboard,
        "WaitResult: noticeboard is null; pass the final board (Map.of() when empty)");
  }
}
