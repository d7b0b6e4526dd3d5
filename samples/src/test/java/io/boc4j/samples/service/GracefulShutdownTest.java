package io.boc4j.samples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * A graceful shutdown in the middle of a load run: every transfer the service acknowledged is in
 * its final balances, no other transfer is, and every request it admitted was answered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {

  private static final int CLIENTS = 32;
  private static final int ACCOUNTS = 16;
  private static final long OPENING = 1_000;
  private static final long ACKS_BEFORE_SHUTDOWN = 500;

  @Test
  void aShutdownDuringLoadLosesNoAcceptedTransfer() throws Exception {
    RunningBank bank = RunningBank.with(ACCOUNTS, OPENING, CLIENTS);
    try {
      Ledger ledger = new Ledger(bank.accounts, OPENING);
      AtomicLong acks = new AtomicLong();
      CompletableFuture<Void> loaded = new CompletableFuture<>();
      CompletableFuture<Boolean> sawTheShutdown = new CompletableFuture<>();
      CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() ->
          new LoadGenerator(bank.client, bank.accounts).run(
              new LoadGenerator.Settings(1_000_000, Duration.ofMinutes(1), CLIENTS, 100, 11),
              sent -> {
                ledger.record(sent);
                if (sent.status() == 200 && acks.incrementAndGet() == ACKS_BEFORE_SHUTDOWN) {
                  loaded.complete(null);
                }
                if (sent.status() == 503 || sent.status() == 0) {
                  sawTheShutdown.complete(true);
                }
              },
              Mono.fromFuture(sawTheShutdown)));

      loaded.get(40, TimeUnit.SECONDS);
      BankServer.ShutdownReport shutdown = bank.server.shutdown(RunningBank.WAIT);
      LoadReport report = load.get(40, TimeUnit.SECONDS);
      System.out.println("GracefulShutdownTest: " + report.describe() + "; " + shutdown);

      assertTrue(shutdown.finalAudit().conserved(), shutdown.toString());
      assertEquals(ACCOUNTS * OPENING, shutdown.finalAudit().total());
      assertEquals(ledger.balances(), shutdown.finalAudit().balances(),
          "the final balances are not the opening balances plus the acknowledged transfers");
      assertEquals(0, report.unexpected(), report.toString());
      assertTrue(report.applied() >= ACKS_BEFORE_SHUTDOWN, report.toString());
      assertTrue(report.shuttingDown() + report.unanswered() > 0, "the load never saw the shutdown");
      // Every admitted request (the accounts opened, then each 200 and 409) reached the client.
      assertEquals(ACCOUNTS + report.applied() + report.insufficient(), shutdown.admitted(),
          "an admitted request was not answered: " + shutdown + " " + report);
      // A 503 is written just before its connection closes, so a client may see the close instead.
      assertTrue(report.shuttingDown() <= shutdown.refused(), shutdown + " " + report);
    } finally {
      bank.client.close();
      bank.server.close();
    }
  }
}
