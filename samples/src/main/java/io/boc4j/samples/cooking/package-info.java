/**
 * Cooking: dishes that each need two or three shared utensils, cooked once with boc4j behaviours
 * and once with threads and ordered locks, side by side. Run {@link
 * io.boc4j.samples.cooking.Cooking}.
 */
package io.boc4j.samples.cooking;
