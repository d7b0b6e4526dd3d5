package io.boc4j.bench.bank;

/**
 * One bank account; guarded by whatever the implementation uses (a cown, a lock, a monitor). Public
 * for the workloads that run this same bank another way ({@code mono}, {@code metrics}).
 */
public final class Account {
  long balance = BankWorkload.INITIAL_BALANCE;
  final long overdraft = BankWorkload.OVERDRAFT;

  /** An account with the opening balance, {@link BankWorkload#INITIAL_BALANCE}. */
  public Account() {}

  /**
   * The balance; the caller holds the account.
   *
   * @return the balance
   */
  public long balance() {
    return balance;
  }

  /**
   * Moves {@link BankWorkload#AMOUNT} to {@code to} if this account can pay it, that is if the
   * balance stays within the overdraft; the caller holds both.
   *
   * @param to the account credited
   * @return whether the money moved
   */
  public boolean transferTo(Account to) {
    if (balance - BankWorkload.AMOUNT >= -overdraft) {
      balance -= BankWorkload.AMOUNT;
      to.balance += BankWorkload.AMOUNT;
      return true;
    }
    return false;
  }
}
