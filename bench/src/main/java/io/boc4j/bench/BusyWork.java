package io.boc4j.bench;

/** The simulated work of one operation: a busy spin on {@link System#nanoTime()}, as verona-rt does. */
public final class BusyWork {

  private BusyWork() {}

  /**
   * Spins for {@code micros} microseconds; returns at once for 0.
   *
   * @param micros microseconds to spin
   */
  public static void spin(int micros) {
    if (micros <= 0) {
      return;
    }
    long end = System.nanoTime() + micros * 1_000L;
    while (System.nanoTime() - end < 0) {
      // busy: the point is to hold a core
    }
  }
}
