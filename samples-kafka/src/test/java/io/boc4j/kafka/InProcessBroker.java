package io.boc4j.kafka;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One real KRaft broker, combined with its controller, running inside this JVM on loopback: Kafka's
 * own test kit, so tests need no Docker and no installed Kafka. Single-node settings: every internal
 * topic has one replica, and transactions need only that one in sync.
 */
final class InProcessBroker implements EmbeddedBroker {

  private final KafkaClusterTestKit cluster;

  private InProcessBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Formats and starts a broker and waits until it accepts clients. The demo's {@code --embedded}
   * finds this method by name.
   *
   * @return the running broker; close it to stop it and delete its data
   * @throws Exception if it does not start
   */
  static InProcessBroker start() throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder(releasedFeatures())
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .build();
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
        // A single broker can hold one replica of the internal topics, no more.
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "4")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "4")
        // No 3 s wait for more members before the first assignment of a group.
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // A killed instance's open transaction is aborted soon after its timeout, not up to 10 s
        // later, so its partitions' next owner is not kept waiting.
        .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
        .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new InProcessBroker(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * The metadata version and feature levels {@code kafka-storage format} gives a broker of this
   * release by default, rather than the kit's default of the newest unreleased ones.
   */
  private static BootstrapMetadata releasedFeatures() {
    MetadataVersion released = MetadataVersion.latestProduction();
    Map<String, Short> levels = new TreeMap<>();
    for (Feature f : Feature.PRODUCTION_FEATURES) {
      levels.put(f.featureName(), f.defaultLevel(released));
    }
    return BootstrapMetadata.fromVersions(released, levels, "boc4j tests");
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
