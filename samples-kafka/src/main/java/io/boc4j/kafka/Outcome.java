package io.boc4j.kafka;

import io.boc4j.kafka.Command.Credit;
import java.util.List;

/**
 * What one command's behaviour did, returned through its result cown to the loop, which adds it to
 * the open Kafka transaction: the accounts' new values (for the changelog) and the credit to emit,
 * if any. Nothing leaves the instance until the transaction that holds the command's offset commits.
 *
 * @param changed the new value of every account the behaviour changed, possibly none
 * @param emit the credit to send to another partition, or null
 * @param duplicate whether the command was a credit applied before, and so skipped
 */
record Outcome(List<Account> changed, Credit emit, boolean duplicate) {

  /** A command that changed nothing (rejected before any behaviour). */
  static final Outcome NOTHING = new Outcome(List.of(), null, false);

  /** A credit seen before: changes nothing, and is counted. */
  static final Outcome DUPLICATE = new Outcome(List.of(), null, true);

  /** The behaviour changed {@code accounts}. */
  static Outcome changed(Account... accounts) {
    return new Outcome(List.of(accounts), null, false);
  }

  /** The behaviour changed {@code account} and emits {@code credit}. */
  static Outcome emitting(Account account, Credit credit) {
    return new Outcome(List.of(account), credit, false);
  }

  /** Nothing changed here, but {@code credit} must be sent (a credit returned to its source). */
  static Outcome forwarding(Credit credit) {
    return new Outcome(List.of(), credit, false);
  }
}
