package io.boc4j;

import io.boc4j.internal.time.VirtualTime;
import java.time.Duration;
import java.util.Objects;

/**
 * Time for tests, moved by hand: give one to a deterministic runtime ({@link
 * Boc.Builder#deterministic(long, VirtualClock)}) and its watchdogs read this clock instead of the
 * system's, so a test sees a pump-watchdog warning, a starvation raise or a slow-body report by
 * advancing the clock, without waiting real seconds.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * Boc boc = Boc.builder().deterministic(seed, clock)
 *     .pumpWatchdog(Duration.ofSeconds(1), Duration.ofSeconds(5), handler)
 *     .build();
 * boc.run(PinnedCown.of(scene), s -> draw(s));   // queued for the main thread
 * clock.advance(Duration.ofSeconds(1));           // handler.onStarve(WARN, ...) before this returns
 * clock.advance(Duration.ofSeconds(4));           // handler.onStarve(ERROR, ...)
 * boc.mainThread().pump();                        // throws PumpStarvationException, once
 * }</pre>
 *
 * <h2>What it moves</h2>
 *
 * The runtime's watchdogs: the pump watchdog ({@link MainThread#setPumpWatchdog}, {@link
 * Boc.Builder#pumpWatchdog}), which measures how long the main queue has been non-empty on this
 * clock; the slow-body detector ({@link Boc.Builder#slowBodyThreshold}), which samples running
 * behaviours every quarter of its threshold of this clock's time (a body that calls {@code
 * advance} itself, to act a slow body, is reported once the clock has moved 1.25 thresholds past
 * its start); and the ages in {@link PinnedStats}. Their checks run inside {@link #advance}, on the
 * calling thread, each at the moment it falls due: reports, listeners and handlers are called
 * before {@code advance} returns.
 *
 * <p>It does not move the timeouts of waits ({@code quiesce}, {@code waitAll}, {@code acquire},
 * {@link Mailbox#receive}, the producer and shutdown timeouts): those bound how long a real thread
 * is parked. In deterministic mode a wait never sleeps anyway: it runs the ready behaviours and
 * fails at once if none is ready.
 *
 * <p>Time starts at zero and never goes back. One clock may serve several runtimes. Threading: any
 * thread; advances are serialised (one waits for another to finish).
 */
public final class VirtualClock {

  /** The runtime's side of the clock. */
  final VirtualTime time = new VirtualTime();

  /** A clock at time zero. */
  public VirtualClock() {}

  /**
   * Moves time forward by {@code by}, running on the calling thread every watchdog check that falls
   * due meanwhile, earliest first, each with the clock set to its own due time.
   *
   * @param by how far; {@link Duration#ZERO} runs the checks due now (a watchdog just configured)
   * @throws NullPointerException if by is null
   * @throws IllegalArgumentException if by is negative
   */
  public void advance(Duration by) {
    Objects.requireNonNull(by, "advance: the duration is null; pass how far to move the clock");
    if (by.isNegative()) {
      throw new IllegalArgumentException(
          "advance: a virtual clock never goes back; got " + by + ", pass zero or more");
    }
    time.advance(by.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : by.toNanos());
  }

  /**
   * How far the clock has been advanced since it was created.
   *
   * @return the virtual time
   */
  public Duration elapsed() {
    return Duration.ofNanos(time.nanoTime() - VirtualTime.ORIGIN);
  }

  @Override
  public String toString() {
    return "VirtualClock[" + elapsed() + "]";
  }
}
