package io.boc4j.samples.bank;

import io.boc4j.Boc;
import io.boc4j.samples.support.ConcurrencyGauge;
import io.boc4j.samples.support.Results;
import io.boc4j.samples.support.Throughput;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One timed run of the bank at a given worker count: opens the accounts, audits them, schedules the
 * transfers from the calling thread, and audits again. The same settings always schedule the same
 * transfers in the same order.
 *
 * @param accounts number of accounts, at least 2
 * @param openingBalance each account's balance before the first transfer
 * @param transfers transfers to schedule
 * @param maxAmount transfer amounts are uniform in {@code [1, maxAmount]}
 * @param workMicros simulated work inside each transfer
 * @param seed seeds the choice of accounts and amounts
 */
record TransferRun(
    int accounts, long openingBalance, long transfers, long maxAmount, long workMicros, long seed) {

  /**
   * What one run observed.
   *
   * @param workers the worker count it ran on
   * @param before the audit before the first transfer
   * @param after the audit after the last
   * @param time the transfers and how long scheduling and running them took, up to the final audit
   * @param mostAtOnce the most transfer bodies that ran at the same moment
   */
  record Outcome(
      int workers, Bank.Audit before, Bank.Audit after, Throughput time, int mostAtOnce) {}

  private static final Duration WAIT = Duration.ofMinutes(5);

  /** Runs the transfers on a fresh runtime with {@code workers} workers. */
  Outcome on(int workers) throws Exception {
    Bank bank = new Bank(accounts, openingBalance);
    ConcurrencyGauge gauge = new ConcurrencyGauge();
    try (Boc boc = Boc.builder().workers(workers).build()) {
      Bank.Audit before = Results.await(bank.audit(boc), WAIT);
      SplittableRandom random = new SplittableRandom(seed);
      long start = System.nanoTime();
      for (long i = 0; i < transfers; i++) {
        int from = random.nextInt(accounts);
        int to = (from + 1 + random.nextInt(accounts - 1)) % accounts; // any account but `from`
        long amount = 1 + random.nextLong(maxAmount);
        bank.transfer(boc, from, to, amount, workMicros, gauge);
      }
      Bank.Audit after = Results.await(bank.audit(boc), WAIT);
      Throughput time = Throughput.since(transfers, start);
      return new Outcome(workers, before, after, time, gauge.max());
    }
  }
}
