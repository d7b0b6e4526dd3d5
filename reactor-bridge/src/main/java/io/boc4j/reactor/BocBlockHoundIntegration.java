package io.boc4j.reactor;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound, where an application installs it, about the one wait in boc4j's scheduling path
 * that is not blocking in the sense BlockHound guards: while a behaviour joins a cown's request
 * queue behind another behaviour that is still enqueuing, it spins (then yields) for the few
 * instructions that other enqueue takes. That wait never depends on other behaviours running, so
 * it cannot stall an event loop; BlockHound would still flag its {@code Thread.onSpinWait} /
 * {@code Thread.yield} calls on a Reactor thread that schedules through the bridge. (Only if that
 * other enqueue never finishes, because its {@code when} failed half-way, does the wait park, in
 * 100 µs slices: the runtime is broken then, and the wait is reported in core's log.) Loaded through
 * {@code META-INF/services} by {@code BlockHound.install()}; nothing happens without BlockHound.
 */
public final class BocBlockHoundIntegration implements BlockHoundIntegration {

  /** The class holding the protocol's bounded spin: named, since it is not part of core's API. */
  static final String SPIN_CLASS = "io.boc4j.internal.Spin";

  /** Created by BlockHound's service loader. */
  public BocBlockHoundIntegration() {}

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside(SPIN_CLASS, "pause");
  }
}
