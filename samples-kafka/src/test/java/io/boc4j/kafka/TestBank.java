package io.boc4j.kafka;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A freshly opened bank on the shared broker, under a prefix no other test uses: topics created,
 * accounts written to the changelog.
 *
 * @param bootstrap the broker
 * @param topics the bank's topics and group
 * @param partitioner its partitioning
 * @param accounts accounts 0..accounts-1 exist
 * @param opening each account's opening balance
 */
record TestBank(String bootstrap, Topics topics, Partitioner partitioner, int accounts,
    long opening) {

  private static final AtomicInteger BANKS = new AtomicInteger();

  /** Opens a bank of {@code accounts} accounts over {@code partitions} partitions. */
  static TestBank open(EmbeddedBroker broker, int partitions, int accounts, long opening)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("t" + BANKS.incrementAndGet() + ".");
    try (var admin = KafkaClients.admin(bootstrap, "test-setup")) {
      topics.create(admin, partitions, (short) 1);
    }
    Partitioner partitioner = new Partitioner(partitions);
    Opening.open(bootstrap, topics, partitioner, accounts, opening);
    return new TestBank(bootstrap, topics, partitioner, accounts, opening);
  }

  /** Instance settings for this bank with the default timeouts. */
  InstanceSettings settings() {
    return InstanceSettings.of(bootstrap, topics, "template");
  }
}
