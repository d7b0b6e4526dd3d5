package io.boc4j.samples.cooking;

import java.util.List;
import java.util.Map;

/**
 * One kitchen's service of all the orders.
 *
 * @param kitchen the kitchen's name
 * @param served the plates, in the order they were served
 * @param nanos how long the service took
 * @param mostCooking the most dishes cooking at the same moment
 * @param clashes times a dish took a utensil another dish was using (must be 0)
 * @param uses how many dishes used each utensil
 */
record Service(String kitchen, List<String> served, long nanos, int mostCooking, long clashes,
    Map<Utensil, Long> uses) {

  /** Cooks {@code orders} in {@code kitchen} under a fresh {@link UtensilGuard}. */
  static Service of(Kitchen kitchen, List<Order> orders) throws Exception {
    UtensilGuard guard = new UtensilGuard();
    long start = System.nanoTime();
    List<String> served = kitchen.cook(orders, guard);
    long nanos = System.nanoTime() - start;
    return new Service(kitchen.name(), served, nanos, guard.mostCooking(), guard.clashes(),
        guard.uses());
  }

  /** The served plates in a canonical order, to compare services. */
  List<String> sortedPlates() {
    return served.stream().sorted().toList();
  }
}
