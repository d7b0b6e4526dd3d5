package io.boc4j.samples.service;

/**
 * One account of the service. Lives in a cown and is only touched by the behaviour holding that
 * cown, so its plain fields need no synchronisation.
 */
final class Account {

  private final long id;
  private final long opening;
  private long balance;

  /** A new account {@code id} holding its {@code opening} deposit. */
  Account(long id, long opening) {
    this.id = id;
    this.opening = opening;
    this.balance = opening;
  }

  long id() {
    return id;
  }

  /** What was deposited when the account was opened; the audit sums it to check conservation. */
  long opening() {
    return opening;
  }

  long balance() {
    return balance;
  }

  /**
   * Moves {@code amount} to {@code to} if this account can cover it, otherwise moves nothing. The
   * caller holds both accounts. Both new balances are computed before either is written, so a
   * transfer is applied whole or not at all.
   */
  TransferOutcome transferTo(Account to, long amount) {
    if (balance < amount) {
      return new TransferOutcome(id, to.id, amount, false, balance, to.balance);
    }
    // Cannot overflow while Accounts bounds openings and the number of accounts (see there); if a
    // change ever broke that bound, addExact fails the body before anything was written.
    long credited = Math.addExact(to.balance, amount);
    balance -= amount;
    to.balance = credited;
    return new TransferOutcome(id, to.id, amount, true, balance, to.balance);
  }
}
