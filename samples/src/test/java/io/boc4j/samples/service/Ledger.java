package io.boc4j.samples.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's own account of the bank: opening balances plus every transfer the service
 * acknowledged with a 200. If the service applied exactly the acknowledged transfers, its balances
 * equal these. Any thread may record.
 */
final class Ledger {

  private final Map<Long, Long> balances = new ConcurrentHashMap<>();

  Ledger(Iterable<Long> accounts, long opening) {
    for (long id : accounts) {
      balances.put(id, opening);
    }
  }

  /** Applies {@code sent} if it was acknowledged. */
  void record(LoadGenerator.Sent sent) {
    if (sent.status() == 200) {
      balances.merge(sent.from(), -sent.amount(), Long::sum);
      balances.merge(sent.to(), sent.amount(), Long::sum);
    }
  }

  /** The balances as the acknowledged transfers leave them. */
  Map<Long, Long> balances() {
    return Map.copyOf(balances);
  }
}
