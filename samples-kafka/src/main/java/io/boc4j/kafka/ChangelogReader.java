package io.boc4j.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the latest committed state of every account in one partition of the {@code accounts}
 * changelog.
 *
 * <p>It reads to the partition's high watermark with a {@code read_committed} consumer, whose
 * position only passes the high watermark once every transaction below it has been resolved. That
 * matters at hand-over: the previous owner's last commit may still have its markers in flight, and a
 * crashed owner leaves a transaction open until the coordinator aborts it after {@code
 * transaction.timeout.ms}. Reading only to the last stable offset instead could miss the previous
 * owner's final state while its consumed offsets are already committed, which would lose updates.
 *
 * <p>Threading: one thread (the instance's loop, or an audit).
 */
final class ChangelogReader {

  private static final Duration POLL = Duration.ofMillis(100);

  private final Consumer<String, byte[]> consumer;
  private final Admin admin;
  private final String topic;

  /**
   * A reader over {@code topic}.
   *
   * @param consumer a {@code read_committed} consumer outside any group, used by this reader alone
   * @param admin asks for high watermarks
   * @param topic the changelog
   */
  ChangelogReader(Consumer<String, byte[]> consumer, Admin admin, String topic) {
    this.consumer = consumer;
    this.admin = admin;
    this.topic = topic;
  }

  /**
   * Every account in {@code partition} as last committed.
   *
   * @throws TimeoutException if the partition did not become readable to its high watermark within
   *     {@code timeout}, typically because an open transaction was not aborted yet
   */
  Map<Integer, Account> read(int partition, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TopicPartition tp = new TopicPartition(topic, partition);
    long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
        .partitionResult(tp).get().offset();
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    Map<Integer, Account> state = new HashMap<>();
    while (consumer.position(tp) < end) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("changelog " + tp + " was read to offset "
            + consumer.position(tp) + " but not to its high watermark " + end + " within "
            + timeout + ": a transaction on it is still open (a crashed instance's is aborted"
            + " after its transaction.timeout.ms)");
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        if (r.value() == null) {
          state.remove(Integer.parseInt(r.key())); // a tombstone: the account was closed
        } else {
          Account a = AccountCodec.decode(r.key(), r.value());
          state.put(a.id(), a);
        }
      }
    }
    consumer.assign(List.of()); // the next read assigns its own partition
    return state;
  }
}
