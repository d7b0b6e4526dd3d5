package io.boc4j.metrics;

import io.boc4j.WorkerStats;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What one meter is: its name, kind, base unit, tag keys, meaning, and where its value comes from.
 * The single description from which the meters are registered and {@code docs/metrics.md}'s table
 * is generated, so the two cannot drift apart.
 *
 * @param name the Micrometer name (dot-separated, lower case, {@code boc4j.} prefix)
 * @param kind how it is registered
 * @param baseUnit the base unit, or null for a plain count
 * @param tagKeys its tag keys, {@code runtime} first
 * @param description what it means (also the meter's Micrometer description)
 * @param value counters, gauges, time gauges (in ms), function timers' total time (in ms); else null
 * @param count a function timer's count; else null
 * @param perWorker a per-worker counter's value; else null
 */
record MeterSpec(
    String name,
    Kind kind,
    String baseUnit,
    List<String> tagKeys,
    String description,
    ToDoubleFunction<Snapshot> value,
    ToLongFunction<Snapshot> count,
    ToDoubleFunction<WorkerStats> perWorker) {

  /** How a meter is registered, and which Micrometer type it is. */
  enum Kind {
    /** A {@code FunctionCounter} over a lifetime counter of the runtime. */
    COUNTER("FunctionCounter"),
    /** A {@code Gauge} of the moment. */
    GAUGE("Gauge"),
    /** A {@code TimeGauge} (a duration of the moment, published in seconds). */
    TIME_GAUGE("TimeGauge"),
    /** A {@code FunctionTimer}: a lifetime count and total time. */
    FUNCTION_TIMER("FunctionTimer"),
    /** A {@code FunctionCounter} per worker index (tag {@code worker}). */
    WORKER_COUNTER("FunctionCounter"),
    /** A {@code Gauge} per mailbox tag (tags {@code mailbox}, {@code tag}). */
    MAILBOX_GAUGE("Gauge"),
    /** A {@code Timer} fed by sampled behaviours (opt-in; tag {@code thread}). */
    SAMPLED_TIMER("Timer");

    private final String micrometerType;

    Kind(String micrometerType) {
      this.micrometerType = micrometerType;
    }

    /** The Micrometer meter type, for the docs. */
    String micrometerType() {
      return micrometerType;
    }
  }

  static final String RUNTIME = "runtime";
  static final String WORKER = "worker";
  static final String MAILBOX = "mailbox";
  static final String TAG = "tag";
  static final String THREAD = "thread";

  static MeterSpec counter(String name, String unit, String description,
      ToDoubleFunction<Snapshot> value) {
    return new MeterSpec(name, Kind.COUNTER, unit, List.of(RUNTIME), description, value, null,
        null);
  }

  static MeterSpec gauge(String name, String unit, String description,
      ToDoubleFunction<Snapshot> value) {
    return new MeterSpec(name, Kind.GAUGE, unit, List.of(RUNTIME), description, value, null, null);
  }

  static MeterSpec timeGauge(String name, String description, ToDoubleFunction<Snapshot> millis) {
    return new MeterSpec(name, Kind.TIME_GAUGE, "seconds", List.of(RUNTIME), description, millis,
        null, null);
  }

  static MeterSpec functionTimer(String name, String description, ToLongFunction<Snapshot> count,
      ToDoubleFunction<Snapshot> totalMillis) {
    return new MeterSpec(name, Kind.FUNCTION_TIMER, "seconds", List.of(RUNTIME), description,
        totalMillis, count, null);
  }

  static MeterSpec workerCounter(String name, String unit, String description,
      ToDoubleFunction<WorkerStats> value) {
    return new MeterSpec(name, Kind.WORKER_COUNTER, unit, List.of(RUNTIME, WORKER), description,
        null, null, value);
  }

  static MeterSpec mailboxGauge(String name, String unit, String description) {
    return new MeterSpec(name, Kind.MAILBOX_GAUGE, unit, List.of(RUNTIME, MAILBOX, TAG),
        description, null, null, null);
  }

  static MeterSpec sampledTimer(String name, String description) {
    return new MeterSpec(name, Kind.SAMPLED_TIMER, "seconds", List.of(RUNTIME, THREAD),
        description, null, null, null);
  }
}
