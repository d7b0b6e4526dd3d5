package io.boc4j.kafka;

import java.time.Duration;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One instance of the bank service: what would be one process in production, here one thread with
 * its own boc4j runtime and its own Kafka clients, so several run side by side in one JVM. It owns
 * the accounts of the partitions its consumer group assigned it and runs them as cowns; see {@link
 * InstanceLoop} for the loop and the hand-over.
 *
 * <p>Threading: any thread may call any method.
 */
final class BankInstance implements AutoCloseable {

  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final String id;
  private final InstanceLoop loop;
  private final Thread thread;

  private BankInstance(String id, InstanceLoop loop) {
    this.id = id;
    this.loop = loop;
    this.thread = new Thread(loop::run, "bank-" + id);
  }

  /**
   * Starts an instance: it joins the group and takes whatever partitions the group gives it.
   *
   * @param listener told of every partition it takes and gives up
   * @throws Exception if the topics are missing or not co-partitioned, or a client cannot start
   */
  static BankInstance start(InstanceSettings settings, OwnershipListener listener)
      throws Exception {
    Admin admin = KafkaClients.admin(settings.bootstrap(), settings.instanceId() + "-admin");
    KafkaConsumer<String, Command> consumer = null;
    KafkaProducer<String, byte[]> producer = null;
    KafkaConsumer<String, byte[]> changelog = null;
    try {
      Partitioner partitioner = new Partitioner(settings.topics().partitions(admin));
      consumer = KafkaClients.commandConsumer(settings);
      producer = KafkaClients.transactionalProducer(settings);
      changelog = KafkaClients.changelogConsumer(settings.bootstrap(),
          settings.instanceId() + "-restore");
      InstanceLoop loop = new InstanceLoop(settings, partitioner, consumer, producer, changelog,
          admin, listener);
      BankInstance instance = new BankInstance(settings.instanceId(), loop);
      instance.thread.start();
      return instance;
    } catch (Exception | Error e) {
      for (AutoCloseable c : new AutoCloseable[] {changelog, producer, consumer, admin}) {
        if (c != null) {
          c.close();
        }
      }
      throw e;
    }
  }

  /** The instance id. */
  String id() {
    return id;
  }

  /** The partitions it owns now. */
  Set<Integer> partitions() {
    return loop.partitions();
  }

  /** What it has done so far. */
  InstanceStats stats() {
    return loop.stats();
  }

  /** Whether its loop still runs. */
  boolean isRunning() {
    return thread.isAlive();
  }

  /** Why its loop stopped, if it failed; null otherwise. */
  Throwable failure() {
    return loop.failure();
  }

  /**
   * Stops cleanly: commits, hands every partition over (final state written), leaves the group
   * and waits for the loop to end. Idempotent.
   *
   * @throws IllegalStateException if the loop did not end within a minute
   */
  @Override
  public void close() throws InterruptedException {
    stop();
    join();
  }

  /** Asks the instance to stop cleanly, as {@link #close()} does, without waiting. */
  void stop() {
    loop.stop();
  }

  /**
   * Stops as a crash would: nothing more is committed, the open transaction is left for the
   * coordinator to abort on its timeout, the group is left; waits for the loop to end.
   *
   * @throws IllegalStateException if the loop did not end within a minute
   */
  void kill() throws InterruptedException {
    loop.kill();
    join();
  }

  private void join() throws InterruptedException {
    thread.join(STOP_WAIT.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("instance " + id + " did not stop within " + STOP_WAIT);
    }
  }
}
