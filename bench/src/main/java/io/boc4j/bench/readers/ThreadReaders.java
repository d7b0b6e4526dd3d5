package io.boc4j.bench.readers;

import io.boc4j.bench.Config;
import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.LaunchedTrial;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import io.boc4j.bench.readers.ReadersWorkload.Tally;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The readers' table on W platform threads, each doing its share of the operations in a loop.
 * Subclasses say how the table is locked ({@link Table}).
 */
abstract class ThreadReaders implements Session {

  private final Config config;
  private final FixedThreads threads;

  ThreadReaders(Config config, String name) {
    this.config = config;
    this.threads = new FixedThreads(config.workers(), "readers-" + name + "-");
  }

  /**
   * A fresh table for one trial, with the implementation's locking.
   *
   * @param accounts how many accounts
   * @return the table
   */
  abstract Table newTable(int accounts);

  /** One trial's accounts and their locks. Any thread may call both methods. */
  abstract static class Table {
    /** The balances, each guarded by the lock of the same index. */
    final long[] balances;

    Table(int accounts) {
      balances = new long[accounts];
      Arrays.fill(balances, ReadersWorkload.OPENING);
    }

    /**
     * Reads every account at once and does {@code workUs} of busy work.
     *
     * @param workUs busy work in us
     * @return the total the read saw
     */
    abstract long read(int workUs);

    /**
     * Moves 1 from account {@code from} to account {@code to}, holding both, and does {@code workUs}
     * of busy work.
     *
     * @param from the account debited
     * @param to the account credited
     * @param workUs busy work in us
     */
    abstract void write(int from, int to, int workUs);

    /**
     * The sum of the balances; only once no thread uses the table any more.
     *
     * @return the total
     */
    final long quiescentTotal() {
      long sum = 0;
      for (long b : balances) {
        sum += b;
      }
      return sum;
    }
  }

  @Override
  public Trial prepare(long requested) {
    int n = config.workers();
    long ops = Math.max(n, requested);
    Table table = newTable(config.accounts());
    int readPercent = ReadersWorkload.readPercent(config);
    long expected = ReadersWorkload.openingTotal(config.accounts());
    int workUs = config.workUs();
    AtomicLong reads = new AtomicLong();
    AtomicLong writes = new AtomicLong();
    AtomicLong inconsistent = new AtomicLong();
    AtomicBoolean cancelled = new AtomicBoolean();
    FixedThreads.Launch launch = threads.launch(j -> {
      SplittableRandom rng = new SplittableRandom(j + 1);
      int[] pair = new int[2];
      long share = ReadersWorkload.share(ops, n, j);
      long r = 0;
      long w = 0;
      long bad = 0;
      for (long i = 0; i < share && ((i & 1023) != 0 || !cancelled.get()); i++) {
        if (ReadersWorkload.nextIsRead(rng, readPercent)) {
          if (table.read(workUs) != expected) {
            bad++;
          }
          r++;
        } else {
          ReadersWorkload.pick(rng, table.balances.length, pair);
          table.write(pair[0], pair[1], workUs);
          w++;
        }
      }
      reads.addAndGet(r);
      writes.addAndGet(w);
      inconsistent.addAndGet(bad);
    });
    return new LaunchedTrial(launch, cancelled) {
      private Tally tally = new Tally(0, 0, 0);

      @Override
      public long ops() {
        return ops;
      }

      @Override
      public String verify() {
        String failure = threadFailure("a thread");
        if (failure != null) {
          return failure;
        }
        tally = new Tally(reads.get(), writes.get(), inconsistent.get());
        return ReadersWorkload.check(tally, ops, table.quiescentTotal(), config.accounts());
      }

      @Override
      public Map<String, Object> params() {
        return ReadersWorkload.params(config, ops, tally, "threads", n);
      }

      @Override
      public Map<String, Object> facts() {
        return Map.of("consistent", tally.inconsistent() == 0);
      }
    };
  }

  @Override
  public void close() {
    threads.close();
  }
}
