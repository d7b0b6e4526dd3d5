package io.boc4j.samples.cooking;

import java.util.ArrayList;
import java.util.List;

/**
 * One plate to cook: a dish and which order of it this is.
 *
 * @param dish the recipe
 * @param number 1 for the first plate of this dish, 2 for the second, ...
 */
record Order(Dish dish, int number) {

  /** Every dish of the menu, {@code rounds} times, round by round. */
  static List<Order> rounds(int rounds) {
    List<Order> orders = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      for (Dish d : Dish.MENU) {
        orders.add(new Order(d, r));
      }
    }
    return orders;
  }

  /** The plate's label, e.g. {@code "risotto #2"}: how it is served. */
  String plate() {
    return dish.name() + " #" + number;
  }
}
