package io.boc4j.samples.cooking;

import io.boc4j.samples.support.BusyWork;

/** Cooks one dish with utensils already held: the steps are the same in every kitchen. */
final class Cook {

  private final long stepMicros;

  /** @param stepMicros simulated work of one step unit, in microseconds */
  Cook(long stepMicros) {
    this.stepMicros = stepMicros;
  }

  /** Takes the utensils under {@code guard}'s eye, works through the steps, puts them down. */
  void cook(Dish dish, UtensilGuard guard) {
    guard.take(dish.utensils());
    for (Step step : dish.steps()) {
      BusyWork.spin(step.units() * stepMicros);
    }
    guard.put(dish.utensils());
  }
}
