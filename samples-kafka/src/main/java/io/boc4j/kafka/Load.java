package io.boc4j.kafka;

import io.boc4j.kafka.Command.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A load run's transfers: random source, a chosen share of them to an account in another partition,
 * the rest within the source's partition; the same settings always plan the same transfers.
 *
 * @param transfers the planned transfers, ids {@code 0..n-1}
 */
record Load(List<Transfer> transfers) {

  /**
   * Plans {@code count} transfers among accounts {@code 0..accounts-1}.
   *
   * @param crossShare the share, in [0, 1], that goes to another partition
   * @param maxAmount amounts are uniform in {@code [1, maxAmount]}
   * @throws IllegalArgumentException if some partition holds no account, or only one while
   *     transfers within it are wanted
   */
  static Load plan(Partitioner partitioner, int accounts, long count, double crossShare,
      long maxAmount, long seed) {
    List<List<Integer>> byPartition = new ArrayList<>();
    for (int p = 0; p < partitioner.partitions(); p++) {
      byPartition.add(new ArrayList<>());
    }
    for (int id = 0; id < accounts; id++) {
      byPartition.get(partitioner.partitionOf(id)).add(id);
    }
    for (List<Integer> members : byPartition) {
      if (members.size() < 2) {
        throw new IllegalArgumentException("with " + accounts + " accounts over "
            + partitioner.partitions() + " partitions some partition holds fewer than 2; open"
            + " more accounts or use fewer partitions");
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Transfer> transfers = new ArrayList<>((int) count);
    int partitions = partitioner.partitions();
    for (long i = 0; i < count; i++) {
      int from = random.nextInt(accounts);
      int home = partitioner.partitionOf(from);
      List<Integer> pool;
      if (partitions > 1 && random.nextDouble() < crossShare) {
        pool = byPartition.get((home + 1 + random.nextInt(partitions - 1)) % partitions);
      } else {
        pool = byPartition.get(home);
      }
      int to = pool.get(random.nextInt(pool.size()));
      while (to == from) {
        to = pool.get(random.nextInt(pool.size()));
      }
      transfers.add(new Transfer(i, from, to, 1 + random.nextLong(maxAmount)));
    }
    return new Load(transfers);
  }

  /** The transfers from index {@code from} (inclusive) to {@code to} (exclusive). */
  Load slice(int from, int to) {
    return new Load(transfers.subList(from, to));
  }

  /** How many of the transfers cross partitions. */
  long crossing(Partitioner partitioner) {
    return transfers.stream()
        .filter(t -> partitioner.partitionOf(t.from()) != partitioner.partitionOf(t.to()))
        .count();
  }

  /**
   * Sends every transfer to its source account's partition and waits for the acks.
   *
   * @throws org.apache.kafka.common.KafkaException if a transfer was not delivered
   */
  void produce(String bootstrap, Topics topics, Partitioner partitioner) {
    try (KafkaProducer<String, byte[]> producer =
        KafkaClients.plainProducer(bootstrap, "bank-load")) {
      Delivery delivery = new Delivery();
      for (Transfer t : transfers) {
        producer.send(new ProducerRecord<>(topics.transfers(), partitioner.partitionOf(t.from()),
            AccountCodec.key(t.from()), CommandCodec.encode(t)), delivery.callback());
      }
      delivery.flush(producer, "the transfers");
    }
  }
}
