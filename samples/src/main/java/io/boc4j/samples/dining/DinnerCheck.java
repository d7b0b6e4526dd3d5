package io.boc4j.samples.dining;

/** The invariants every dinner must satisfy, whatever the order or the worker count. */
final class DinnerCheck {

  private DinnerCheck() {}

  /**
   * Checks that every fork was used exactly {@code 2 × hunger} times (each of its two neighbours
   * ate {@code hunger} meals with it), that every philosopher's hunger is 0, and that between 1 and
   * P/2 philosophers ate at once (neighbours share a fork, so at most every other one can).
   *
   * @return null if all hold, otherwise what is wrong
   */
  static String problem(DiningTable.Dinner d, int hunger) {
    long[] uses = d.forkUses();
    for (int i = 0; i < uses.length; i++) {
      if (uses[i] != 2L * hunger) {
        return "FORK " + i + " USED " + uses[i] + " TIMES, EXPECTED " + 2L * hunger;
      }
    }
    int[] left = d.hungerLeft();
    for (int i = 0; i < left.length; i++) {
      if (left[i] != 0) {
        return "PHILOSOPHER " + i + " IS STILL HUNGRY (" + left[i] + ")";
      }
    }
    if (d.mostEating() < 1 || d.mostEating() > uses.length / 2) {
      return d.mostEating() + " ATE AT ONCE, EXPECTED 1.." + uses.length / 2;
    }
    return null;
  }
}
