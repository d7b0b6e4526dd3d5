package io.boc4j.samples.bank;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.ResultCown;
import io.boc4j.samples.support.BusyWork;
import io.boc4j.samples.support.ConcurrencyGauge;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of accounts, one cown each. A transfer is a behaviour over exactly the two accounts it
 * touches; there is no other cown on that path, so transfers over disjoint pairs run in parallel
 * and transfers that share an account run in the order they were scheduled. The audit is the one
 * behaviour over every account.
 */
final class Bank {

  /**
   * Every account's figures, read by one behaviour holding all of them, so they are one consistent
   * moment of the bank.
   *
   * @param balances the balance of each account, in account order
   * @param sent transfers paid out, summed over all accounts
   * @param refused transfers refused for lack of funds, summed over all accounts
   */
  record Audit(long[] balances, long sent, long refused) {

    /** The sum of all balances. */
    long total() {
      long sum = 0;
      for (long b : balances) {
        sum += b;
      }
      return sum;
    }

    /** Transfers that ran, whichever way they ended. */
    long transfers() {
      return sent + refused;
    }
  }

  private final List<Cown<Account>> accounts;

  /** Opens {@code accounts} accounts, each holding {@code openingBalance}. */
  Bank(int accounts, long openingBalance) {
    this.accounts = new ArrayList<>(accounts);
    for (int i = 0; i < accounts; i++) {
      this.accounts.add(Cown.of(new Account(openingBalance)));
    }
  }

  /**
   * Schedules a transfer of {@code amount} from account {@code from} to account {@code to}
   * (distinct). Returns at once; the body runs once it holds both accounts. {@code gauge} sees how
   * many transfers run at the same moment; {@code workMicros} simulates per-transfer work such as a
   * fraud check.
   */
  void transfer(Boc boc, int from, int to, long amount, long workMicros, ConcurrencyGauge gauge) {
    boc.run(accounts.get(from), accounts.get(to), (src, dst) -> {
      gauge.enter();
      BusyWork.spin(workMicros);
      src.get().transferTo(dst.get(), amount);
      gauge.exit();
    });
  }

  /**
   * Schedules the audit: one behaviour over every account. It runs after every transfer scheduled
   * before it, because each of those shares an account with it.
   */
  ResultCown<Audit> audit(Boc boc) {
    return boc.when(Cown.group(accounts), all -> {
      long[] balances = new long[all.size()];
      long sent = 0;
      long refused = 0;
      for (int i = 0; i < balances.length; i++) {
        Account a = all.get(i).get();
        balances[i] = a.balance();
        sent += a.sent();
        refused += a.refused();
      }
      return new Audit(balances, sent, refused);
    });
  }
}
