package io.boc4j.samples;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Held;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Atomic bank transfers between accounts. Each transfer is one behaviour over two account cowns, so
 * it sees and updates both balances atomically with no lock in sight; transfers over disjoint pairs
 * run in parallel. The total balance is printed before and after: it never changes.
 *
 * <p>Run: {@code mvn -q -pl samples -am install -DskipTests && mvn -q -pl samples exec:java}, or with
 * arguments {@code accounts transfers workers}.
 */
public final class BankTransfers {

  /** One account; only ever touched by the behaviour holding its cown. */
  static final class Account {
    final String name;
    long balance;

    Account(String name, long balance) {
      this.name = name;
      this.balance = balance;
    }
  }

  /** What a run observed. */
  record Outcome(long totalBefore, long totalAfter, long transfersDone, long transfersRefused) {}

  private BankTransfers() {}

  /**
   * Runs the sample.
   *
   * @param args optional: accounts (default 8), transfers (default 100000), workers (default: cores)
   * @throws Exception if the runtime does not finish within a minute
   */
  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    run(accounts, transfers, workers, true);
  }

  static Outcome run(int accountCount, int transfers, int workers, boolean print) throws Exception {
    List<Cown<Account>> accounts = new ArrayList<>();
    for (int i = 0; i < accountCount; i++) {
      accounts.add(Cown.of(new Account("acct-" + i, 1_000)));
    }
    Cown<long[]> ledger = Cown.of(new long[2]); // [done, refused]
    try (Boc boc = Boc.builder().workers(workers).build()) {
      long before = total(boc, accounts, print ? "before" : null);

      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < transfers; i++) {
        int from = random.nextInt(accountCount);
        int to = (from + 1 + random.nextInt(accountCount - 1)) % accountCount;
        long amount = 1 + random.nextInt(200);
        boc.run(accounts.get(from), accounts.get(to), ledger, (src, dst, book) -> {
          Account a = src.get();
          Account b = dst.get();
          if (a.balance >= amount) {
            a.balance -= amount;
            b.balance += amount;
            book.get()[0]++;
          } else {
            book.get()[1]++; // refused: would overdraw
          }
        });
      }
      boc.quiesce(Duration.ofMinutes(1));

      long after = total(boc, accounts, print ? "after" : null);
      long[] counts;
      try (Held<long[]> book = boc.acquire(ledger)) {
        counts = book.get().clone();
      }
      if (print) {
        System.out.printf("%d transfers: %d done, %d refused (insufficient funds)%n",
            transfers, counts[0], counts[1]);
        System.out.printf("total before %d, after %d: %s%n",
            before, after, before == after ? "conserved" : "NOT CONSERVED");
      }
      return new Outcome(before, after, counts[0], counts[1]);
    }
  }

  /** Reads every balance in one behaviour over all accounts, so the sum is a consistent snapshot. */
  private static long total(Boc boc, List<Cown<Account>> accounts, String label) throws Exception {
    return boc.when(Cown.group(accounts), all -> {
      long sum = 0;
      StringBuilder line = new StringBuilder();
      for (Cown<Account> c : all) {
        sum += c.get().balance;
        line.append(String.format(" %s=%d", c.get().name, c.get().balance));
      }
      if (label != null) {
        System.out.println(label + ":" + line);
      }
      return sum;
    }).toCompletionStage().toCompletableFuture().get();
  }
}
