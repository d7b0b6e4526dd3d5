package io.boc4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The bounds of one {@link MainThread#pump(PumpLimits) pump}: an optional time budget, an optional
 * count, and whether body exceptions are rethrown. Immutable; build it once and reuse it (a frame
 * loop typically holds one constant).
 *
 * <pre>{@code
 * static final PumpLimits PER_FRAME = PumpLimits.deadline(Duration.ofMillis(4)).andMaxBehaviours(64);
 * boc.mainThread().pump(PER_FRAME);
 * }</pre>
 *
 * <ul>
 *   <li>The deadline gates <em>starting</em> the next behaviour and never interrupts one; if the
 *       queue is non-empty at least one behaviour runs.
 *   <li>The count is a hard limit.
 *   <li>With {@link #raisingOnError()} the first body exception is rethrown after the loop, later ones
 *       added as suppressed; without it they land only on their result cowns.
 * </ul>
 */
public final class PumpLimits {

  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  /** No deadline, no count, exceptions not rethrown: drain the queue. */
  public static final PumpLimits NONE = new PumpLimits(Long.MAX_VALUE, Integer.MAX_VALUE, false);

  private final long budgetNanos;
  private final int maxBehaviours;
  private final boolean raiseOnError;

  private PumpLimits(long budgetNanos, int maxBehaviours, boolean raiseOnError) {
    this.budgetNanos = budgetNanos;
    this.maxBehaviours = maxBehaviours;
    this.raiseOnError = raiseOnError;
  }

  /**
   * Limits with a time budget only.
   *
   * @param deadline positive
   * @return the limits
   * @throws NullPointerException if deadline is null
   * @throws IllegalArgumentException if deadline is zero, negative or too long for nanoseconds
   */
  public static PumpLimits deadline(Duration deadline) {
    return NONE.andDeadline(deadline);
  }

  /**
   * Limits with a count only.
   *
   * @param maxBehaviours positive (no upper cap)
   * @return the limits
   * @throws IllegalArgumentException if maxBehaviours is zero or negative
   */
  public static PumpLimits maxBehaviours(int maxBehaviours) {
    return NONE.andMaxBehaviours(maxBehaviours);
  }

  /**
   * These limits with a time budget.
   *
   * @param deadline positive
   * @return new limits
   * @throws NullPointerException if deadline is null
   * @throws IllegalArgumentException if deadline is zero, negative or too long for nanoseconds
   */
  public PumpLimits andDeadline(Duration deadline) {
    Objects.requireNonNull(deadline,
        "pump: deadline is null; use PumpLimits.NONE or PumpLimits.maxBehaviours(n) for no deadline");
    if (deadline.isZero() || deadline.isNegative()) {
      throw new IllegalArgumentException(
          "pump: deadline must be positive; got " + deadline + ". Leave it out for no deadline");
    }
    if (deadline.compareTo(LONGEST) >= 0) {
      throw new IllegalArgumentException("pump: deadline " + deadline
          + " is too long for nanoseconds; leave it out for no deadline");
    }
    return new PumpLimits(deadline.toNanos(), maxBehaviours, raiseOnError);
  }

  /**
   * These limits with a count.
   *
   * @param maxBehaviours positive (no upper cap)
   * @return new limits
   * @throws IllegalArgumentException if maxBehaviours is zero or negative
   */
  public PumpLimits andMaxBehaviours(int maxBehaviours) {
    if (maxBehaviours <= 0) {
      throw new IllegalArgumentException("pump: maxBehaviours must be positive; got "
          + maxBehaviours + ". Leave it out for no limit");
    }
    return new PumpLimits(budgetNanos, maxBehaviours, raiseOnError);
  }

  /**
   * These limits, rethrowing the first body exception after the loop.
   *
   * @return new limits
   */
  public PumpLimits raisingOnError() {
    return new PumpLimits(budgetNanos, maxBehaviours, true);
  }

  /**
   * The time budget, if any.
   *
   * @return the budget
   */
  public Optional<Duration> deadline() {
    return budgetNanos == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(budgetNanos));
  }

  /**
   * The count, if any.
   *
   * @return the count
   */
  public OptionalInt maxBehaviours() {
    return maxBehaviours == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(maxBehaviours);
  }

  /**
   * Whether the first body exception is rethrown.
   *
   * @return true if so
   */
  public boolean raisesOnError() {
    return raiseOnError;
  }

  long budgetNanos() {
    return budgetNanos;
  }

  int count() {
    return maxBehaviours;
  }

  @Override
  public String toString() {
    return "PumpLimits[deadline=" + deadline().map(Duration::toString).orElse("none")
        + ", maxBehaviours=" + (maxBehaviours == Integer.MAX_VALUE ? "none" : maxBehaviours)
        + ", raiseOnError=" + raiseOnError + "]";
  }
}
