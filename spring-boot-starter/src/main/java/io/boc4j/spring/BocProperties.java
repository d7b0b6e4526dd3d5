package io.boc4j.spring;

import io.boc4j.Boc;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The runtime's settings, bound from {@code boc4j.*}: one property for each setting of {@link
 * Boc.Builder}, under the same name in kebab case. Listeners and the watchdog's sink are beans, not
 * properties (see {@link BocAutoConfiguration}).
 *
 * <p>Every value is checked when the properties are bound, by the builder setting it maps to, so an
 * invalid value fails start-up with an {@link IllegalArgumentException} that names the property
 * (for example {@code Invalid value for boc4j.workers: workers must be at least 1, got 0}).
 *
 * @param name Name of the runtime: the "runtime" tag of its metrics and the start of its worker
 *     threads' names. Unset: boc-N, N counting the runtimes built in the JVM.
 * @param workers Number of worker threads, at least 1. Unset: the number of available processors.
 * @param threadNamePrefix Prefix of worker thread names, to which the worker index is appended.
 *     Unset: the runtime's name followed by "-worker-".
 * @param backPressureLimit Behaviours in flight above which a plain thread's "when" waits for the
 *     load to fall, and bodies that schedule more are muted. At least 2.
 * @param producerTimeout How long a plain thread's "when" may be held back by back-pressure before
 *     it is rejected. Positive.
 * @param shutdownTimeout How long closing the runtime, when the application stops, waits for
 *     behaviours in flight before it drops those that have not started. Zero or positive.
 * @param noticeboardCapacity Capacity of the noticeboard, in distinct keys. At least 1.
 * @param noticeboardMaxKeyBytes Longest noticeboard key, in UTF-8 bytes. At least 1.
 * @param mailboxTagLimit Number of distinct tags the runtime's mailbox holds. At least 1.
 * @param mailboxCapacity Messages one tag of the runtime's mailbox may hold before senders are
 *     refused or wait. At least 1. Unset: unbounded.
 * @param waitPumpPoll How often waitAll and quiesce, called on the runtime's main thread, pump
 *     pinned behaviours while they wait. Positive.
 * @param pumpWatchdog Thresholds of the pump watchdog, which reports pinned work that waits too long
 *     for the main thread. Off while both are unset.
 * @param slowBodyThreshold How long a worker may run one behaviour (its body and the completion
 *     callbacks after it) before the slow-body detector reports it, once, with the worker's stack, to
 *     the log and to every BocListener. At least 1ms. Unset: the detector is off.
 */
