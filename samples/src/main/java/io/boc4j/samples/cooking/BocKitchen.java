package io.boc4j.samples.cooking;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.samples.support.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The kitchen on boc4j. Each utensil is a cown; each order is one behaviour over the group of its
 * dish's utensils, so it starts only once it holds all of them and no other dish can touch them
 * meanwhile. There is no lock and no acquisition order to get right: the runtime acquires every
 * group in its own deadlock-free order. A cooked plate goes to the pass, a cown of its own, in a
 * second, tiny behaviour, so serving never holds up cooking.
 *
 * @param workers the runtime's worker count
 * @param cook how a dish is cooked
 */
record BocKitchen(int workers, Cook cook) implements Kitchen {

  private static final Duration WAIT = Duration.ofMinutes(5);

  @Override
  public String name() {
    return "boc4j behaviours";
  }

  @Override
  public List<String> cook(List<Order> orders, UtensilGuard guard) throws Exception {
    Map<Utensil, Cown<Utensil>> utensils = new EnumMap<>(Utensil.class);
    for (Utensil u : Utensil.values()) {
      utensils.put(u, Cown.of(u));
    }
    Cown<List<String>> pass = Cown.of(new ArrayList<>());
    try (Boc boc = Boc.builder().workers(workers).build()) {
      for (Order order : orders) {
        List<Cown<Utensil>> needed = new ArrayList<>();
        order.dish().utensils().forEach(u -> needed.add(utensils.get(u)));
        boc.run(Cown.group(needed), inHand -> {
          cook.cook(order.dish(), guard);
          boc.run(pass, served -> served.get().add(order.plate()));
        });
      }
      boc.quiesce(WAIT);
      return Results.await(boc.when(pass, served -> List.copyOf(served.get())), WAIT);
    }
  }
}
