package io.boc4j.samples.bank;

/**
 * One account: its balance and how many transfers it sent or refused. Lives in a cown and is only
 * touched by the behaviour holding that cown, so its plain fields need no synchronisation.
 */
final class Account {

  private long balance;
  private long sent;
  private long refused;

  /** An account holding {@code balance}, with no transfers yet. */
  Account(long balance) {
    this.balance = balance;
  }

  /**
   * Moves {@code amount} to {@code to} if this account can cover it; otherwise refuses. Exactly one
   * of {@link #sent()} and {@link #refused()} grows by one. The caller holds both accounts.
   */
  boolean transferTo(Account to, long amount) {
    if (balance < amount) {
      refused++;
      return false;
    }
    balance -= amount;
    to.balance += amount;
    sent++;
    return true;
  }

  long balance() {
    return balance;
  }

  /** Transfers this account paid out. */
  long sent() {
    return sent;
  }

  /** Transfers from this account refused for lack of funds. */
  long refused() {
    return refused;
  }
}
