package io.boc4j.spring;

import java.util.function.Supplier;

/**
 * Applies configuration properties to the builders of boc4j, naming the property when a value is
 * rejected. The builders stay the authority on what is valid: a property is checked by handing its
 * value to the builder setting it maps to, and that setting's own message is kept.
 */
final class Settings {

  private Settings() {}

  /**
   * Runs {@code setter} (a builder call, or a factory such as {@code PumpLimits.deadline}); a
   * rejection becomes an {@link IllegalArgumentException} that names the property first, so a failed
   * start-up says which line of the configuration to fix.
   */
  static <T> T apply(String property, Supplier<T> setter) {
    try {
      return setter.get();
    } catch (IllegalArgumentException | NullPointerException rejected) {
      // Not chained as the cause: Spring Boot's start-up failure report shows the root cause's
      // message, which must be the one that names the property.
      throw invalid(property, rejected.getMessage());
    }
  }

  /** Checks a rule that no builder checks at binding time (for example a pump period). */
  static void require(boolean valid, String property, String rule, Object value) {
    if (!valid) {
      throw invalid(property, rule + ", got " + value);
    }
  }

  private static IllegalArgumentException invalid(String property, String why) {
    return new IllegalArgumentException("Invalid value for " + property + ": " + why);
  }
}
