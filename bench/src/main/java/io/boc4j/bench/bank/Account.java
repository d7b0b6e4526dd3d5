package io.boc4j.bench.bank;

/** One bank account; guarded by whatever the implementation uses (a cown, a lock, a monitor). */
final class Account {
  long balance = BankWorkload.INITIAL_BALANCE;
  final long overdraft = BankWorkload.OVERDRAFT;

  /** Moves {@link BankWorkload#AMOUNT} to {@code to} if this account can pay it; the caller holds both. */
  void transferTo(Account to) {
    if (balance - BankWorkload.AMOUNT >= -overdraft) {
      balance -= BankWorkload.AMOUNT;
      to.balance += BankWorkload.AMOUNT;
    }
  }
}
