package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.WorkerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@link MeterSpec} into a registered Micrometer meter. Every meter holds the runtime weakly
 * (Micrometer's default, as in its own binders) and reads it through the shared {@link
 * SnapshotCache}; the value functions capture the cache and the spec, never the runtime, and this
 * factory keeps no reference to it either, so a registry never keeps a runtime alive.
 */
final class MeterFactory {

  private final Tags tags;
  private final SnapshotCache cache;

  /**
   * @param tags the runtime's identity: {@code runtime} plus the user's common tags
   * @param cache the runtime's shared snapshot
   */
  MeterFactory(Tags tags, SnapshotCache cache) {
    this.tags = tags;
    this.cache = cache;
  }

  /** Registers a runtime-wide meter (counter, gauge, time gauge or function timer). */
  Meter runtimeMeter(MeterSpec spec, Boc boc, MeterRegistry registry) {
    SnapshotCache c = cache;
    switch (spec.kind()) {
      case COUNTER:
        return FunctionCounter.builder(spec.name(), boc,
                b -> spec.value().applyAsDouble(c.of(b)))
            .baseUnit(spec.baseUnit()).description(spec.description()).tags(tags)
            .register(registry);
      case GAUGE:
        return Gauge.builder(spec.name(), boc, b -> spec.value().applyAsDouble(c.of(b)))
            .baseUnit(spec.baseUnit()).description(spec.description()).tags(tags)
            .register(registry);
      case TIME_GAUGE:
        return TimeGauge.builder(spec.name(), boc, TimeUnit.MILLISECONDS,
                b -> spec.value().applyAsDouble(c.of(b)))
            .description(spec.description()).tags(tags)
            .register(registry);
      case FUNCTION_TIMER:
        return FunctionTimer.builder(spec.name(), boc, b -> spec.count().applyAsLong(c.of(b)),
                b -> spec.value().applyAsDouble(c.of(b)), TimeUnit.MILLISECONDS)
            .description(spec.description()).tags(tags)
            .register(registry);
      default:
        throw new IllegalArgumentException(spec.name() + " is not a runtime-wide meter");
    }
  }

  /**
   * Registers a per-worker counter for worker {@code index}. The lifetime per-worker list never
   * shrinks (a restart with fewer workers keeps the higher indices' totals), so once registered the
   * index always has a value.
   */
  Meter workerMeter(MeterSpec spec, int index, Boc boc, MeterRegistry registry) {
    SnapshotCache c = cache;
    return FunctionCounter.builder(spec.name(), boc, b -> {
          List<WorkerStats> workers = c.of(b).stats().perWorker();
          return index < workers.size() ? spec.perWorker().applyAsDouble(workers.get(index)) : 0;
        })
        .baseUnit(spec.baseUnit()).description(spec.description())
        .tags(tags).tag(MeterSpec.WORKER, Integer.toString(index))
        .register(registry);
  }

  /** Registers the depth gauge of one tag of one mailbox; 0 while the tag holds nothing or is gone. */
  Meter mailboxTagMeter(MeterSpec spec, String mailbox, String tag, Boc boc,
      MeterRegistry registry) {
    SnapshotCache c = cache;
    return Gauge.builder(spec.name(), boc,
            b -> c.of(b).mailboxDepths().getOrDefault(mailbox, Map.of()).getOrDefault(tag, 0))
        .baseUnit(spec.baseUnit()).description(spec.description())
        .tags(tags).tag(MeterSpec.MAILBOX, mailbox).tag(MeterSpec.TAG, tag)
        .register(registry);
  }

  /**
   * Registers the overflow gauge of one mailbox: the summed depth of its tags outside {@code
   * tracked}, the tags that have a gauge of their own (a live view, read at each scrape).
   */
  Meter mailboxOverflowMeter(MeterSpec spec, String mailbox, Set<String> tracked, Boc boc,
      MeterRegistry registry) {
    SnapshotCache c = cache;
    return Gauge.builder(spec.name(), boc, b -> {
          long sum = 0;
          for (Map.Entry<String, Integer> e
              : c.of(b).mailboxDepths().getOrDefault(mailbox, Map.of()).entrySet()) {
            if (!tracked.contains(e.getKey())) {
              sum += e.getValue();
            }
          }
          return sum;
        })
        .baseUnit(spec.baseUnit()).description(spec.description())
        .tags(tags).tag(MeterSpec.MAILBOX, mailbox).tag(MeterSpec.TAG, MailboxMeters.OTHER)
        .register(registry);
  }
}
