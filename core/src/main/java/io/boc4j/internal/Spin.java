package io.boc4j.internal;

/**
 * Back-off for the protocol's short waits (a peer finishing its enqueue phase). Those waits are
 * bounded by a few instructions of the peer, unless the peer's thread was descheduled; on a 2-core
 * machine that is common, so after a short spin the waiter yields its core to let the peer finish.
 */
final class Spin {

  private static final int SPINS_BEFORE_YIELD = 64;

  private Spin() {}

  static void pause(int spinsSoFar) {
    if (spinsSoFar < SPINS_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }
}
