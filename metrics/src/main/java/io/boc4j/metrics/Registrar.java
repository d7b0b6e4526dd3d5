package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.Mailbox;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The registries one {@link BocMetrics} is bound to and the meters it registered in them: registers
 * the runtime-wide meters at binding, per-worker and per-tag meters as they appear, and removes
 * everything at close.
 *
 * <p>Locking: one private lock guards binding, lazy registration and closing. Behaviours never take
 * it; a scrape takes it only on the rare read that finds a new worker index or mailbox tag (the check
 * itself is lock-free). Meters are registered while it is held, which takes the registry's own lock
 * inside Micrometer; no registry calls back into this class while holding its lock, so the order is
 * always this lock, then the registry's.
 *
 * <p>Reachable from the meters (through the snapshot cache), so it keeps no reference to the
 * runtime: callers pass it in.
 */
final class Registrar {

  /** One registered meter and where. */
  private record Registered(MeterRegistry registry, Meter meter) {}

  private final Object lock = new Object();
  private final SnapshotCache cache;
  private final MeterFactory factory;
  private final WorkerMeters workers;
  private final MailboxMeters mailboxes;
  private final List<MeterRegistry> registries = new ArrayList<>(); // guarded by lock
  private final List<Registered> registered = new ArrayList<>(); // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * @param tags the runtime's identity
   * @param maxAgeNanos how long the meters may reuse one snapshot
   * @param others independent mailboxes by name
   * @param tagLimit tags per mailbox with a gauge of their own
   */
  Registrar(Tags tags, long maxAgeNanos, Map<String, Mailbox> others, int tagLimit) {
    this.cache = new SnapshotCache(maxAgeNanos, others, this::onFresh);
    this.factory = new MeterFactory(tags, cache);
    this.workers = new WorkerMeters(factory);
    this.mailboxes = new MailboxMeters(factory, tagLimit);
  }

  /**
   * Binds a registry: registers the runtime-wide meters, the per-worker and per-tag meters known so
   * far, and whatever {@code extra} registers, then looks for new workers and tags. A registry
   * already bound is left as it is.
   *
   * @throws IllegalStateException if closed
   */
  void bind(Boc boc, MeterRegistry registry, BiConsumer<MeterRegistry, List<Meter>> extra) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("BocMetrics for runtime " + boc.name() + " is closed; create"
            + " a new BocMetrics to bind it again");
      }
      for (MeterRegistry r : registries) {
        if (r == registry) {
          return;
        }
      }
      List<Meter> out = new ArrayList<>();
      for (MeterSpec spec : MeterCatalog.ALL) {
        switch (spec.kind()) {
          case COUNTER:
          case GAUGE:
          case TIME_GAUGE:
          case FUNCTION_TIMER:
            out.add(factory.runtimeMeter(spec, boc, registry));
            break;
          default: // registered below, or lazily
        }
      }
      extra.accept(registry, out);
      keepAll(registry, out);
      workers.registerKnown(boc, registry, this::keep);
      mailboxes.registerKnown(boc, registry, this::keep);
      registries.add(registry);
    }
    cache.refresh(boc); // registers the workers and tags of now; every scrape checks again
  }

  /** Removes every meter registered so far from its registry; later reads register nothing. */
  void close() {
    synchronized (lock) {
      closed = true;
      for (Registered r : registered) {
        r.registry().remove(r.meter());
      }
      registered.clear();
      registries.clear();
    }
  }

  /** Registers meters for the workers and tags a fresh snapshot shows first. */
  private void onFresh(Boc boc, Snapshot s) {
    if (!workers.grew(s) && !mailboxes.grew(s)) {
      return; // the common case: a lock-free check and nothing to do
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      workers.extend(s, boc, registries, this::keep);
      mailboxes.extend(s, boc, registries, this::keep);
    }
  }

  /** Remembers a registered meter for {@link #close()}. Under the lock. */
  private void keep(MeterRegistry registry, Meter meter) {
    registered.add(new Registered(registry, meter));
  }

  private void keepAll(MeterRegistry registry, List<Meter> meters) {
    for (Meter m : meters) {
      keep(registry, m);
    }
  }
}
