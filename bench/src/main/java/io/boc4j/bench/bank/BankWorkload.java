package io.boc4j.bench.bank;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The bank, in verona-rt's exact shape ({@code test/perf/banking}): A accounts (balance 100, overdraft
 * 100), one log, W tellers. Each teller's job picks two distinct random accounts, schedules the
 * transfer over both (busy work of U us, then move 100 if funded, i.e. if {@code balance - 100 >=
 * -overdraft}, then an empty behaviour on the log) and reschedules itself until it has issued T/W+1
 * transfers: three behaviours per transaction on boc4j. One operation is one transaction.
 *
 * <p>Peers: ordered {@code ReentrantLock}s on W platform threads (lock both accounts in index order,
 * work, move, then lock and unlock the log lock inside, as verona-rt's pthread version does);
 * {@code synchronized} on both accounts in index order; Pekko typed actors with a two-message
 * transfer (debit, then credit), which is <em>not atomic</em>: between the two messages the money is
 * in flight, although the total is conserved once every message has been processed.
 *
 * <p>Runs with {@code -Xmx2g} (and so {@code -Xms2g}: see {@code ForkedLauncher}): boc4j's tellers
 * run ahead of the log cown until back-pressure holds them, and the heap limit turns a bound that
 * failed into a reported failure rather than a machine-wide swap.
 */
public final class BankWorkload extends AbstractWorkload {

  /** Every account's opening balance. */
  public static final long INITIAL_BALANCE = 100;
  static final long OVERDRAFT = 100;
  static final long AMOUNT = 100;

  /** The bank on boc4j, ordered locks, {@code synchronized} and Pekko. */
  public BankWorkload() {
    super("bank", "tx/s", 10_000_000, impl("boc4j", BocBank::new), impl("locks", LockBank::new),
        impl("synchronized", SyncBank::new), impl("pekko", PekkoBank::new));
  }

  @Override
  public String description() {
    return """
      verona-rt's shape: A accounts (balance 100, overdraft 100), one \
      log, W tellers; a teller's job picks two distinct random accounts, schedules the transfer \
      (U µs of busy work, move 100 if funded, then an empty behaviour on the log) and \
      reschedules itself: 3 behaviours per transaction on boc4j. Peers: `locks` (a \
      `ReentrantLock` per account, both taken in index order, the log lock inside them, W \
      platform threads), `synchronized` (the same with monitors), `pekko` (typed actors: debit, \
      then credit, then log — **not atomic**: the money is in flight between the two messages; \
      the total is conserved once all messages are processed).""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return workByWorkersPerAccounts(d);
  }

  @Override
  public List<String> jvmOptions() {
    return List.of("-Xmx2g");
  }

  /** Transfers each teller issues for a requested total: verona-rt's T/W, plus the first job. */
  static long repeatsPerTeller(long ops, int workers) {
    return Math.max(0, ops / workers);
  }

  /**
   * Picks two distinct accounts, as verona-rt does.
   *
   * @param rng the random source
   * @param accounts how many accounts there are, at least 2
   * @param pair receives the two indices in {@code pair[0..1]}
   */
  public static void pick(SplittableRandom rng, int accounts, int[] pair) {
    int from = rng.nextInt(accounts);
    int to = from;
    while (to == from) {
      to = rng.nextInt(accounts);
    }
    pair[0] = from;
    pair[1] = to;
  }

  /**
   * The conservation check shared by every implementation.
   *
   * @param total the sum of every balance after the run
   * @param accounts how many accounts there are
   * @return null if the total is the opening total, else what is wrong
   */
  public static String checkTotal(long total, int accounts) {
    long expected = accounts * INITIAL_BALANCE;
    return total == expected ? null
        : "total balance not conserved: expected " + expected + ", found " + total;
  }
}
