package io.boc4j.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link EmbeddedBroker} parameter: one in-process broker for the whole test run,
 * started on first use (about 3 s) and closed when the run ends. Tests keep apart by topic prefix.
 */
final class SharedBroker implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root store closes AutoCloseable values when the whole run ends.
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(InProcessBroker.class, key -> start(), InProcessBroker.class);
  }

  private static InProcessBroker start() {
    try {
      return InProcessBroker.start();
    } catch (Exception e) {
      throw new IllegalStateException("the in-process Kafka broker did not start", e);
    }
  }
}
