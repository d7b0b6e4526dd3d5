package io.boc4j.samples.primes;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Noticeboard;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One race to split a composite: {@code walkers} Pollard's rho walks, each with its own polynomial,
 * advance in slices of {@code sliceSteps} steps. A slice is one behaviour over the walk's cown; at
 * its end it schedules the walk's next slice. The first walk to find a divisor posts it on the
 * noticeboard under {@value #FOUND}; every slice first reads the board, and a walk that sees a
 * divisor there stops instead of rescheduling. {@link Boc#waitAll} returns once no walk is left,
 * and the answer is read from the final board it returns.
 *
 * <p>The board also counts, for the printout, the slices run, the walks that found a divisor, the
 * walks the board stopped, and the walks that used up their {@code maxSlices} without a result.
 *
 * @param walkers walks racing, at least 1
 * @param sliceSteps rho steps per behaviour, at least 1
 * @param maxSlices slices a walk may run before it gives up, at least 1
 */
record RhoRace(int walkers, int sliceSteps, int maxSlices) {

  /**
   * What one race observed, from the final noticeboard.
   *
   * @param divisor the divisor found, or null if every walk gave up
   * @param slices slices run over all walks
   * @param finders walks that found a divisor (more than one if several found one before any of
   *     them saw the board)
   * @param stopped walks stopped early because the board already held a divisor
   * @param gaveUp walks that ran {@code maxSlices} slices without a result
   */
  record Outcome(BigInteger divisor, long slices, long finders, long stopped, long gaveUp) {}

  /** Noticeboard key of the first divisor found; the other keys count slices and walk endings. */
  static final String FOUND = "found";
  static final String SLICES = "slices";
  static final String FINDERS = "finders";
  static final String STOPPED = "stopped";
  static final String GAVE_UP = "gave-up";

  private static final UnaryOperator<Object> PLUS_ONE = count -> (Long) count + 1;

  /** The most slices this race may run: its budget, were nothing to stop it early. */
  long budget() {
    return (long) walkers * maxSlices;
  }

  /**
   * Races the walks over {@code composite} on {@code boc}, which must have nothing else in flight:
   * this waits for quiescence and tears the runtime down (the next behaviour restarts it).
   *
   * @param composite an odd composite
   * @param timeout how long to wait for the race
   */
  Outcome split(Boc boc, BigInteger composite, Duration timeout) throws Exception {
    for (int w = 0; w < walkers; w++) {
      slice(boc, Cown.of(new RhoWalk(composite, w + 1, walkers)), 1);
    }
    Map<String, Object> board = boc.waitAll(timeout).noticeboard();
    return new Outcome((BigInteger) board.get(FOUND), count(board, SLICES),
        count(board, FINDERS), count(board, STOPPED), count(board, GAVE_UP));
  }

  /** Schedules slice number {@code number} of the walk in {@code walk}. */
  private void slice(Boc boc, Cown<RhoWalk> walk, int number) {
    boc.run(walk, w -> {
      Noticeboard board = boc.noticeboard();
      if (board.read(FOUND) != null) {
        board.update(STOPPED, PLUS_ONE, 0L);
        return;
      }
      board.update(SLICES, PLUS_ONE, 0L);
      BigInteger divisor = w.get().advance(sliceSteps);
      if (divisor != null) {
        board.update(FOUND, first -> first == null ? divisor : first, null);
        board.update(FINDERS, PLUS_ONE, 0L);
      } else if (number < maxSlices) {
        slice(boc, w, number + 1);
      } else {
        board.update(GAVE_UP, PLUS_ONE, 0L);
      }
    });
  }

  private static long count(Map<String, Object> board, String key) {
    Object v = board.get(key);
    return v == null ? 0 : (Long) v;
  }
}
