package io.boc4j.samples.cooking;

import java.util.List;

/** A way of cooking orders whose dishes share utensils. */
interface Kitchen {

  /** The kitchen's name as printed. */
  String name();

  /**
   * Cooks every order: each dish holds all of its utensils, exclusively, from its first step to its
   * last, and tells {@code guard} when it takes and puts them down. Returns when every plate is
   * served.
   *
   * @return the labels of the plates served, in the order they were served
   */
  List<String> cook(List<Order> orders, UtensilGuard guard) throws Exception;
}
