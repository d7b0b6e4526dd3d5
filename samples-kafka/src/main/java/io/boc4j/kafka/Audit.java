package io.boc4j.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The bank as the {@code accounts} changelog shows it: what instances have committed, never their
 * uncommitted work. It tails every partition with a {@code read_committed} consumer, so it can
 * watch a run settle; {@link #finalState} reads a quiet bank once, to its high watermarks.
 *
 * <p>Settled means every transfer was debited or refused and every debit was credited: while a
 * credit is in flight (money left its source, has not reached its destination) {@code received}
 * is below {@code sent}. Counters only grow and the view is a committed prefix of each partition,
 * so a view cannot look settled before the bank is.
 *
 * <p>Threading: one thread.
 */
final class Audit implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Sums over all accounts of one view.
   *
   * @param accounts accounts seen
   * @param total the sum of the balances
   * @param sent transfers debited
   * @param refused transfers refused
   * @param received credits applied
   */
  record Report(int accounts, long total, long sent, long refused, long received) {

    /** Transfers debited or refused. */
    long processed() {
      return sent + refused;
    }

    /** Whether all of {@code transfers} are processed and no credit is in flight. */
    boolean settled(long transfers) {
      return processed() == transfers && received == sent;
    }

    /** The sums of {@code accounts}. */
    static Report of(Map<Integer, Account> accounts) {
      long total = 0;
      long sent = 0;
      long refused = 0;
      long received = 0;
      for (Account a : accounts.values()) {
        total += a.balance();
        sent += a.sent();
        refused += a.refused();
        received += a.received();
      }
      return new Report(accounts.size(), total, sent, refused, received);
    }
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<Integer, Account> accounts = new HashMap<>();

  /** Starts tailing the changelog of {@code topics} from its beginning. */
  Audit(String bootstrap, Topics topics, int partitions) {
    this.consumer = KafkaClients.changelogConsumer(bootstrap, "bank-audit");
    List<TopicPartition> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(topics.accounts(), p));
    }
    consumer.assign(all);
    consumer.seekToBeginning(all);
  }

  /** Reads what was committed since the last call (waiting up to 100 ms) and sums the view. */
  Report refresh() {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
      Account a = AccountCodec.decode(r.key(), r.value());
      accounts.put(a.id(), a);
    }
    return Report.of(accounts);
  }

  /**
   * Tails until at least {@code processed} transfers were debited or refused.
   *
   * @throws TimeoutException if they were not within {@code timeout}
   */
  Report awaitProcessed(long processed, Duration timeout) throws TimeoutException {
    return await(r -> r.processed() >= processed, timeout, processed + " transfers processed");
  }

  /**
   * Tails until the run of {@code transfers} has settled.
   *
   * @throws TimeoutException if it did not within {@code timeout}; the message has the sums
   */
  Report awaitSettled(long transfers, Duration timeout) throws TimeoutException {
    return await(r -> r.settled(transfers), timeout, "all " + transfers + " transfers settled");
  }

  private Report await(Predicate<Report> done, Duration timeout, String what)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Report r = refresh();
    while (!done.test(r)) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("waited " + timeout + " for " + what + "; the changelog shows "
            + r);
      }
      r = refresh();
    }
    return r;
  }

  /**
   * Every account of a quiet bank (no instance running), read once to the high watermarks.
   *
   * @throws Exception if a partition cannot be read to its end
   */
  static Map<Integer, Account> finalState(String bootstrap, Topics topics, int partitions)
      throws Exception {
    try (Admin admin = KafkaClients.admin(bootstrap, "bank-final-audit");
        KafkaConsumer<String, byte[]> consumer =
            KafkaClients.changelogConsumer(bootstrap, "bank-final-audit")) {
      ChangelogReader reader = new ChangelogReader(consumer, admin, topics.accounts());
      Map<Integer, Account> all = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        all.putAll(reader.read(p, Duration.ofSeconds(60)));
      }
      return all;
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
