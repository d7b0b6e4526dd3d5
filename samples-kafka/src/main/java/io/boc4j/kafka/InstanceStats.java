package io.boc4j.kafka;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one instance has done so far, cumulative.
 *
 * @param commands commands consumed in committed transactions
 * @param transactions transactions committed
 * @param aborted transactions aborted (their commands are read again)
 * @param credits credits sent to other partitions in committed transactions
 * @param changelog account records written in committed transactions
 * @param duplicates credits skipped because their watermark showed them applied
 * @param rejected commands rejected without a behaviour (malformed, unknown account)
 * @param restored partitions restored from the changelog (assignments and rewinds)
 * @param abandoned commands consumed but never committed because the instance crashed; their next
 *     owner reads them again
 */
record InstanceStats(long commands, long transactions, long aborted, long credits, long changelog,
    long duplicates, long rejected, long restored, long abandoned) {

  /** The counters behind the snapshots: written by the instance's loop thread, read by any. */
  static final class Counters {
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong credits = new AtomicLong();
    private final AtomicLong changelog = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong restored = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();

    void committed(TransactionBatch.Committed c) {
      if (c.commands() > 0) {
        commands.addAndGet(c.commands());
        transactions.incrementAndGet();
        credits.addAndGet(c.credits());
        changelog.addAndGet(c.changelog());
        duplicates.addAndGet(c.duplicates());
      }
    }

    void aborted() {
      aborted.incrementAndGet();
    }

    void rejected() {
      rejected.incrementAndGet();
    }

    void restored() {
      restored.incrementAndGet();
    }

    void abandoned(int commands) {
      abandoned.addAndGet(commands);
    }

    InstanceStats snapshot() {
      return new InstanceStats(commands.get(), transactions.get(), aborted.get(), credits.get(),
          changelog.get(), duplicates.get(), rejected.get(), restored.get(),
          abandoned.get());
    }
  }
}
