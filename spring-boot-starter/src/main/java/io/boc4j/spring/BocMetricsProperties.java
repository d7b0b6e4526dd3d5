package io.boc4j.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Micrometer binder's settings, bound from {@code boc4j.metrics.*} (see {@link
 * io.boc4j.metrics.BocMetrics.Builder}). Which meters are published at all is Micrometer's business
 * ({@code management.metrics.enable.boc4j=false} turns them off). Every value is checked when the
 * properties are bound; an invalid one fails start-up naming the property.
 *
 * @param sampledTimers Time one behaviour in this many: schedule-to-start latency and body run time.
 *     At least 1. Unset: no per-behaviour timing at all.
 * @param timerPercentiles Client-side percentiles the sampled timers publish, each in [0, 1].
 * @param timerPercentileHistogram Whether the sampled timers publish a percentile histogram, for
 *     server-side quantiles.
 * @param mailboxTagLimit Number of tags of the runtime's mailbox that get a depth series of their
 *     own (the first seen; the rest are summed into tag "_other"). Zero or more.
 * @param snapshotMaxAge How long the meters may reuse one reading of the runtime's statistics, so
 *     that a scrape reads the runtime once. Zero or positive.
 */
@ConfigurationProperties("boc4j.metrics")
public record BocMetricsProperties(
    Integer sampledTimers,
    @DefaultValue List<Double> timerPercentiles,
    boolean timerPercentileHistogram,
    @DefaultValue("32") int mailboxTagLimit,
    @DefaultValue("1s") Duration snapshotMaxAge) {

  /**
   * Binds and checks the settings.
   *
   * @param sampledTimers see the record component
   * @param timerPercentiles see the record component
   * @param timerPercentileHistogram see the record component
   * @param mailboxTagLimit see the record component
   * @param snapshotMaxAge see the record component
   * @throws IllegalArgumentException if a value is invalid; the message names the property
   */
  public BocMetricsProperties {
    // BocMetrics.Builder needs a runtime, which does not exist while properties are bound: these
    // checks repeat its rules so that a bad value fails at binding, like every other boc4j.* value.
    if (sampledTimers != null) {
      Settings.require(sampledTimers >= 1, "boc4j.metrics.sampled-timers",
          "one behaviour in N must have N at least 1", sampledTimers);
    }
    timerPercentiles = timerPercentiles == null ? List.of() : List.copyOf(timerPercentiles);
    for (Double p : timerPercentiles) {
      Settings.require(p >= 0 && p <= 1, "boc4j.metrics.timer-percentiles",
          "each percentile must be in [0, 1]", p);
    }
    Settings.require(mailboxTagLimit >= 0, "boc4j.metrics.mailbox-tag-limit",
        "the limit must not be negative", mailboxTagLimit);
    Settings.require(snapshotMaxAge != null && !snapshotMaxAge.isNegative(),
        "boc4j.metrics.snapshot-max-age", "the age must be zero or positive", snapshotMaxAge);
  }
}
