package io.boc4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The restore at hand-over: a new owner reads a partition's committed state, and never a state
 * older than what the previous owner committed, even while that owner's transaction is unresolved.
 */
@ExtendWith(SharedBroker.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChangelogReaderTest {

  @Test
  void anOpenTransactionBlocksTheRestoreAndItsCommitIsSeen(EmbeddedBroker broker)
      throws Exception {
    TestBank bank = TestBank.open(broker, 2, 10, 100);
    int p = bank.partitioner().partitionOf(0);
    try (KafkaProducer<String, byte[]> previousOwner = transactional(bank, "previous", 60)) {
      previousOwner.initTransactions();
      previousOwner.beginTransaction();
      write(previousOwner, bank, Account.open(0, 777, 2));
      previousOwner.flush();
      TimeoutException blocked = assertThrows(TimeoutException.class,
          () -> read(bank, p, Duration.ofMillis(500)),
          "read past a transaction that is still open");
      assertTrue(blocked.getMessage().contains("still open"), blocked.getMessage());

      previousOwner.commitTransaction();
      assertEquals(777, read(bank, p, Duration.ofSeconds(30)).get(0).balance());
    }
  }

  @Test
  void aCrashedOwnersTransactionIsWaitedOutAndIgnored(EmbeddedBroker broker) throws Exception {
    TestBank bank = TestBank.open(broker, 2, 10, 100);
    int p = bank.partitioner().partitionOf(0);
    KafkaProducer<String, byte[]> crashed = transactional(bank, "crashed", 2);
    crashed.initTransactions();
    crashed.beginTransaction();
    write(crashed, bank, Account.open(0, 555, 2));
    crashed.flush();
    crashed.close(Duration.ZERO); // no abort is sent: the coordinator aborts it after 2 s

    Map<Integer, Account> restored = read(bank, p, Duration.ofSeconds(30));
    assertEquals(100, restored.get(0).balance(), "the aborted write must not be restored");
  }

  private static Map<Integer, Account> read(TestBank bank, int partition, Duration timeout)
      throws Exception {
    try (Admin admin = KafkaClients.admin(bank.bootstrap(), "reader-test");
        KafkaConsumer<String, byte[]> consumer =
            KafkaClients.changelogConsumer(bank.bootstrap(), "reader-test")) {
      return new ChangelogReader(consumer, admin, bank.topics().accounts())
          .read(partition, timeout);
    }
  }

  private static KafkaProducer<String, byte[]> transactional(TestBank bank, String id,
      int timeoutSeconds) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bank.bootstrap());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, bank.topics().group() + "-" + id);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutSeconds * 1_000);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static void write(KafkaProducer<String, byte[]> producer, TestBank bank, Account a) {
    producer.send(new ProducerRecord<>(bank.topics().accounts(),
        bank.partitioner().partitionOf(a.id()), AccountCodec.key(a.id()),
        AccountCodec.encode(a)));
  }
}
