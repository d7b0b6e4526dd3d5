package io.boc4j.spring;

import io.boc4j.PumpLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pump driver's settings, bound from {@code boc4j.pump.*}: with {@code boc4j.pump.enabled=true}
 * (and Reactor on the class path), a {@link io.boc4j.reactor.PumpDriver} runs the runtime's pinned
 * behaviours on a Reactor scheduler every {@code period}, within a per-tick budget. Every value is
 * checked when the properties are bound; an invalid one fails start-up naming the property.
 *
 * @param enabled Whether to run a pump driver, whose thread becomes the runtime's main thread and
 *     runs its pinned behaviours. Applications with pinned cowns need a main thread that pumps.
 * @param period How often the driver pumps. Positive.
 * @param deadline Time budget of one pump: it starts no further behaviour once the budget is spent,
 *     and never interrupts a running one. Positive. Unset: half the period.
 * @param maxBehaviours Most behaviours one pump runs. At least 1. Unset: no count.
 * @param stopOnError Whether a failed pump (a starvation raise, or an error thrown by a pinned body)
 *     stops the driver. Otherwise the failure is logged and the next tick pumps.
 */
@ConfigurationProperties("boc4j.pump")
public record BocPumpProperties(
    boolean enabled,
    @DefaultValue("16ms") Duration period,
    Duration deadline,
    Integer maxBehaviours,
    boolean stopOnError) {

  /**
   * Binds and checks the settings.
   *
   * @param enabled see the record component
   * @param period see the record component
   * @param deadline see the record component
   * @param maxBehaviours see the record component
   * @param stopOnError see the record component
   * @throws IllegalArgumentException if a value is invalid; the message names the property
   */
  public BocPumpProperties {
    Settings.require(period != null && !period.isZero() && !period.isNegative(),
        "boc4j.pump.period", "the period must be positive", period);
    perTick(period, deadline, maxBehaviours);
  }

  /**
   * The budget of each tick's pump: the configured deadline (or half the period) and count.
   *
   * @return the limits
   */
  public PumpLimits perTick() {
    return perTick(period, deadline, maxBehaviours);
  }

  private static PumpLimits perTick(Duration period, Duration deadline, Integer maxBehaviours) {
    Duration budget = deadline != null ? deadline : Duration.ofNanos(Math.max(1, period.toNanos() / 2));
    PumpLimits limits = Settings.apply("boc4j.pump.deadline", () -> PumpLimits.deadline(budget));
    return maxBehaviours == null ? limits
        : Settings.apply("boc4j.pump.max-behaviours", () -> limits.andMaxBehaviours(maxBehaviours));
  }
}
