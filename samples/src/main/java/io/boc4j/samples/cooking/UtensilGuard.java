package io.boc4j.samples.cooking;

import io.boc4j.samples.support.ConcurrencyGauge;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the utensils from the outside, independently of how a kitchen shares them: an in-use flag
 * per utensil, set while a dish cooks with it. A dish that finds a flag already set has used a
 * utensil another dish was using: a clash, which no correct kitchen ever causes. It also counts
 * each utensil's uses and the most dishes cooking at once. Any thread.
 */
final class UtensilGuard {

  private final Map<Utensil, AtomicBoolean> inUse = new EnumMap<>(Utensil.class);
  private final Map<Utensil, AtomicLong> uses = new EnumMap<>(Utensil.class);
  private final AtomicLong clashes = new AtomicLong();
  private final ConcurrencyGauge cooking = new ConcurrencyGauge();

  /** A guard with every utensil free and nothing counted. */
  UtensilGuard() {
    for (Utensil u : Utensil.values()) {
      inUse.put(u, new AtomicBoolean());
      uses.put(u, new AtomicLong());
    }
  }

  /** A dish starts cooking with {@code utensils}. */
  void take(Set<Utensil> utensils) {
    cooking.enter();
    for (Utensil u : utensils) {
      uses.get(u).incrementAndGet();
      if (!inUse.get(u).compareAndSet(false, true)) {
        clashes.incrementAndGet();
      }
    }
  }

  /** The dish that took {@code utensils} is done with them. */
  void put(Set<Utensil> utensils) {
    for (Utensil u : utensils) {
      inUse.get(u).set(false);
    }
    cooking.exit();
  }

  /** Times a dish took a utensil that was in use. */
  long clashes() {
    return clashes.get();
  }

  /** How many dishes used each utensil. */
  Map<Utensil, Long> uses() {
    Map<Utensil, Long> copy = new EnumMap<>(Utensil.class);
    uses.forEach((u, n) -> copy.put(u, n.get()));
    return copy;
  }

  /** The most dishes that were cooking at the same moment. */
  int mostCooking() {
    return cooking.max();
  }
}
