package io.boc4j.samples.support;

/**
 * Simulated work: a busy spin on {@link System#nanoTime()}. It holds a core the way real
 * computation would, unlike sleeping, which would park a worker thread that other behaviours are
 * waiting for.
 */
public final class BusyWork {

  private BusyWork() {}

  /**
   * Spins for {@code micros} microseconds; returns at once for 0 or less. Any thread.
   *
   * @param micros how long to spin
   */
  public static void spin(long micros) {
    if (micros <= 0) {
      return;
    }
    long end = System.nanoTime() + micros * 1_000L;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }
}
