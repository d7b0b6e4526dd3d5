package io.boc4j.samples.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Every account read by one behaviour holding all of them: one consistent moment of the bank.
 *
 * @param accounts how many accounts were audited
 * @param total the sum of their balances
 * @param opened the sum of their opening deposits; transfers move money and never make or lose
 *     any, so {@code total == opened} always
 * @param balances each account's balance by id, in id order
 */
record AuditReport(int accounts, long total, long opened, Map<Long, Long> balances) {

  /** Whether the audit found as much money as was ever deposited (shown in the JSON too). */
  @JsonProperty
  boolean conserved() {
    return total == opened;
  }
}
