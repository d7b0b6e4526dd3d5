package io.boc4j.samples.cooking;

import java.util.Locale;

/** The kitchen's shared utensils: one of each, so dishes that need the same one take turns. */
enum Utensil {
  POT,
  PAN,
  OVEN,
  GRILL,
  CHOPPING_BOARD,
  MIXING_BOWL;

  /** The name as printed, e.g. {@code chopping board}. */
  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
