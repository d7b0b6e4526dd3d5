package io.boc4j.bench.readers;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SPEC section 8's {@code readers}: a read-mostly table. A accounts (default 8), each opening at
 * {@value #OPENING}. An operation is a <em>read</em> with probability R % (the variant: 90 % and
 * 99 % by default) and otherwise a <em>write</em>:
 *
 * <ul>
 *   <li>a read takes every account at once, sums the balances, does U µs of busy work and checks
 *       that the sum is the opening total: a reader must never see a transfer half done;
 *   <li>a write moves 1 between two distinct random accounts (both held at once), then does U µs
 *       of busy work.
 * </ul>
 *
 * One operation is one read or one write. Implementations:
 *
 * <ul>
 *   <li>{@code boc4j}: a read is one behaviour over {@code Cown.readGroup(accounts)}, so reads run
 *       beside each other and only writes wait; a write is one behaviour over its two accounts,
 *       writable. {@value #CLIENTS} clients, each a chain that schedules its next operation from the
 *       body of the previous one (one behaviour per operation).
 *   <li>{@code boc4j-exclusive}: the very same, but a read takes {@code Cown.group(accounts)},
 *       writable: what reads cost when they may not share.
 *   <li>{@code rwlock}: W platform threads, one {@code ReentrantReadWriteLock} per account; a read
 *       takes every read lock in index order, a write both write locks in index order.
 *   <li>{@code stamped}: W platform threads, one {@code StampedLock} per account; a read is
 *       optimistic (a stamp from each lock, the sum and the work, then every stamp validated) and
 *       falls back to taking every read lock in index order when a write intervened; a write takes
 *       both write locks in index order.
 * </ul>
 *
 * Verification: every read saw the opening total (record field {@code consistent}), the final total
 * is the opening total ({@code conserved}), and reads plus writes make the operation count.
 */
public final class ReadersWorkload extends AbstractWorkload {

  /** Every account's opening balance. */
  static final long OPENING = 100;

  /** Concurrent chains of operations on boc4j. */
  static final int CLIENTS = 16;

  /** The read-mostly table on boc4j (reads shared, then exclusive) and on two lock peers. */
  public ReadersWorkload() {
    super("readers", "op/s", 20_000_000, impl("boc4j", c -> new BocReaders(c, true)),
        impl("boc4j-exclusive", c -> new BocReaders(c, false)), impl("rwlock", RwLockReaders::new),
        impl("stamped", StampedReaders::new));
  }

  /** {@inheritDoc} The read-only and the exclusive forms. */
  @Override
  public boolean runsOnBoc4j(String impl) {
    return impl.startsWith("boc4j");
  }

  @Override
  public String variantName() {
    return "reads";
  }

  @Override
  public List<Integer> defaultAccounts(boolean quick) {
    return List.of(8);
  }

  @Override
  public String description() {
    return """
      a read-mostly table of A accounts: with probability R % (the \
      `reads` variant) an operation reads every account at once, sums the balances, does U µs of \
      busy work and checks the opening total; otherwise it moves 1 between two random accounts and \
      does U µs of work. `boc4j`: reads are behaviours over `Cown.readGroup(accounts)` and share; \
      writes take their two accounts; 16 client chains, one behaviour per operation. \
      `boc4j-exclusive`: the same with reads over `Cown.group(accounts)`, writable. `rwlock`: W \
      threads, a `ReentrantReadWriteLock` per account, every read lock (or both write locks) taken \
      in index order. `stamped`: W threads, a `StampedLock` per account, optimistic reads that \
      fall back to read locks. Every read must see the opening total.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    List<Config> cs = new ArrayList<>();
    for (int r : d.reads()) {
      if (r < 0 || r > 100) {
        throw new IllegalArgumentException("readers: --reads must be 0..100 percent, got " + r);
      }
      for (int a : d.accounts()) {
        if (a < 2) {
          throw new IllegalArgumentException("readers needs at least 2 accounts, got " + a);
        }
        cs.addAll(workByWorkers(d, a, r + "%"));
      }
    }
    return cs;
  }

  /** The percentage of reads a configuration's variant names, e.g. 90 for {@code 90%}. */
  static int readPercent(Config c) {
    return Integer.parseInt(c.variant().substring(0, c.variant().length() - 1));
  }

  /** Whether the next operation reads. */
  static boolean nextIsRead(SplittableRandom rng, int readPercent) {
    return rng.nextInt(100) < readPercent;
  }

  /** Picks two distinct accounts into {@code pair[0..1]}. */
  static void pick(SplittableRandom rng, int accounts, int[] pair) {
    int from = rng.nextInt(accounts);
    int to = (from + 1 + rng.nextInt(accounts - 1)) % accounts;
    pair[0] = from;
    pair[1] = to;
  }

  /** The opening total of {@code accounts} accounts. */
  static long openingTotal(int accounts) {
    return accounts * OPENING;
  }

  /** Operations of {@code total} given to party {@code i} of {@code parties}. */
  static long share(long total, int parties, int i) {
    return total / parties + (i < total % parties ? 1 : 0);
  }

  /** What the counts say is wrong, or null. */
  static String check(Tally t, long ops, long finalTotal, int accounts) {
    if (t.reads() + t.writes() != ops) {
      return t.reads() + " reads and " + t.writes() + " writes, expected " + ops + " operations";
    }
    if (t.inconsistent() != 0) {
      return t.inconsistent() + " of " + t.reads() + " reads saw a total other than "
          + openingTotal(accounts);
    }
    if (finalTotal != openingTotal(accounts)) {
      return "total not conserved: expected " + openingTotal(accounts) + ", found " + finalTotal;
    }
    return null;
  }

  /** The run's sizes and counts, for the record. */
  static Map<String, Object> params(Config c, long ops, Tally t, String parties, int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accounts", c.accounts());
    m.put("readPercent", readPercent(c));
    m.put("operations", ops);
    m.put("reads", t.reads());
    m.put("writes", t.writes());
    m.put(parties, n);
    return m;
  }

  /**
   * What a run did.
   *
   * @param reads reads performed
   * @param writes writes performed
   * @param inconsistent reads that saw a total other than the opening total
   */
  record Tally(long reads, long writes, long inconsistent) {}
}
