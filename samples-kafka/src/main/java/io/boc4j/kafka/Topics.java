package io.boc4j.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The two topics of one bank and its consumer group, all named from one prefix (empty by default:
 * {@code accounts}, {@code transfers}, group {@code bank}), so several banks can share a cluster.
 *
 * <p>They are co-partitioned: the same partition count, and every account keyed into the same
 * partition number of both ({@link Partitioner}). Owning partition {@code p} of {@code transfers}
 * therefore means owning the accounts stored in partition {@code p} of {@code accounts}.
 *
 * @param accounts the compacted changelog: the latest state of every account, keyed by id
 * @param transfers the commands: transfers keyed by source account, credits by destination
 * @param group the consumer group of the instances
 */
record Topics(String accounts, String transfers, String group) {

  /** How long new topics may take to reach the broker's metadata and get serving leaders. */
  private static final Duration NEW_TOPIC_WAIT = Duration.ofSeconds(30);

  /** The names under {@code prefix}. */
  static Topics withPrefix(String prefix) {
    return new Topics(prefix + "accounts", prefix + "transfers", prefix + "bank");
  }

  /**
   * Creates both topics with {@code partitions} partitions each and {@code replicas} replicas.
   *
   * @throws IllegalStateException if either already exists: an old changelog would be restored into
   *     the new bank, so choose another prefix or delete the old topics
   */
  void create(Admin admin, int partitions, short replicas)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    for (String t : List.of(accounts, transfers)) {
      if (existing.contains(t)) {
        throw new IllegalStateException("topic " + t + " already exists; a new bank needs new"
            + " topics: pass another --prefix, or delete the old " + accounts + " and " + transfers);
      }
    }
    NewTopic changelog = new NewTopic(accounts, partitions, replicas).configs(Map.of(
        // Only the latest state of each account matters: compaction keeps the changelog, and so
        // every restore, proportional to the number of accounts rather than to their history.
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    NewTopic commands = new NewTopic(transfers, partitions, replicas);
    admin.createTopics(List.of(changelog, commands)).all().get();
    awaitLeaders(admin, partitions);
  }

  /**
   * Waits until every partition's leader serves requests: a new topic is in the metadata before
   * its leaders are ready, and a producer that writes at once gets NOT_LEADER_OR_FOLLOWER and has
   * to retry (which has been seen to end in an endless out-of-order-sequence loop). Listing
   * offsets is answered by leaders only, and the admin client retries it until they answer; it does
   * not retry while the broker does not know the new topics at all, so that is retried here.
   */
  private void awaitLeaders(Admin admin, int partitions)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> all = new HashMap<>();
    for (String t : List.of(accounts, transfers)) {
      for (int p = 0; p < partitions; p++) {
        all.put(new TopicPartition(t, p), OffsetSpec.latest());
      }
    }
    UnknownTopicRetry.call(() -> admin.listOffsets(all).all().get(), NEW_TOPIC_WAIT,
        "the new topics " + accounts + " and " + transfers);
  }

  /**
   * The partition count both topics share.
   *
   * @throws IllegalStateException if their counts differ: the accounts of a transfers partition
   *     would then not be the accounts of the changelog partition with the same number
   */
  int partitions(Admin admin) throws ExecutionException, InterruptedException {
    Map<String, TopicDescription> d = admin.describeTopics(List.of(accounts, transfers))
        .allTopicNames().get();
    int a = d.get(accounts).partitions().size();
    int t = d.get(transfers).partitions().size();
    if (a != t) {
      throw new IllegalStateException(accounts + " has " + a + " partitions and " + transfers
          + " has " + t + "; they must be co-partitioned (equal counts)");
    }
    return a;
  }
}
