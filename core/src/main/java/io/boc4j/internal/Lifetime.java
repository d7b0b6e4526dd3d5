package io.boc4j.internal;

import io.boc4j.WorkerStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifetime counters of one runtime object: what every generation that has been torn down
 * counted, so that statistics read across {@code waitAll}, teardown and restart never go backwards.
 *
 * <h2>Reading without a lock</h2>
 *
 * The retired figures are one immutable {@link Retired} value, replaced whole at each teardown and
 * tagged with the {@link Generation#sequence} of the generation it last absorbed. A runtime retires
 * its generations in the order it creates them, one at a time, so a retired value has absorbed
 * generation {@code g} exactly when its tag is at least {@code g}'s sequence. Teardown publishes the
 * new value <em>before</em> it clears the runtime's current generation (both volatile writes), and a
 * reader reads the current generation <em>before</em> the retired value. So a reader that read
 * {@code g} as current either reads a value that predates {@code g}'s retirement (and adds {@code
 * g}'s live counters itself) or one that absorbed it, however many teardowns later (and adds
 * nothing); a reader that sees no generation reads a value that absorbed the last one. Every path
 * counts each generation once, and since live counters only grow and a retired value absorbs their
 * final figures, a sequence of reads never decreases. (Comparing the tag with {@code g} by identity
 * instead would count {@code g} twice for a reader held up across two teardowns.)
 */
public final class Lifetime {

  private volatile Retired retired = Retired.NONE;

  /** Absorbs a torn-down generation's final counters. Called under the runtime's lifecycle lock. */
  public void retire(Generation g) {
    retired = retired.plus(g); // volatile write: before the caller clears its current generation
  }

  /**
   * The lifetime figures, counting {@code current} (read by the caller before this call) live unless
   * the retired value already absorbed it.
   */
  public Figures read(Generation current) {
    Retired r = retired; // volatile read: after the caller's read of its current generation
    if (current == null || r.lastSequence >= current.sequence) {
      return new Figures(r.scheduled, r.completed, r.failed, r.peakInFlight, r.workers,
          r.producerWaits, r.producerWaitNanos, r.mutes, r.mutedNanos);
    }
    BackPressure bp = current.backPressure;
    return new Figures(
        r.scheduled + current.scheduledTotal(),
        r.completed + current.completedTotal(),
        r.failed + current.failedTotal(),
        Math.max(r.peakInFlight, current.terminator.peakInFlight()),
        sum(r.workers, current.workerStats()),
        r.producerWaits + bp.producerWaits(),
        r.producerWaitNanos + bp.producerWaitNanos(),
        r.mutes + bp.mutes(),
        r.mutedNanos + bp.mutedNanos());
  }

  /** Lifetime figures at one read; each is individually recent, the set is not a consistent cut. */
  public record Figures(
      long scheduled,
      long completed,
      long failed,
      long peakInFlight,
      List<WorkerStats> workers,
      long producerWaits,
      long producerWaitNanos,
      long mutes,
      long mutedNanos) {}

  private static final class Retired {
    static final Retired NONE = new Retired(0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0);

    /** The sequence of the last generation absorbed; 0 for none (sequences start at 1). */
    final long lastSequence;
    final long scheduled;
    final long completed;
    final long failed;
    final long peakInFlight;
    final List<WorkerStats> workers;
    final long producerWaits;
    final long producerWaitNanos;
    final long mutes;
    final long mutedNanos;

    Retired(long lastSequence, long scheduled, long completed, long failed, long peakInFlight,
        List<WorkerStats> workers, long producerWaits, long producerWaitNanos, long mutes,
        long mutedNanos) {
      this.lastSequence = lastSequence;
      this.scheduled = scheduled;
      this.completed = completed;
      this.failed = failed;
      this.peakInFlight = peakInFlight;
      this.workers = workers;
      this.producerWaits = producerWaits;
      this.producerWaitNanos = producerWaitNanos;
      this.mutes = mutes;
      this.mutedNanos = mutedNanos;
    }

    Retired plus(Generation g) {
      BackPressure bp = g.backPressure;
      return new Retired(g.sequence,
          scheduled + g.scheduledTotal(),
          completed + g.completedTotal(),
          failed + g.failedTotal(),
          Math.max(peakInFlight, g.terminator.peakInFlight()),
          sum(workers, g.workerStats()),
          producerWaits + bp.producerWaits(),
          producerWaitNanos + bp.producerWaitNanos(),
          mutes + bp.mutes(),
          mutedNanos + bp.mutedNanos());
    }
  }

  /** Per-index sums of two per-worker lists; the longer list's extra workers are kept as they are. */
  private static List<WorkerStats> sum(List<WorkerStats> a, List<WorkerStats> b) {
    int n = Math.max(a.size(), b.size());
    List<WorkerStats> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i >= a.size()) {
        out.add(b.get(i));
      } else if (i >= b.size()) {
        out.add(a.get(i));
      } else {
        WorkerStats x = a.get(i);
        WorkerStats y = b.get(i);
        out.add(new WorkerStats(i,
            x.pushedLocal() + y.pushedLocal(),
            x.pushedRemote() + y.pushedRemote(),
            x.poppedLocal() + y.poppedLocal(),
            x.poppedViaSteal() + y.poppedViaSteal(),
            x.stealAttempts() + y.stealAttempts(),
            x.stealFailures() + y.stealFailures(),
            x.parked() + y.parked(),
            x.behavioursRun() + y.behavioursRun()));
      }
    }
    return List.copyOf(out);
  }
}
