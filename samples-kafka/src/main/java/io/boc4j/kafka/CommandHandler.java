package io.boc4j.kafka;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.ResultCown;
import io.boc4j.kafka.Command.Credit;
import io.boc4j.kafka.Command.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one command into one behaviour over the accounts it touches.
 *
 * <ul>
 *   <li>A transfer whose two accounts share a partition: one behaviour over both cowns, so debit and
 *       credit are one atomic step, as in the single-process bank.
 *   <li>A transfer to another partition: a behaviour over the source alone that debits it and
 *       returns the credit to emit; the loop sends that credit in the same Kafka transaction as the
 *       debit's changelog update and the transfer's offset (the saga's first step).
 *   <li>A credit: a behaviour over the destination that applies it unless its watermark shows it
 *       was applied before (the saga's second step, idempotent). A credit for an account that does
 *       not exist is sent back to its source as a returned credit (the saga's compensation).
 * </ul>
 *
 * Behaviours on one account run in the order the loop scheduled them, which is the order of the
 * partition, so every account sees its commands in log order.
 */
final class CommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

  private final Boc boc;
  private final Partitioner partitioner;

  CommandHandler(Boc boc, Partitioner partitioner) {
    this.boc = boc;
    this.partitioner = partitioner;
  }

  /**
   * Schedules the behaviour for {@code command}, read at {@code offset} of the owned partition
   * {@code owned}. Returns at once.
   *
   * @return the behaviour's outcome, or null if the command was rejected without one
   */
  ResultCown<Outcome> schedule(Command command, long offset, OwnedPartition owned) {
    if (command instanceof Transfer t) {
      return transfer(t, offset, owned);
    }
    if (command instanceof Credit c) {
      return credit(c, offset, owned);
    }
    LOG.warn("rejected the record at offset {} of partition {}: {}", offset, owned.partition(),
        ((Command.Malformed) command).problem());
    return null;
  }

  private ResultCown<Outcome> transfer(Transfer t, long offset, OwnedPartition owned) {
    Cown<Account> from = owned.account(t.from());
    if (from == null) {
      LOG.warn("rejected transfer {}: account {} does not exist", t.id(), t.from());
      return null;
    }
    if (partitioner.partitionOf(t.to()) != owned.partition()) {
      return debit(t, from, owned.partition(), offset);
    }
    Cown<Account> to = owned.account(t.to());
    if (to == null || to == from) {
      return boc.when(from, src -> {
        src.set(src.get().refuse());
        return Outcome.changed(src.get());
      });
    }
    return boc.when(from, to, (src, dst) -> {
      if (!src.get().covers(t.amount())) {
        src.set(src.get().refuse());
        return Outcome.changed(src.get());
      }
      src.set(src.get().pay(t.amount()));
      dst.set(dst.get().receive(t.amount()));
      return Outcome.changed(src.get(), dst.get());
    });
  }

  private ResultCown<Outcome> debit(Transfer t, Cown<Account> from, int partition, long offset) {
    return boc.when(from, src -> {
      if (!src.get().covers(t.amount())) {
        src.set(src.get().refuse());
        return Outcome.changed(src.get());
      }
      src.set(src.get().pay(t.amount()));
      // The credit is identified by where this debit happened; see Account on why that suffices.
      Credit credit = new Credit(t.id(), t.from(), t.to(), t.amount(), partition, offset,
          false);
      return Outcome.emitting(src.get(), credit);
    });
  }

  private ResultCown<Outcome> credit(Credit c, long offset, OwnedPartition owned) {
    Cown<Account> to = owned.account(c.to());
    if (to != null) {
      return boc.when(to, dst -> {
        if (!dst.get().isNewCredit(c.sourcePartition(), c.sourceOffset())) {
          return Outcome.DUPLICATE;
        }
        dst.set(dst.get().credit(c.amount(), c.sourcePartition(), c.sourceOffset()));
        return Outcome.changed(dst.get());
      });
    }
    if (c.returned()) {
      LOG.error("transfer {}: returned credit of {} to account {} found no account; the amount"
          + " is lost to this bank", c.id(), c.amount(), c.to());
      return null;
    }
    Credit back = new Credit(c.id(), c.to(), c.from(), c.amount(), owned.partition(), offset, true);
    return boc.when(() -> Outcome.forwarding(back));
  }
}
