package io.boc4j.samples.cooking;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A recipe: the utensils it holds from its first step to its last, and its steps.
 *
 * @param name the dish
 * @param utensils what it needs, all at once
 * @param steps what the cook does with them, in order
 */
record Dish(String name, Set<Utensil> utensils, List<Step> steps) {

  /** The menu both kitchens cook: every dish needs two or three utensils. */
  static final List<Dish> MENU = List.of(
      new Dish("tomato soup", EnumSet.of(Utensil.CHOPPING_BOARD, Utensil.POT),
          List.of(new Step("chop tomatoes", 2), new Step("simmer", 4))),
      new Dish("pancakes", EnumSet.of(Utensil.MIXING_BOWL, Utensil.PAN),
          List.of(new Step("whisk the batter", 2), new Step("fry", 3))),
      new Dish("grilled fish", EnumSet.of(Utensil.CHOPPING_BOARD, Utensil.GRILL),
          List.of(new Step("fillet", 2), new Step("grill", 3))),
      new Dish("spaghetti", EnumSet.of(Utensil.POT, Utensil.PAN),
          List.of(new Step("boil pasta", 3), new Step("fry the sauce", 2))),
      new Dish("pizza", EnumSet.of(Utensil.MIXING_BOWL, Utensil.CHOPPING_BOARD, Utensil.OVEN),
          List.of(new Step("knead", 3), new Step("top", 1), new Step("bake", 4))),
      new Dish("kebabs", EnumSet.of(Utensil.MIXING_BOWL, Utensil.GRILL),
          List.of(new Step("marinate", 2), new Step("grill", 3))),
      new Dish("lasagne", EnumSet.of(Utensil.POT, Utensil.PAN, Utensil.OVEN),
          List.of(new Step("boil sheets", 2), new Step("brown mince", 2), new Step("bake", 5))),
      new Dish("roast vegetables", EnumSet.of(Utensil.CHOPPING_BOARD, Utensil.OVEN),
          List.of(new Step("chop", 2), new Step("roast", 5))));

  /** @throws IllegalArgumentException unless the dish needs two or three utensils */
  Dish {
    if (utensils.size() < 2 || utensils.size() > 3) {
      throw new IllegalArgumentException(name + " needs " + utensils.size() + " utensils, not 2-3");
    }
    utensils = Set.copyOf(utensils);
    steps = List.copyOf(steps);
  }
}
