package io.boc4j.samples.cooking;

/**
 * One step of a recipe.
 *
 * @param action what the cook does, e.g. {@code "simmer"}
 * @param units how long it takes, in units of the kitchen's step time
 */
record Step(String action, int units) {}
