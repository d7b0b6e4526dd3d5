package io.boc4j.bench.bank;

import io.boc4j.bench.Config;
import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.LaunchedTrial;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bank on W platform threads, verona-rt's pthread shape: each thread issues its T/W+1 transfers
 * in a loop, taking both accounts' locks in index order, then the log's inside them. Subclasses say
 * what a lock is.
 */
abstract class ThreadBank implements Session {

  final Config config;
  private final FixedThreads threads;

  ThreadBank(Config config, String name) {
    this.config = config;
    this.threads = new FixedThreads(config.workers(), "bank-" + name + "-");
  }

  /** Fresh accounts and log for one trial, with the implementation's locking. */
  abstract Ledger newLedger();

  /** One trial's shared state. */
  abstract static class Ledger {
    final Account[] accounts;
    long logged; // guarded by the log lock

    Ledger(int n) {
      accounts = new Account[n];
      for (int i = 0; i < n; i++) {
        accounts[i] = new Account();
      }
    }

    /** One transaction from account {@code from} to account {@code to}, locking both in index order. */
    abstract void transact(int from, int to, int workUs);
  }

  @Override
  public Trial prepare(long ops) {
    Ledger ledger = newLedger();
    long perThread = BankWorkload.repeatsPerTeller(ops, config.workers()) + 1;
    int workUs = config.workUs();
    int n = config.accounts();
    AtomicBoolean cancelled = new AtomicBoolean();
    FixedThreads.Launch launch = threads.launch(j -> {
      SplittableRandom rng = new SplittableRandom(j + 1);
      int[] pair = new int[2];
      for (long i = 0; i < perThread; i++) {
        BankWorkload.pick(rng, n, pair);
        ledger.transact(pair[0], pair[1], workUs);
        if ((i & 1023) == 0 && cancelled.get()) {
          return;
        }
      }
    });
    long total = perThread * config.workers();
    return new LaunchedTrial(launch, cancelled) {
      private long lastTotal = -1;

      @Override
      public long ops() {
        return total;
      }

      @Override
      public String verify() {
        String failure = threadFailure("a thread");
        if (failure != null) {
          return failure;
        }
        if (ledger.logged != total) {
          return "logged " + ledger.logged + " transfers, expected " + total;
        }
        long sum = 0;
        for (Account a : ledger.accounts) {
          sum += a.balance;
        }
        lastTotal = sum;
        return BankWorkload.checkTotal(sum, n);
      }

      @Override
      public Map<String, Object> params() {
        return Map.of("transfers", total, "threads", config.workers(), "accounts", n);
      }

      @Override
      public Map<String, Object> facts() {
        return Map.of("atomic", true, "conserved", lastTotal == n * BankWorkload.INITIAL_BALANCE);
      }
    };
  }

  @Override
  public void close() {
    threads.close();
  }
}
