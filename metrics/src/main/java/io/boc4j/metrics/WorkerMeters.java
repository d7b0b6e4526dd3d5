package io.boc4j.metrics;

import io.boc4j.Boc;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Which worker indices have their per-worker meters registered, and registering them as indices
 * appear.
 *
 * <p>A runtime's worker count is fixed per generation but may change at each restart ({@code
 * start(n)} after {@code waitAll}). The lifetime per-worker list of {@link io.boc4j.BocStats} has one
 * entry per index ever used, and never shrinks. So meters are registered lazily: whenever a fresh
 * snapshot lists more workers than have meters (checked on every snapshot the meters read, that is on
 * every scrape), the new indices are registered in every bound registry; they show from that scrape
 * or the next on. Indices never go away: after a restart with fewer workers, the higher indices keep
 * their final totals.
 *
 * <p>Threading: {@link #grew} from any thread, lock-free; the rest under the {@link Registrar}'s lock.
 */
final class WorkerMeters {

  private final MeterFactory factory;

  /** Indices {@code [0, known)} have meters in every bound registry. Written under the lock. */
  private volatile int known;

  WorkerMeters(MeterFactory factory) {
    this.factory = factory;
  }

  /** Whether {@code s} lists workers that have no meters yet. Lock-free. */
  boolean grew(Snapshot s) {
    return s.stats().perWorker().size() > known;
  }

  /** Registers the meters of every known index in a newly bound registry. */
  void registerKnown(Boc boc, MeterRegistry registry, BiConsumer<MeterRegistry, Meter> out) {
    register(boc, registry, 0, known, out);
  }

  /** Registers the indices {@code s} adds, in every bound registry. */
  void extend(Snapshot s, Boc boc, List<MeterRegistry> registries,
      BiConsumer<MeterRegistry, Meter> out) {
    int from = known;
    int to = s.stats().perWorker().size();
    if (to <= from) {
      return;
    }
    for (MeterRegistry r : registries) {
      register(boc, r, from, to, out);
    }
    known = to;
  }

  private void register(Boc boc, MeterRegistry registry, int from, int to, BiConsumer<MeterRegistry, Meter> out) {
    for (int i = from; i < to; i++) {
      for (MeterSpec spec : MeterCatalog.ALL) {
        if (spec.kind() == MeterSpec.Kind.WORKER_COUNTER) {
          out.accept(registry, factory.workerMeter(spec, i, boc, registry));
        }
      }
    }
  }
}
