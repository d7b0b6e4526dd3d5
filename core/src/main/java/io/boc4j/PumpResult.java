package io.boc4j;

/**
 * What one {@link MainThread#pump} did.
 *
 * @param executed pinned behaviours whose life cycle completed in this pump, failed ones included
 * @param deadlineReached true only if the deadline stopped the pump while work remained queued;
 *     false when the queue ran empty or {@code maxBehaviours} ended it
 * @param raised bodies that threw an exception (stored on their result cowns); an {@link Error}
 *     leaves the pump at once and no result is returned
 */
public record PumpResult(int executed, boolean deadlineReached, int raised) {

  /** What a pump of an empty queue returns. */
  public static final PumpResult EMPTY = new PumpResult(0, false, 0);
}
