package io.boc4j.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition an account lives in: Kafka's default choice for the account's key (murmur2 of the
 * key's bytes, modulo the partition count), so a client that produces a transfer keyed by its
 * source account with the default partitioner reaches the account's owner. Records written by this
 * sample name their partition explicitly, with the same function.
 *
 * @param partitions the partition count of both topics
 */
record Partitioner(int partitions) {

  Partitioner {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
  }

  /** The partition of account {@code id}. */
  int partitionOf(int id) {
    byte[] key = AccountCodec.key(id).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}
