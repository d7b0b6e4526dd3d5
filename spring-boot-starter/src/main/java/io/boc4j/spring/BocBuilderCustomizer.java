package io.boc4j.spring;

import io.boc4j.Boc;

/**
 * Customizes the {@link Boc.Builder} of the auto-configured runtime, after the {@code boc4j.*}
 * properties, listeners and starvation handler have been applied: declare a bean of this type to set
 * in code what properties cannot express. Customizers run in {@link
 * org.springframework.core.annotation.Order @Order}; a builder setting rejects an invalid value at
 * once, failing start-up.
 */
@FunctionalInterface
public interface BocBuilderCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder, already configured from properties
   */
  void customize(Boc.Builder builder);
}
