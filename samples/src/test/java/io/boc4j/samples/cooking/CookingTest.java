package io.boc4j.samples.cooking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.samples.support.CommandRun;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CookingTest {

  private static final int ROUNDS = 3;
  private static final List<Order> ORDERS = Order.rounds(ROUNDS);
  private static final Cook COOK = new Cook(20);

  private static Map<Utensil, Long> expectedUses() {
    Map<Utensil, Long> uses = new EnumMap<>(Utensil.class);
    for (Utensil u : Utensil.values()) {
      uses.put(u, 0L);
    }
    for (Dish d : Dish.MENU) {
      d.utensils().forEach(u -> uses.merge(u, (long) ROUNDS, Long::sum));
    }
    return uses;
  }

  private static void assertServedEveryOrderWithoutClash(Service s) {
    List<String> wanted = ORDERS.stream().map(Order::plate).sorted().toList();
    assertEquals(wanted, s.sortedPlates(), s.kitchen());
    assertEquals(0, s.clashes(), s.kitchen() + ": a utensil was used by two dishes at once");
    assertEquals(expectedUses(), s.uses(), s.kitchen());
    assertTrue(s.mostCooking() >= 1 && s.mostCooking() <= 2, s.kitchen() + ": " + s.mostCooking());
  }

  @Test
  void bocKitchenServesEveryOrderAndNeverSharesAUtensil() throws Exception {
    assertServedEveryOrderWithoutClash(Service.of(new BocKitchen(2, COOK), ORDERS));
  }

  @Test
  void lockKitchenServesEveryOrderAndNeverSharesAUtensil() throws Exception {
    assertServedEveryOrderWithoutClash(Service.of(new LockKitchen(2, COOK), ORDERS));
  }

  @Test
  void bothKitchensServeTheSamePlates() throws Exception {
    Service boc = Service.of(new BocKitchen(2, COOK), ORDERS);
    Service locks = Service.of(new LockKitchen(2, COOK), ORDERS);
    assertEquals(boc.sortedPlates(), locks.sortedPlates());
    assertEquals(boc.uses(), locks.uses());
  }

  @Test
  void theGuardSeesADishTakingAUtensilThatIsInUse() {
    UtensilGuard guard = new UtensilGuard();
    guard.take(EnumSet.of(Utensil.POT, Utensil.PAN));
    guard.take(EnumSet.of(Utensil.POT, Utensil.OVEN));
    assertEquals(1, guard.clashes());
    assertEquals(2, guard.mostCooking());
  }

  @Test
  void everyDishNeedsTwoOrThreeUtensils() {
    for (Dish d : Dish.MENU) {
      assertTrue(d.utensils().size() >= 2 && d.utensils().size() <= 3, d.name());
    }
    assertThrows(IllegalArgumentException.class,
        () -> new Dish("toast", EnumSet.of(Utensil.GRILL), List.of(new Step("toast", 1))));
  }

  @Test
  void commandPrintsBothKitchensSideBySide() {
    CommandRun run = CommandRun.of(new Cooking(), "-r", "2", "-w", "2", "--step-us", "20");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("boc4j behaviours: 16 plates in "), run.out());
    assertTrue(run.out().contains("threads + locks : 16 plates in "), run.out());
    assertEquals(2, run.out().split("utensil clashes: 0", -1).length - 1, run.out());
    assertTrue(run.out().contains("same plates from both kitchens: yes: grilled fish x2,"),
        run.out());
  }
}
