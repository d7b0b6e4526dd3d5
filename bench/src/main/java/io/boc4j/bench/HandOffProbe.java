package io.boc4j.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long one thread waits for a cache line another thread just wrote, measured on the machine at
 * hand: two threads take turns incrementing one shared counter, each spinning until the value is
 * its turn's, so each turn is one hand-off of that line from one core to the other.
 *
 * <p>Why the bench reports it: with two workers, every cown both of them use (the bank's log, an
 * account the other worker just wrote) moves its lines between the cores, and at zero work a
 * transaction makes several such moves. Where one hand-off costs as much as a whole one-worker
 * transaction, two workers cannot beat one on such a workload, whatever the runtime does; the probe
 * puts every W=2, U=0 number in that scale, on any machine.
 */
public final class HandOffProbe {

  /** Round trips per try: about 0.1 s at 250 ns a hand-off. */
  static final int ROUND_TRIPS = 200_000;

  private final AtomicLong turn = new AtomicLong();

  private HandOffProbe() {}

  /**
   * The one-way hand-off time now: the median of three tries of {@link #ROUND_TRIPS} round trips.
   * Takes about a third of a second at 250 ns a hand-off.
   *
   * @return nanoseconds per one-way hand-off, rounded to 0.1, or null with fewer than two processors
   *     (the turns would then measure the operating system's scheduler, not the caches)
   */
  public static Double measure() {
    return medianOf(3);
  }

  /**
   * One try of {@link #ROUND_TRIPS} round trips, about 0.1 s: the probe each fork of the harness
   * takes before and after its measured runs.
   *
   * @return nanoseconds per one-way hand-off, rounded to 0.1, or null with fewer than two processors
   */
  public static Double quick() {
    return medianOf(1);
  }

  /** The median of {@code n} (odd) tries, rounded to 0.1 ns; null with fewer than two processors. */
  private static Double medianOf(int n) {
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return null;
    }
    double[] tries = new double[n];
    for (int i = 0; i < n; i++) {
      tries[i] = oneWayNanos(ROUND_TRIPS);
    }
    Arrays.sort(tries);
    return Math.round(tries[n / 2] * 10) / 10.0;
  }

  /**
   * One try: {@code roundTrips} round trips between the calling thread and a second one.
   *
   * @param roundTrips how many, at least 1
   * @return the mean one-way hand-off time in nanoseconds
   * @throws IllegalArgumentException if {@code roundTrips} is below 1
   */
  static double oneWayNanos(int roundTrips) {
    if (roundTrips < 1) {
      throw new IllegalArgumentException("roundTrips must be at least 1, was " + roundTrips);
    }
    HandOffProbe probe = new HandOffProbe();
    long turns = 2L * roundTrips;
    Thread partner = new Thread(() -> probe.play(1, turns), "hand-off-probe");
    partner.setDaemon(true); // never keeps the JVM alive
    partner.start();
    long t0 = System.nanoTime();
    probe.play(0, turns);
    long elapsed = System.nanoTime() - t0;
    try {
      partner.join(); // it has taken its last turn already: ours came after it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return (double) elapsed / turns;
  }

  /**
   * Takes the turns {@code first}, {@code first + 2}, ... below {@code turns}: waits for the counter
   * to reach each, then increments it. Volatile read and write: a read that sees the other thread's
   * write has fetched the line from the other core, and the write must own the line again.
   */
  private void play(long first, long turns) {
    for (long mine = first; mine < turns; mine += 2) {
      while (turn.get() != mine) {
        Thread.onSpinWait();
      }
      turn.set(mine + 1);
    }
  }
}
