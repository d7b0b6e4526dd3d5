package io.boc4j.kafka;

import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Every Kafka client setting of the sample, in one place, with the reason for each. */
final class KafkaClients {

  private KafkaClients() {}

  /** The group member that owns partitions of {@code transfers} and reads their commands. */
  static KafkaConsumer<String, Command> commandConsumer(InstanceSettings s) {
    Properties p = common(s.bootstrap(), s.instanceId());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, s.topics().group());
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    // Only partitions that move are revoked, so a rebalance does not stop every instance.
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // Never see a credit whose transaction has not committed (it may still abort).
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Offsets are committed only inside transactions, together with their effects.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) s.sessionTimeout().toMillis());
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.min(1_000, s.sessionTimeout().toMillis() / 3));
    return new KafkaConsumer<>(p, new StringDeserializer(), new CommandCodec());
  }

  /** The instance's transactional producer: credits, changelog updates and offsets, atomically. */
  static KafkaProducer<String, byte[]> transactionalProducer(InstanceSettings s) {
    Properties p = common(s.bootstrap(), s.instanceId());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, s.topics().group() + "-" + s.instanceId());
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) s.transactionTimeout().toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** A consumer outside any group that reads the changelog for restores and audits. */
  static KafkaConsumer<String, byte[]> changelogConsumer(String bootstrap, String clientId) {
    Properties p = common(bootstrap, clientId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    // A restore ends on a transaction marker, which the broker does not count as data: without
    // this, the fetch that reaches it waits the default 500 ms for more.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** A plain idempotent producer, for the accounts' opening records and the load. */
  static KafkaProducer<String, byte[]> plainProducer(String bootstrap, String clientId) {
    Properties p = common(bootstrap, clientId);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    // Give up (and say so) after a minute rather than the default two.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** An admin client. */
  static Admin admin(String bootstrap, String clientId) {
    Properties p = common(bootstrap, clientId);
    return Admin.create(p);
  }

  private static Properties common(String bootstrap, String clientId) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    return p;
  }
}
