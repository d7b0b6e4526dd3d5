package io.boc4j.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Opens a bank: writes every account's opening record to the changelog before any instance runs. */
final class Opening {

  private Opening() {}

  /**
   * Writes accounts {@code 0..accounts-1}, each holding {@code balance}, and waits for the acks.
   *
   * @throws org.apache.kafka.common.KafkaException if a record was not delivered
   */
  static void open(String bootstrap, Topics topics, Partitioner partitioner, int accounts,
      long balance) {
    try (KafkaProducer<String, byte[]> producer =
        KafkaClients.plainProducer(bootstrap, "bank-opening")) {
      Delivery delivery = new Delivery();
      for (int id = 0; id < accounts; id++) {
        Account a = Account.open(id, balance, partitioner.partitions());
        producer.send(new ProducerRecord<>(topics.accounts(), partitioner.partitionOf(id),
            AccountCodec.key(id), AccountCodec.encode(a)), delivery.callback());
      }
      delivery.flush(producer, "the opening balances");
    }
  }
}
