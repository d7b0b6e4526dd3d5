package io.boc4j.kafka;

import io.boc4j.ResultCown;
import io.boc4j.kafka.Command.Credit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The open Kafka transaction of one instance: the commands consumed since the last commit, with
 * the outcomes of their behaviours. Committing sends, in one transaction, every credit the
 * behaviours emitted, the latest value of every account they changed (to the changelog), and the
 * consumed offsets — so a command's effects and its being consumed become visible together, or not
 * at all.
 *
 * <p>Credits are sent in the order their commands were consumed: per source partition that is
 * offset order, which the destinations' watermarks rely on ({@link Account}).
 *
 * <p>Threading: the instance's loop thread only.
 */
final class TransactionBatch {

  /**
   * What one commit wrote.
   *
   * @param commands commands consumed
   * @param credits credits sent
   * @param changelog account records written
   * @param duplicates credits skipped as already applied
   */
  record Committed(int commands, int credits, int changelog, int duplicates) {}

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Partitioner partitioner;
  private final List<ResultCown<Outcome>> pending = new ArrayList<>();
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private int commands;
  private boolean open;
  private long openedAt;

  TransactionBatch(Producer<String, byte[]> producer, Topics topics, Partitioner partitioner) {
    this.producer = producer;
    this.topics = topics;
    this.partitioner = partitioner;
  }

  /** Whether a transaction is open. */
  boolean isOpen() {
    return open;
  }

  /** Commands in the open transaction. */
  int size() {
    return commands;
  }

  /** How long the open transaction has been open. */
  long ageNanos() {
    return open ? System.nanoTime() - openedAt : 0;
  }

  /**
   * Adds the command at {@code offset} of {@code tp} to the transaction, opening one if needed.
   *
   * @param outcome its behaviour's result, or null if it was rejected without one (its offset is
   *     still committed, so it is not read again)
   */
  void add(TopicPartition tp, long offset, ResultCown<Outcome> outcome) {
    if (!open) {
      producer.beginTransaction();
      open = true;
      openedAt = System.nanoTime();
    }
    commands++;
    if (outcome != null) {
      pending.add(outcome);
    }
    offsets.put(tp, new OffsetAndMetadata(offset + 1)); // the next offset to read
  }

  /**
   * Waits for every outcome, sends what they produced and commits. A no-op if none is open.
   *
   * @param group the consumer's current group metadata: the coordinator refuses the offsets of a
   *     member that is no longer in that generation, which fences a zombie instance
   * @param wait how long the behaviours may take to finish
   * @throws org.apache.kafka.common.KafkaException from the producer; the caller decides between
   *     aborting and stopping
   * @throws IllegalStateException if a behaviour threw (a bug: retrying would throw again)
   */
  Committed commit(ConsumerGroupMetadata group, Duration wait)
      throws InterruptedException, TimeoutException {
    if (!open) {
      return new Committed(0, 0, 0, 0);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    Map<Integer, Account> latest = new LinkedHashMap<>();
    int credits = 0;
    int duplicates = 0;
    for (ResultCown<Outcome> r : pending) {
      Outcome o = await(r, deadline);
      for (Account a : o.changed()) {
        latest.put(a.id(), a);
      }
      if (o.emit() != null) {
        send(topics.transfers(), o.emit().account(), CommandCodec.encode(o.emit()));
        credits++;
      }
      if (o.duplicate()) {
        duplicates++;
      }
    }
    for (Account a : latest.values()) {
      send(topics.accounts(), a.id(), AccountCodec.encode(a));
    }
    producer.sendOffsetsToTransaction(offsets, group);
    producer.commitTransaction();
    Committed c = new Committed(commands, credits, latest.size(), duplicates);
    clear();
    return c;
  }

  /** Aborts the open transaction, if any; the caller rewinds the state it had changed. */
  void abort() {
    if (open) {
      clear();
      producer.abortTransaction();
    }
  }

  /** Forgets the open transaction without ending it: the producer is gone (a crash). */
  void discard() {
    clear();
  }

  private void clear() {
    pending.clear();
    offsets.clear();
    commands = 0;
    open = false;
  }

  private void send(String topic, int account, byte[] value) {
    producer.send(new ProducerRecord<>(topic, partitioner.partitionOf(account),
        AccountCodec.key(account), value));
  }

  private static Outcome await(ResultCown<Outcome> r, long deadline)
      throws InterruptedException, TimeoutException {
    try {
      return r.toCompletionStage().toCompletableFuture()
          .get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a command's behaviour threw; the command would throw again"
          + " on every retry, so the instance stops", e.getCause());
    }
  }
}
