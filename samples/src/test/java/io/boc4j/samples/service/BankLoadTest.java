package io.boc4j.samples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * The bank service under bounded load over real HTTP: nothing lost, nothing made, nothing failed,
 * and every audit taken meanwhile sees the opening total.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BankLoadTest {

  private static final int CLIENTS = 32;
  private static final int TRANSFERS = 20_000;
  private static final int ACCOUNTS = 16;
  private static final long OPENING = 1_000;
  private static final int AUDITS_DURING_LOAD = 20;

  @Test
  void twentyThousandConcurrentTransfersConserveTheTotalAndMatchTheClientsLedger()
      throws Exception {
    try (RunningBank bank = RunningBank.with(ACCOUNTS, OPENING, CLIENTS)) {
      Ledger ledger = new Ledger(bank.accounts, OPENING);
      // Audits one after another while the transfers run: each reads every account at one moment.
      CompletableFuture<List<Long>> auditsDuringLoad = Flux.range(0, AUDITS_DURING_LOAD)
          .concatMap(i -> bank.client.audit().map(audit -> audit.get("total").longValue()))
          .collectList().toFuture();
      LoadReport report = new LoadGenerator(bank.client, bank.accounts).run(
          new LoadGenerator.Settings(TRANSFERS, Duration.ofMinutes(1), CLIENTS, 100, 7),
          ledger::record);
      List<Long> totals = auditsDuringLoad.get(30, TimeUnit.SECONDS);
      assertEquals(Collections.nCopies(AUDITS_DURING_LOAD, ACCOUNTS * OPENING), totals,
          "an audit during the load saw a transfer half applied");
      System.out.println("BankLoadTest (" + CLIENTS + " clients, loopback, shared machine): "
          + report.describe());

      assertEquals(TRANSFERS, report.requests());
      assertTrue(report.allExpected(), "some requests failed: " + report);
      assertEquals(TRANSFERS, report.applied() + report.insufficient());
      assertTrue(report.applied() > TRANSFERS / 2, "too few applied: " + report);

      JsonNode audit = bank.client.audit().block(RunningBank.WAIT);
      assertEquals(ACCOUNTS * OPENING, audit.get("total").longValue(), audit.toString());
      assertEquals(ledger.balances(), balances(audit), "the service applied other transfers than"
          + " the ones it acknowledged");
    }
  }

  static Map<Long, Long> balances(JsonNode audit) {
    Map<Long, Long> balances = new HashMap<>();
    audit.get("balances").fields().forEachRemaining(
        e -> balances.put(Long.parseLong(e.getKey()), e.getValue().longValue()));
    return balances;
  }
}
