package io.boc4j.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything one bank instance is configured with; {@link KafkaClients} turns it into client
 * settings.
 *
 * @param bootstrap the brokers, {@code host:port[,host:port...]}
 * @param topics the bank's topics and group
 * @param instanceId unique within the group; also names the transactional id, so an instance that
 *     restarts under the same id fences its own previous incarnation at once
 * @param workers the instance's boc4j workers
 * @param commitInterval how long a transaction stays open collecting commands (Kafka Streams uses
 *     100 ms under exactly-once): longer means fewer commits and more latency
 * @param maxBatch commit early once this many commands are in the open transaction
 * @param transactionTimeout after this, the coordinator aborts a transaction its producer left open
 *     (a crashed instance's), which is how long the partitions' next owner may wait to restore
 * @param sessionTimeout how long the group waits for an instance that stopped heart-beating
 */
record InstanceSettings(String bootstrap, Topics topics, String instanceId, int workers,
    Duration commitInterval, int maxBatch, Duration transactionTimeout, Duration sessionTimeout) {

  InstanceSettings {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(instanceId, "instanceId");
    if (workers < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("workers and maxBatch must be at least 1, got " + workers
          + " and " + maxBatch);
    }
  }

  /** Defaults: 2 workers, 100 ms commits of at most 5,000 commands, 10 s timeouts. */
  static InstanceSettings of(String bootstrap, Topics topics, String instanceId) {
    return new InstanceSettings(bootstrap, topics, instanceId, 2, Duration.ofMillis(100), 5_000,
        Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  /** These settings with {@code n} workers. */
  InstanceSettings withWorkers(int n) {
    return new InstanceSettings(bootstrap, topics, instanceId, n, commitInterval, maxBatch,
        transactionTimeout, sessionTimeout);
  }

  /** These settings under another instance id. */
  InstanceSettings withInstanceId(String id) {
    return new InstanceSettings(bootstrap, topics, id, workers, commitInterval, maxBatch,
        transactionTimeout, sessionTimeout);
  }

  /** These settings with another transaction timeout. */
  InstanceSettings withTransactionTimeout(Duration timeout) {
    return new InstanceSettings(bootstrap, topics, instanceId, workers, commitInterval, maxBatch,
        timeout, sessionTimeout);
  }

  /**
   * How long restoring a partition may wait for the changelog to become stable: a crashed
   * previous owner's open transaction is aborted within about the transaction timeout.
   */
  Duration restoreTimeout() {
    return transactionTimeout.plusSeconds(30);
  }
}
