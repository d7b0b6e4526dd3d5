package io.boc4j.kafka;

import io.boc4j.Boc;
import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume → process → produce loop of one instance, and its answers to rebalances. One thread
 * runs it; Kafka calls the {@link ConsumerRebalanceListener} methods on that same thread, inside
 * {@code poll}.
 *
 * <p>Each poll's commands become behaviours at once ({@link CommandHandler}) and join the open
 * transaction; the loop polls on while they run on the boc4j workers, and commits every {@code
 * commitInterval} (or {@code maxBatch} commands). The revocation answer is the hand-over: stop
 * taking commands for the partitions (poll returns none for them any more), drain them (a
 * quiescence scoped to their cowns), commit, drop them. Any transaction that fails in a way Kafka
 * calls abortable is aborted and the owned partitions are rewound: reloaded from the changelog and
 * re-read from their committed offsets, so in-memory state never runs ahead of what is committed.
 * Fatal producer errors (fenced: another incarnation took over) stop the instance.
 */
final class InstanceLoop implements ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceLoop.class);
  private static final Duration POLL = Duration.ofMillis(50);
  /** How long the behaviours of one transaction or one partition may take to finish. */
  private static final Duration BEHAVIOUR_WAIT = Duration.ofSeconds(30);

  private final InstanceSettings settings;
  private final Consumer<String, Command> consumer;
  private final Producer<String, byte[]> producer;
  private final Consumer<String, byte[]> changelogConsumer;
  private final Admin admin;
  private final Boc boc;
  private final Ownership ownership;
  private final CommandHandler handler;
  private final TransactionBatch batch;
  private final InstanceStats.Counters counters = new InstanceStats.Counters();
  private volatile boolean stopping;
  private volatile boolean crashed;
  private volatile Throwable failure;

  InstanceLoop(InstanceSettings settings, Partitioner partitioner, Consumer<String, Command> consumer,
      Producer<String, byte[]> producer, Consumer<String, byte[]> changelogConsumer, Admin admin,
      OwnershipListener listener) {
    this.settings = settings;
    this.consumer = consumer;
    this.producer = producer;
    this.changelogConsumer = changelogConsumer;
    this.admin = admin;
    this.boc = Boc.builder().name(settings.instanceId()).workers(settings.workers()).build();
    ChangelogReader reader =
        new ChangelogReader(changelogConsumer, admin, settings.topics().accounts());
    this.ownership = new Ownership(settings.instanceId(), boc, reader, listener,
        settings.restoreTimeout());
    this.handler = new CommandHandler(boc, partitioner);
    this.batch = new TransactionBatch(producer, settings.topics(), partitioner);
  }

  /** The loop; returns once the instance stopped, cleanly or not. */
  void run() {
    try {
      producer.initTransactions();
      consumer.subscribe(List.of(settings.topics().transfers()), this);
      while (!stopping) {
        ConsumerRecords<String, Command> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          continue; // close() or kill() asked: the loop condition decides
        }
        for (ConsumerRecord<String, Command> r : records) {
          ResultCown<Outcome> outcome =
              handler.schedule(r.value(), r.offset(), ownership.get(r.partition()));
          if (outcome == null) {
            counters.rejected();
          }
          batch.add(new TopicPartition(r.topic(), r.partition()), r.offset(), outcome);
        }
        if (batch.isOpen() && (batch.ageNanos() >= settings.commitInterval().toNanos()
            || batch.size() >= settings.maxBatch())) {
          commit(Set.of());
        }
      }
      if (crashed) {
        crash();
      } else {
        shutDown();
      }
    } catch (Throwable t) {
      if (!crashed) { // a kill can break a call half-way; that is no failure
        failure = t;
        LOG.error("instance {} failed and stops", settings.instanceId(), t);
      }
      crash();
    }
  }

  /** Asks the loop to commit, hand its partitions over and stop. Any thread. */
  void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /** Asks the loop to stop at once without committing, as if the process died. Any thread. */
  void kill() {
    crashed = true;
    stopping = true;
    consumer.wakeup();
  }

  /** The owned partitions. Any thread. */
  Set<Integer> partitions() {
    return ownership.partitions();
  }

  /** A snapshot of the counters. Any thread. */
  InstanceStats stats() {
    return counters.snapshot();
  }

  /** What stopped the loop, if it failed. Any thread. */
  Throwable failure() {
    return failure;
  }

  // --- rebalance: called inside poll, on the loop thread --------------------------------------

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (!crashed) {
      unchecked(() -> release(numbers(partitions)));
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (crashed) {
      return;
    }
    int generation = consumer.groupMetadata().generationId();
    unchecked(() -> {
      for (int p : numbers(partitions)) {
        ownership.acquire(p, generation);
        counters.restored();
      }
    });
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    if (crashed) {
      return;
    }
    // The group moved on without us (we missed the session timeout): our offsets would be
    // refused, so the open transaction can only be aborted, and the partitions are someone else's.
    Set<Integer> lost = numbers(partitions);
    unchecked(() -> {
      batch.abort();
      counters.aborted();
      ownership.drain(lost, BEHAVIOUR_WAIT);
      ownership.drop(lost, false);
      rewind(ownership.partitions());
    });
  }

  // --- the steps ------------------------------------------------------------------------------

  /** Hands {@code partitions} over: drain, commit, drop. */
  private void release(Set<Integer> partitions) throws Exception {
    ownership.drain(partitions, BEHAVIOUR_WAIT);
    boolean committed = commit(partitions);
    ownership.drop(partitions, committed);
  }

  /**
   * Commits the open transaction; on an abortable failure aborts it and rewinds every owned
   * partition except {@code leaving}, whose uncommitted work the next owner will redo.
   *
   * @return whether the work is committed (true also when nothing was open)
   */
  private boolean commit(Set<Integer> leaving) throws Exception {
    try {
      counters.committed(batch.commit(consumer.groupMetadata(), BEHAVIOUR_WAIT));
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
        | UnsupportedVersionException fatal) {
      throw fatal;
    } catch (KafkaException abortable) {
      LOG.warn("instance {}: transaction aborted, rewinding: {}", settings.instanceId(),
          abortable.toString());
      batch.abort();
      counters.aborted();
      Set<Integer> rewound = new TreeSet<>(ownership.partitions());
      rewound.removeAll(leaving);
      rewind(rewound);
      return false;
    }
  }

  /**
   * Puts {@code partitions} back to their last committed state: cowns reloaded from the changelog
   * and the consumer moved back to the committed offsets, so the aborted commands run again.
   */
  private void rewind(Collection<Integer> partitions) throws Exception {
    Set<TopicPartition> tps = new HashSet<>();
    for (int p : partitions) {
      ownership.reload(p, BEHAVIOUR_WAIT);
      counters.restored();
      tps.add(new TopicPartition(settings.topics().transfers(), p));
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(tps);
    for (TopicPartition tp : tps) {
      OffsetAndMetadata at = committed.get(tp);
      if (at == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, at);
      }
    }
  }

  /** The clean end: commit, hand every partition over, leave the group, close. */
  private void shutDown() throws Exception {
    release(ownership.partitions());
    consumer.close(); // leaves the group; the revocation it calls back finds nothing left
    producer.close();
    changelogConsumer.close();
    admin.close();
    boc.close();
  }

  /**
   * The crash: nothing is committed. Behaviours already running finish (a process that dies stops
   * them too; here they must end before the partitions count as released), the open transaction
   * is left to the coordinator's timeout, and the group is left so that the survivors take over.
   */
  private void crash() {
    crashed = true;
    counters.abandoned(batch.size());
    batch.discard();
    quietly(boc::close);
    ownership.drop(ownership.partitions(), false);
    quietly(() -> producer.close(Duration.ZERO)); // no abort is sent: the transaction stays open
    quietly(consumer::close);
    quietly(changelogConsumer::close);
    quietly(admin::close);
  }

  private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
    Set<Integer> ps = new TreeSet<>();
    for (TopicPartition tp : partitions) {
      ps.add(tp.partition());
    }
    return ps;
  }

  /** A step that may throw anything. */
  private interface Step {
    void run() throws Exception;
  }

  /** Runs a rebalance step; Kafka rethrows what escapes a callback from poll, ending the loop. */
  private static void unchecked(Step step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted during a rebalance", e);
    } catch (Exception e) {
      throw new KafkaException(e);
    }
  }

  private void quietly(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      LOG.debug("instance {}: ignored while crashing: {}", settings.instanceId(), e.toString());
    }
  }
}
