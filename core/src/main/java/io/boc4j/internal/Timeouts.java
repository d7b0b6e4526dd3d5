package io.boc4j.internal;

import java.time.Duration;

/** Converts {@link Duration} timeouts into {@link System#nanoTime()} deadlines, one rule everywhere. */
public final class Timeouts {

  /** The deadline meaning "wait forever". */
  public static final long FOREVER = Long.MAX_VALUE;

  private static final Duration LONGEST_FINITE = Duration.ofNanos(Long.MAX_VALUE / 4);

  private Timeouts() {}

  /** Nanoseconds left until {@code deadline}, or {@code Long.MAX_VALUE} for {@link #FOREVER}. */
  public static long remaining(long deadline) {
    return deadline == FOREVER ? Long.MAX_VALUE : deadline - System.nanoTime();
  }

  /**
   * Returns the deadline for {@code timeout} from now.
   *
   * @param timeout non-null, non-negative; a duration too long for nanoseconds means forever
   * @param what the parameter's name for error messages
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   */
  public static long deadline(Duration timeout, String what) {
    if (timeout == null) {
      // No lambda for the message: an invokedynamic call site first linked at the end of a stack
      // (an acquire deep in a recursion) fails to link, and stays failed for the life of the JVM.
      throw new NullPointerException(
          what + " must not be null; pass a Duration (ZERO to check once)");
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          what + " must not be negative, got " + timeout + "; pass Duration.ZERO to check once");
    }
    if (timeout.compareTo(LONGEST_FINITE) >= 0) {
      return FOREVER; // beyond ~73 years a deadline could wrap around nanoTime's range
    }
    return System.nanoTime() + timeout.toNanos();
  }

  /** Like {@link #deadline} but a null timeout means forever. */
  public static long deadlineOrForever(Duration timeout, String what) {
    return timeout == null ? FOREVER : deadline(timeout, what);
  }
}
