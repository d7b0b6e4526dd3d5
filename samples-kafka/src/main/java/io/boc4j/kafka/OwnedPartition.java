package io.boc4j.kafka;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.ResultCown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The accounts of one partition this instance owns, one cown each, restored from the changelog when
 * the group assigned the partition. Only the instance's loop thread uses this object; the cowns'
 * values are touched only by behaviours.
 */
final class OwnedPartition {

  private final int partition;
  private final int generation;
  private final Map<Integer, Cown<Account>> accounts = new HashMap<>();

  /** The partition {@code partition}, assigned in group generation {@code generation}. */
  OwnedPartition(int partition, int generation, Map<Integer, Account> restored) {
    this.partition = partition;
    this.generation = generation;
    restored.forEach((id, account) -> accounts.put(id, Cown.of(account)));
  }

  int partition() {
    return partition;
  }

  /** The group generation in which this instance was given the partition. */
  int generation() {
    return generation;
  }

  /** The cown of account {@code id}, or null if the changelog has no such account. */
  Cown<Account> account(int id) {
    return accounts.get(id);
  }

  /** How many accounts the partition holds. */
  int size() {
    return accounts.size();
  }

  /**
   * A quiescence scoped to this partition: one behaviour over every account cown. It runs after
   * every behaviour scheduled before it on any of them, so once its result is done nothing already
   * scheduled on the partition is still running, while the instance's other partitions go on.
   *
   * @return done when the partition is quiet; its value is the number of accounts
   */
  ResultCown<Integer> drain(Boc boc) {
    return boc.when(Cown.group(new ArrayList<>(accounts.values())), all -> all.size());
  }
}
