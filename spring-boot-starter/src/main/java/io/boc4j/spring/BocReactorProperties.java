package io.boc4j.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Reactor bridge's settings, bound from {@code boc4j.reactor.*} (see {@link
 * io.boc4j.reactor.BocReactor.Builder}). Every value is checked when the properties are bound; an
 * invalid one fails start-up naming the property.
 *
 * @param propagateContext Whether bodies scheduled through the bridge see the subscriber's context:
 *     thread locals registered with Micrometer's context-propagation (the logging MDC, for example)
 *     and the matching values of the Reactor Context.
 * @param receivePoll How long a receive Flux with unmet demand waits before it looks at an empty
 *     mailbox tag again. Positive.
 */
@ConfigurationProperties("boc4j.reactor")
public record BocReactorProperties(
    boolean propagateContext, @DefaultValue("10ms") Duration receivePoll) {

  /**
   * Binds and checks the settings.
   *
   * @param propagateContext see the record component
   * @param receivePoll see the record component
   * @throws IllegalArgumentException if a value is invalid; the message names the property
   */
  public BocReactorProperties {
    Settings.require(receivePoll != null && !receivePoll.isZero() && !receivePoll.isNegative(),
        "boc4j.reactor.receive-poll", "the poll interval must be positive", receivePoll);
  }
}
