package io.boc4j.internal.pinned;

import io.boc4j.internal.Terminator;
import io.boc4j.internal.Timeouts;
import java.util.function.LongSupplier;

/**
 * What waitAll/quiesce do between bounded waits: on the main thread, pump. One instance per wait, on
 * the waiting thread.
 *
 * <p>The waiting thread becomes the main thread if pinned work is queued and no thread is bound
 * (then it pumps); on a thread bound elsewhere it only waits. Each auto-pump first checks the
 * watchdog's raise threshold (unless disabled, as for close()), then drains the queue, gating each
 * start by the wait's own deadline. A body's {@link Error} and a starvation exception end the wait.
 */
public final class MainThreadWait implements Terminator.BetweenWaits {

  private final Pump pump;
  private final MainQueue queue;
  private final PumpWatchdog watchdog;
  private final LongSupplier pollNanos;
  private final long deadline;
  private final boolean raiseStarvation;
  private final Thread me = Thread.currentThread();

  /**
   * @param pump the waited generation's main-thread side
   * @param queue the waited generation's main queue
   * @param watchdog the runtime's watchdog
   * @param pollNanos the current poll cadence, re-read before each wait
   * @param deadline the wait's {@link System#nanoTime()} deadline, or {@link Timeouts#FOREVER}
   * @param raiseStarvation whether a starved queue throws here (false for close())
   */
  public MainThreadWait(
      Pump pump, MainQueue queue, PumpWatchdog watchdog, LongSupplier pollNanos, long deadline,
      boolean raiseStarvation) {
    this.pump = pump;
    this.queue = queue;
    this.watchdog = watchdog;
    this.pollNanos = pollNanos;
    this.deadline = deadline;
    this.raiseStarvation = raiseStarvation;
  }

  @Override
  public long pollNanos() {
    return pollNanos.getAsLong();
  }

  @Override
  public boolean hasWork() {
    return pump.hasWorkFor(me);
  }

  @Override
  public void run() {
    if (!pump.claimForWait(me)) {
      return; // another thread is the main thread: only wait
    }
    if (raiseStarvation) {
      watchdog.checkRaise(queue);
    }
    if (!pump.tryEnter(me)) {
      return; // a shutdown drop holds the queue
    }
    watchdog.markPumped();
    try {
      long remaining = Timeouts.remaining(deadline);
      pump.drain(remaining <= 0 ? 1 : remaining, Integer.MAX_VALUE, false);
    } finally {
      watchdog.markPumped();
      pump.exit(me);
    }
  }
}
