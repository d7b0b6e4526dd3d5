package io.boc4j.kafka;

import java.nio.charset.StandardCharsets;

/**
 * Changelog values as text: {@code balance,sent,refused,received,w0 w1 ... wP-1}, the last field
 * being the credit watermark of each source partition. The account id is the record's key.
 */
final class AccountCodec {

  private AccountCodec() {}

  /** The changelog key of account {@code id}: its decimal id, as for commands. */
  static String key(int id) {
    return Integer.toString(id);
  }

  /** The changelog value of {@code a}. */
  static byte[] encode(Account a) {
    StringBuilder s = new StringBuilder(48)
        .append(a.balance()).append(',').append(a.sent()).append(',')
        .append(a.refused()).append(',').append(a.received()).append(',');
    for (int p = 0; p < a.partitions(); p++) {
      s.append(p == 0 ? "" : " ").append(a.creditedUpTo(p));
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads account {@code key}'s changelog value.
   *
   * @throws IllegalStateException if the record is not an account: the changelog is this sample's
   *     own, so that is a bug or a foreign writer, and restoring around it would lose money
   */
  static Account decode(String key, byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    try {
      String[] f = text.split(",", -1);
      String[] marks = f[4].split(" ");
      long[] upTo = new long[marks.length];
      for (int i = 0; i < marks.length; i++) {
        upTo[i] = Long.parseLong(marks[i]);
      }
      return Account.restored(Integer.parseInt(key), Long.parseLong(f[0]), Long.parseLong(f[1]),
          Long.parseLong(f[2]), Long.parseLong(f[3]), upTo);
    } catch (RuntimeException e) {
      throw new IllegalStateException("changelog record for account " + key + " is not an"
          + " account: '" + text + "'; only boc4j bank instances may write the accounts topic", e);
    }
  }
}
