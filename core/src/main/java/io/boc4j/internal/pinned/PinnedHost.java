package io.boc4j.internal.pinned;

import io.boc4j.internal.Behaviour;

/**
 * What the main thread's side needs from the generation that owns it: run a pinned behaviour with
 * its accounting, drop one at shutdown, keep drop failures, and say whether it is dropping. The
 * generation implements it, so that {@link Pump} depends on this small contract and not on the
 * scheduler (which depends on the pump).
 */
public interface PinnedHost {

  /**
   * Runs a pinned behaviour taken from the main queue on the calling (main) thread, inside a body
   * scope, and accounts for its completion; cleanup happens on every path.
   *
   * @param b the behaviour
   * @return the body's failure, or null
   */
  Throwable runPinned(Behaviour b);

  /**
   * Releases a pinned behaviour without running it (shutdown drop).
   *
   * @param b the behaviour
   * @return a Throwable raised while handling it, or null
   */
  Throwable dropOne(Behaviour b);

  /**
   * Keeps a Throwable raised while dropping, for close() to rethrow once everything was dropped.
   *
   * @param t the failure
   */
  void recordDropFailure(Throwable t);

  /**
   * Whether close() gave up waiting and behaviours that have not started are being dropped.
   *
   * @return true while dropping
   */
  boolean isDropping();
}
