package io.boc4j.bench.pinned;

import io.boc4j.PumpLimits;
import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.List;

/**
 * SPEC section 8's pinned overlay: the chain ring (exactly the {@code chain} workload's shape and
 * code) on W workers, with and without one self-rescheduling pinned behaviour that the measuring
 * thread pumps at a high rate, to show what the overlay costs the workers. One operation is one
 * chain step, that is one worker behaviour; the pinned behaviours are not counted.
 *
 * <p>Both implementations bind the measuring (harness) thread as the runtime's main thread and,
 * while the ring runs, busy-wait on {@link System#nanoTime()} in {@value #PUMP_PERIOD_US} µs
 * periods until every chain has taken its last step:
 *
 * <ul>
 *   <li>{@code chain}: the loop only checks for the end;
 *   <li>{@code chain+pinned}: at each period it also calls {@code boc.mainThread().pump(PumpLimits.maxBehaviours(1))}, which
 *       runs the pinned behaviour once; its body bumps a counter on its {@link io.boc4j.PinnedCown}
 *       and schedules itself again, so exactly one pinned behaviour is always queued or running.
 * </ul>
 *
 * So both have the same three busy threads; the ratio chain+pinned ÷ chain isolates what the
 * pinned machinery (main-queue hand-offs, pump, the pinned behaviour's own scheduling) costs the
 * workers. Default W = 2.
 */
public final class PinnedOverlayWorkload extends AbstractWorkload {

  static final long PUMP_PERIOD_US = 100;

  /** The chain ring on boc4j without and with the pinned overlay. */
  public PinnedOverlayWorkload() {
    super("pinned", "behaviours/s", 20_000_000, impl("chain", c -> new PinnedOverlay(c, false)),
        impl("chain+pinned", c -> new PinnedOverlay(c, true)));
  }

  @Override
  public List<Integer> defaultWorkers(boolean quick) {
    return List.of(2);
  }

  /** {@inheritDoc} Both: the overlay is boc4j's own machinery, with and without the pinned part. */
  @Override
  public boolean runsOnBoc4j(String impl) {
    return true;
  }

  @Override
  public String description() {
    return """
      SPEC §8's pinned overlay: the chain ring on W = 2 workers \
      while the measuring thread, bound as the main thread, busy-waits in 100 µs periods until the \
      ring is done; `chain+pinned` also pumps one self-rescheduling pinned behaviour each period, \
      `chain` does not. Only chain steps count; the ratio chain+pinned ÷ chain is the overlay's \
      cost to the workers.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return workByWorkers(d, null, null);
  }
}
