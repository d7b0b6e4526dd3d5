package io.boc4j.kafka;

import io.boc4j.Boc;
import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The partitions one instance owns right now, and their life cycle: restore on assignment, drain
 * (scoped quiescence) before hand-over, drop after it.
 *
 * <p>Threading: the instance's loop thread only (rebalance callbacks run on it too), except {@link
 * #partitions()}, which any thread may read.
 */
final class Ownership {

  private final String instance;
  private final Boc boc;
  private final ChangelogReader changelog;
  private final OwnershipListener listener;
  private final Duration restoreTimeout;
  private final Map<Integer, OwnedPartition> owned = new TreeMap<>();
  private volatile Set<Integer> published = Set.of();

  Ownership(String instance, Boc boc, ChangelogReader changelog, OwnershipListener listener,
      Duration restoreTimeout) {
    this.instance = instance;
    this.boc = boc;
    this.changelog = changelog;
    this.listener = listener;
    this.restoreTimeout = restoreTimeout;
  }

  /** The owned partitions. Any thread. */
  Set<Integer> partitions() {
    return published;
  }

  /** The owned partition {@code p}, or null. */
  OwnedPartition get(int p) {
    return owned.get(p);
  }

  /**
   * Takes partition {@code p}, given in group generation {@code generation}: restores it. If the
   * restore fails, the partition is released again (and the instance will stop).
   */
  void acquire(int p, int generation) throws Exception {
    listener.acquired(instance, p, generation);
    Map<Integer, Account> restored;
    try {
      restored = changelog.read(p, restoreTimeout);
    } catch (Exception e) {
      listener.released(instance, p, generation, false);
      throw e;
    }
    owned.put(p, new OwnedPartition(p, generation, restored));
    publish();
  }

  /**
   * Replaces partition {@code p}'s cowns by its committed state, after a transaction that touched
   * them aborted. Drains the partition first, so no behaviour of the aborted work still runs.
   */
  void reload(int p, Duration drainTimeout) throws Exception {
    drain(List.of(p), drainTimeout);
    OwnedPartition old = owned.get(p);
    owned.put(p, new OwnedPartition(p, old.generation(), changelog.read(p, restoreTimeout)));
  }

  /**
   * Waits until every behaviour scheduled so far on the accounts of {@code partitions} has
   * finished; the instance's other partitions keep running meanwhile.
   */
  void drain(Collection<Integer> partitions, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<ResultCown<Integer>> quiet = new ArrayList<>();
    for (int p : partitions) {
      OwnedPartition op = owned.get(p);
      if (op != null) {
        quiet.add(op.drain(boc));
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ResultCown<Integer> q : quiet) {
      q.toCompletionStage().toCompletableFuture()
          .get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Forgets {@code partitions}; the caller drained them. {@code clean} says whether their final
   * state was committed.
   */
  void drop(Collection<Integer> partitions, boolean clean) {
    for (int p : new TreeSet<>(partitions)) {
      OwnedPartition op = owned.remove(p);
      if (op != null) {
        listener.released(instance, p, op.generation(), clean);
      }
    }
    publish();
  }

  private void publish() {
    published = Set.copyOf(owned.keySet());
  }
}
