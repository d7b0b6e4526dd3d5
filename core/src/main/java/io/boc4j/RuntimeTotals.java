package io.boc4j;

/**
 * Totals of the current runtime generation, summed across workers and other threads. At quiescence
 * {@code scheduled == completed}; while running each figure is individually recent.
 *
 * @param scheduled behaviours scheduled (synchronous takes included)
 * @param completed behaviours completed, failed ones included
 * @param failed bodies that threw
 * @param inFlight an upper bound of the behaviours in flight; exact at quiescence
 */
public record RuntimeTotals(long scheduled, long completed, long failed, long inFlight) {

  /** The totals when no runtime is running. */
  public static final RuntimeTotals NONE = new RuntimeTotals(0, 0, 0, 0);
}
