package io.boc4j.kafka;

import java.util.Arrays;

/**
 * One account's state: its balance, what it did, and the credits it has already applied. Immutable:
 * a behaviour holding the account's cown replaces the value with a new one, and the old value is a
 * consistent snapshot that the transaction writes to the {@code accounts} changelog without copying.
 *
 * <p><b>Deduplication.</b> A cross-partition credit is identified by the position of the debit that
 * emitted it: the source partition and the offset of the transfer command there. Credits from one
 * source partition reach an account in increasing offset order (the source sends them in offset
 * order within a transaction, its transactions commit in order, and a new owner resumes after the
 * last committed one; see {@code docs/scale-out.md}), so one watermark per source partition, the
 * highest offset credited, is the whole deduplication state. It travels in this record, so it is in
 * the changelog and survives every rebalance with the account.
 */
final class Account {

  private final int id;
  private final long balance;
  private final long sent;
  private final long refused;
  private final long received;
  private final long[] creditedUpTo;

  private Account(int id, long balance, long sent, long refused, long received, long[] upTo) {
    this.id = id;
    this.balance = balance;
    this.sent = sent;
    this.refused = refused;
    this.received = received;
    this.creditedUpTo = upTo;
  }

  /** A new account {@code id} holding {@code balance}, with no history, for {@code partitions}. */
  static Account open(int id, long balance, int partitions) {
    long[] upTo = new long[partitions];
    Arrays.fill(upTo, -1); // offsets start at 0: nothing credited yet
    return new Account(id, balance, 0, 0, 0, upTo);
  }

  /** An account as read back from the changelog. The watermark array is taken, not copied. */
  static Account restored(int id, long balance, long sent, long refused, long received,
      long[] creditedUpTo) {
    return new Account(id, balance, sent, refused, received, creditedUpTo);
  }

  int id() {
    return id;
  }

  long balance() {
    return balance;
  }

  /** Transfers this account paid out. */
  long sent() {
    return sent;
  }

  /** Transfers from this account refused for lack of funds or a bad destination. */
  long refused() {
    return refused;
  }

  /** Credits applied to this account (transfers in, and transfers out that came back). */
  long received() {
    return received;
  }

  /** The number of source partitions this account keeps a watermark for. */
  int partitions() {
    return creditedUpTo.length;
  }

  /** The highest offset of {@code sourcePartition} credited here, or -1. */
  long creditedUpTo(int sourcePartition) {
    return creditedUpTo[sourcePartition];
  }

  /** Whether this account can pay {@code amount}. */
  boolean covers(long amount) {
    return balance >= amount;
  }

  /** This account after paying {@code amount} out; the caller checked {@link #covers}. */
  Account pay(long amount) {
    return new Account(id, balance - amount, sent + 1, refused, received, creditedUpTo);
  }

  /** This account after refusing a transfer. */
  Account refuse() {
    return new Account(id, balance, sent, refused + 1, received, creditedUpTo);
  }

  /** This account after receiving {@code amount} from a transfer inside its own partition. */
  Account receive(long amount) {
    return new Account(id, balance + amount, sent, refused, received + 1, creditedUpTo);
  }

  /**
   * Whether the credit at {@code offset} of {@code sourcePartition} is new here, that is, above the
   * watermark; a credit at or below it was applied already and must be skipped.
   */
  boolean isNewCredit(int sourcePartition, long offset) {
    return offset > creditedUpTo[sourcePartition];
  }

  /**
   * This account after applying the credit of {@code amount} emitted at {@code offset} of {@code
   * sourcePartition}; the caller checked {@link #isNewCredit}.
   */
  Account credit(long amount, int sourcePartition, long offset) {
    long[] upTo = creditedUpTo.clone();
    upTo[sourcePartition] = offset;
    return new Account(id, balance + amount, sent, refused, received + 1, upTo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Account a && a.id == id && a.balance == balance && a.sent == sent
        && a.refused == refused && a.received == received
        && Arrays.equals(a.creditedUpTo, creditedUpTo);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(balance) * 31 + id;
  }

  @Override
  public String toString() {
    return "Account#" + id + "{balance=" + balance + ", sent=" + sent + ", refused=" + refused
        + ", received=" + received + ", creditedUpTo=" + Arrays.toString(creditedUpTo) + "}";
  }
}
