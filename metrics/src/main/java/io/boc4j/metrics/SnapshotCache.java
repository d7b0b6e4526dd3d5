package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.Mailbox;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The latest {@link Snapshot} of one runtime, shared by all its meters so that one scrape reads the
 * runtime once rather than once per meter, and its figures come from one read.
 *
 * <p>A snapshot younger than the maximum age is reused, unless the runtime has outgrown it (more
 * workers, or another number of mailbox tags, than it lists: then meters must be registered); any
 * other snapshot is replaced by a fresh read. The replacement is a compare-and-set from the snapshot
 * the reader found, and a reader whose set fails takes the winner's: so the published snapshots form
 * one sequence in which each read began after the previous one had finished, and since the runtime's
 * counters never go backwards between such reads, no reader ever sees a counter go down — even when
 * several registries are scraped at once.
 *
 * <p>The cache holds no reference to the runtime: meters hold the runtime weakly (as Micrometer's
 * own binders hold what they measure) and pass it in. Thread-safe; lock-free.
 */
final class SnapshotCache {

  private final long maxAgeNanos;
  private final Map<String, Mailbox> mailboxes;
  private final BiConsumer<Boc, Snapshot> onFresh;
  private final AtomicReference<Snapshot> latest = new AtomicReference<>();

  /**
   * @param maxAgeNanos how long a snapshot may be reused; 0 reads afresh every time
   * @param mailboxes independent mailboxes to read, by name
   * @param onFresh told about each newly published snapshot and its runtime (lazy registration of
   *     meters for new workers and tags); called on the reading thread; must not keep the runtime
   */
  SnapshotCache(
      long maxAgeNanos, Map<String, Mailbox> mailboxes, BiConsumer<Boc, Snapshot> onFresh) {
    this.maxAgeNanos = maxAgeNanos;
    this.mailboxes = Map.copyOf(mailboxes);
    this.onFresh = onFresh;
  }

  /** The current snapshot of {@code boc}, read afresh if the last one is too old. */
  Snapshot of(Boc boc) {
    Snapshot last = latest.get();
    if (last != null && System.nanoTime() - last.readAtNanos() < maxAgeNanos
        && !last.outgrownBy(boc, mailboxes)) {
      return last;
    }
    return publishFresh(boc, last);
  }

  /** A snapshot of {@code boc} read now, whatever the age of the last one. */
  Snapshot refresh(Boc boc) {
    return publishFresh(boc, latest.get());
  }

  private Snapshot publishFresh(Boc boc, Snapshot last) {
    Snapshot fresh = Snapshot.read(boc, mailboxes);
    if (!latest.compareAndSet(last, fresh)) {
      return latest.get(); // another reader published first; never hand out an unpublished read
    }
    onFresh.accept(boc, fresh);
    return fresh;
  }
}
