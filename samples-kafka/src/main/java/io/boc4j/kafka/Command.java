package io.boc4j.kafka;

/**
 * What arrives on the {@code transfers} topic. Every command is keyed by, and lives in the partition
 * of, the one account whose owner must act on it: a {@link Transfer} by its source, a {@link Credit}
 * by the account it credits.
 */
sealed interface Command permits Command.Transfer, Command.Credit, Command.Malformed {

  /** The account whose partition this command belongs to. */
  int account();

  /**
   * A client's request to move {@code amount} from {@code from} to {@code to}.
   *
   * @param id the client's transfer id, carried along for audit and logs
   * @param from the paying account
   * @param to the receiving account
   * @param amount positive
   */
  record Transfer(long id, int from, int to, long amount) implements Command {
    @Override
    public int account() {
      return from;
    }
  }

  /**
   * The second half of a cross-partition transfer, emitted by the debit in the same Kafka
   * transaction as the debit's changelog update and the consumed offset. It credits {@code to}; when
   * {@code to} does not exist, its owner sends the money back to {@code from} as a credit with
   * {@code returned} set.
   *
   * @param id the client's transfer id
   * @param from the account that paid
   * @param to the account to credit
   * @param amount positive
   * @param sourcePartition the partition of the command that emitted this credit
   * @param sourceOffset that command's offset: with the partition, this credit's identity
   * @param returned whether this credit returns money whose destination did not exist
   */
  record Credit(long id, int from, int to, long amount, int sourcePartition, long sourceOffset,
      boolean returned) implements Command {
    @Override
    public int account() {
      return to;
    }
  }

  /**
   * A record that is not a command this sample understands: rejected, never retried, so one bad
   * record cannot stop a partition.
   *
   * @param text the record's value as text
   * @param problem what is wrong with it
   */
  record Malformed(String text, String problem) implements Command {
    @Override
    public int account() {
      return -1;
    }
  }
}
