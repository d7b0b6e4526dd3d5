package io.boc4j.spring.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * One account: its balance and the ledger of the transfers applied to it. Lives in a cown, so only
 * the behaviour holding that cown reads or changes it; it needs no synchronization of its own.
 */
public final class Account {

  /**
   * One transfer as this account saw it.
   *
   * @param transfer the transfer's id
   * @param amount what it added to this account (negative when it took money out)
   */
  public record Posting(long transfer, long amount) {}

  private long balance;
  private final List<Posting> ledger = new ArrayList<>();

  Account(long opening) {
    this.balance = opening;
  }

  /**
   * The balance now.
   *
   * @return the balance
   */
  public long balance() {
    return balance;
  }

  /**
   * Every transfer applied to this account, in the order applied. (A sample: it keeps them all.)
   *
   * @return a copy of the ledger
   */
  public List<Posting> ledger() {
    return List.copyOf(ledger);
  }

  void post(long transfer, long amount) {
    balance += amount;
    ledger.add(new Posting(transfer, amount));
  }
}
