package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.BocStats;
import io.boc4j.Mailbox;
import io.boc4j.TagStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the meters of one runtime read, taken at one moment: the runtime's {@link BocStats}, the
 * pump watchdog's thresholds, and the per-tag depth of every mailbox the binder reports.
 *
 * @param readAtNanos {@link System#nanoTime()} when the read began
 * @param stats the runtime's statistics
 * @param warnMillis the watchdog's warn threshold in ms, NaN while off
 * @param raiseMillis the watchdog's raise threshold in ms, NaN while off
 * @param mailboxDepths messages queued now, by mailbox name and then tag
 * @param liveTags each mailbox's live tag count when read, by mailbox name
 */
record Snapshot(
    long readAtNanos,
    BocStats stats,
    double warnMillis,
    double raiseMillis,
    Map<String, Map<String, Integer>> mailboxDepths,
    Map<String, Integer> liveTags) {

  /** The {@code mailbox} tag value of the runtime's own mailbox ({@link Boc#mailbox()}). */
  static final String RUNTIME_MAILBOX = "runtime";

  /**
   * Reads a snapshot. Takes no lock that behaviours take: {@link Boc#stats()}, the watchdog getters
   * and {@link Mailbox#tagStats()} / {@link Mailbox#depth} are all lock-free reads.
   *
   * @param boc the runtime
   * @param others independent mailboxes by name, besides the runtime's own
   */
  static Snapshot read(Boc boc, Map<String, Mailbox> others) {
    long now = System.nanoTime();
    Map<String, Integer> live = new LinkedHashMap<>();
    live.put(RUNTIME_MAILBOX, boc.mailbox().liveTags()); // before the depths: never newer than them
    others.forEach((name, mailbox) -> live.put(name, mailbox.liveTags()));
    BocStats stats = boc.stats();
    Map<String, Map<String, Integer>> depths = new LinkedHashMap<>();
    depths.put(RUNTIME_MAILBOX, stats.mailboxDepth());
    others.forEach((name, mailbox) -> depths.put(name, depthsOf(mailbox)));
    return new Snapshot(now, stats, millis(boc.mainThread().pumpWatchdogWarn().orElse(null)),
        millis(boc.mainThread().pumpWatchdogRaise().orElse(null)), Map.copyOf(depths),
        Map.copyOf(live));
  }

  /**
   * Whether the runtime has outgrown this snapshot: it now runs more workers than the snapshot
   * lists, or a mailbox's live tag count changed. Such a snapshot is read afresh whatever its age,
   * so that meters for new workers and tags are registered by the next scrape. A few volatile
   * reads; no lock.
   */
  boolean outgrownBy(Boc boc, Map<String, Mailbox> others) {
    if (boc.workerCount() > stats.perWorker().size()
        || boc.mailbox().liveTags() != liveTags.get(RUNTIME_MAILBOX)) {
      return true;
    }
    for (Map.Entry<String, Mailbox> e : others.entrySet()) {
      if (e.getValue().liveTags() != liveTags.get(e.getKey())) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Integer> depthsOf(Mailbox mailbox) {
    Map<String, Integer> out = new TreeMap<>();
    for (TagStats t : mailbox.tagStats()) {
      out.put(t.tag(), mailbox.depth(t.tag()));
    }
    return out;
  }

  private static double millis(Duration d) {
    return d == null ? Double.NaN : d.toNanos() / 1e6;
  }
}