@ConfigurationProperties("boc4j")
public record BocProperties(
    String name,
    Integer workers,
    String threadNamePrefix,
    @DefaultValue("16384") long backPressureLimit,
    @DefaultValue("30s") Duration producerTimeout,
    @DefaultValue("30s") Duration shutdownTimeout,
    @DefaultValue("64") int noticeboardCapacity,
    @DefaultValue("63") int noticeboardMaxKeyBytes,
    @DefaultValue("1024") int mailboxTagLimit,
    Integer mailboxCapacity,
    @DefaultValue("50ms") Duration waitPumpPoll,
    @DefaultValue PumpWatchdog pumpWatchdog,
    Duration slowBodyThreshold) {

  /**
   * Binds and checks the settings.
   *
   * @param name see the record component
   * @param workers see the record component
   * @param threadNamePrefix see the record component
   * @param backPressureLimit see the record component
   * @param producerTimeout see the record component
   * @param shutdownTimeout see the record component
   * @param noticeboardCapacity see the record component
   * @param noticeboardMaxKeyBytes see the record component
   * @param mailboxTagLimit see the record component
   * @param mailboxCapacity see the record component
   * @param waitPumpPoll see the record component
   * @param pumpWatchdog see the record component
   * @param slowBodyThreshold see the record component
   * @throws IllegalArgumentException if a value is invalid; the message names the property
   */
  public BocProperties {
    if (pumpWatchdog == null) {
      pumpWatchdog = new PumpWatchdog(null, null);
    }
    // A builder is cheap and starts nothing: trying every value on one checks them all by the
    // runtime's own rules, at binding time rather than when the bean is created.
    applyTo(Boc.builder(), name, workers, threadNamePrefix, backPressureLimit, producerTimeout,
        shutdownTimeout, noticeboardCapacity, noticeboardMaxKeyBytes, mailboxTagLimit,
        mailboxCapacity, waitPumpPoll, slowBodyThreshold);
  }

  /**
   * Sets every configured value on {@code builder}; settings left unset keep the builder's defaults.
   * The pump watchdog is not set here: its sink may be a bean (see {@link BocAutoConfiguration}).
   *
   * @param builder the builder
   * @return the builder
   */
  public Boc.Builder applyTo(Boc.Builder builder) {
    return applyTo(builder, name, workers, threadNamePrefix, backPressureLimit, producerTimeout,
        shutdownTimeout, noticeboardCapacity, noticeboardMaxKeyBytes, mailboxTagLimit,
        mailboxCapacity, waitPumpPoll, slowBodyThreshold);
  }

  // Static, with the values as parameters, so the compact constructor can call it before the
  // record's fields are assigned.
  private static Boc.Builder applyTo(Boc.Builder b, String name, Integer workers,
      String threadNamePrefix, long backPressureLimit, Duration producerTimeout,
      Duration shutdownTimeout, int noticeboardCapacity, int noticeboardMaxKeyBytes,
      int mailboxTagLimit, Integer mailboxCapacity, Duration waitPumpPoll,
      Duration slowBodyThreshold) {
    if (name != null) {
      Settings.apply("boc4j.name", () -> b.name(name));
    }
    if (workers != null) {
      Settings.apply("boc4j.workers", () -> b.workers(workers));
    }
    if (threadNamePrefix != null) {
      Settings.apply("boc4j.thread-name-prefix", () -> b.threadNamePrefix(threadNamePrefix));
    }
    Settings.apply("boc4j.back-pressure-limit", () -> b.backPressureLimit(backPressureLimit));
    Settings.apply("boc4j.producer-timeout", () -> b.producerTimeout(producerTimeout));
    Settings.apply("boc4j.shutdown-timeout", () -> b.shutdownTimeout(shutdownTimeout));
    Settings.apply("boc4j.noticeboard-capacity", () -> b.noticeboardCapacity(noticeboardCapacity));
    Settings.apply("boc4j.noticeboard-max-key-bytes",
        () -> b.noticeboardMaxKeyBytes(noticeboardMaxKeyBytes));
    Settings.apply("boc4j.mailbox-tag-limit", () -> b.mailboxTagLimit(mailboxTagLimit));
    if (mailboxCapacity != null) {
      Settings.apply("boc4j.mailbox-capacity", () -> b.mailboxCapacity(mailboxCapacity));
    }
    Settings.apply("boc4j.wait-pump-poll", () -> b.waitPumpPoll(waitPumpPoll));
    if (slowBodyThreshold != null) {
      Settings.apply("boc4j.slow-body-threshold", () -> b.slowBodyThreshold(slowBodyThreshold));
    }
    return b;
  }

  /**
   * The pump watchdog's thresholds ({@link Boc.Builder#pumpWatchdog}). It measures how long the main
   * queue has held pinned work, so an application without pinned cowns never trips it.
   *
   * @param warn How long pinned work may wait before the watchdog reports it to the log (or to the
   *     StarvationHandler bean) and to every BocListener; the health indicator then shows
   *     OUT_OF_SERVICE. Positive. Unset: no warnings.
   * @param raise How long pinned work may wait before the main thread's next pump, waitAll or quiesce
   *     fails with a starvation exception; the health indicator then shows DOWN. Positive. Unset:
   *     never.
   */
  public record PumpWatchdog(Duration warn, Duration raise) {

    /**
     * Binds and checks the thresholds.
     *
     * @param warn see the record component
     * @param raise see the record component
     * @throws IllegalArgumentException if a threshold is invalid; the message names the property
     */
    public PumpWatchdog {
      Settings.apply("boc4j.pump-watchdog.warn", () -> Boc.builder().pumpWatchdog(warn, null, null));
      Settings.apply("boc4j.pump-watchdog.raise",
          () -> Boc.builder().pumpWatchdog(null, raise, null));
    }

    /**
     * Whether either threshold is set, that is whether the watchdog should be turned on.
     *
     * @return true if warn or raise is set
     */
    public boolean enabled() {
      return warn != null || raise != null;
    }
  }
}
