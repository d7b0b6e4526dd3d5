package io.boc4j.samples.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.samples.support.CommandRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BankTransfersTest {

  private static final TransferRun SMALL = new TransferRun(6, 1_000, 20_000, 200, 0, 7);

  @Test
  void transfersConserveTheTotalAndEveryTransferIsCountedOnce() throws Exception {
    TransferRun.Outcome o = SMALL.on(2);
    assertEquals(6_000, o.before().total());
    assertEquals(0, o.before().transfers());
    assertEquals(6_000, o.after().total());
    assertEquals(20_000, o.after().transfers(), "sent + refused over all accounts");
    assertTrue(o.after().sent() > 0 && o.after().refused() >= 0);
  }

  @Test
  void atMostOneTransferPerWorkerAndPerPairOfAccountsRunsAtOnce() throws Exception {
    TransferRun.Outcome o = SMALL.on(2);
    assertTrue(o.mostAtOnce() >= 1 && o.mostAtOnce() <= 2, "most at once: " + o.mostAtOnce());
    TransferRun threeAccounts = new TransferRun(3, 100, 5_000, 20, 0, 1);
    int most = threeAccounts.on(2).mostAtOnce();
    assertEquals(1, most, "two transfers among three accounts always share one: never together");
  }

  @Test
  void oneWorkerAndTwoEndWithTheSameBalances() throws Exception {
    assertArrayEquals(SMALL.on(1).after().balances(), SMALL.on(2).after().balances());
  }

  @Test
  void commandPrintsBothRunsAndTheConservedTotal() {
    CommandRun run = CommandRun.of(new BankTransfers(),
        "--accounts", "8", "--transfers", "5000", "--workers", "2", "--work-us", "0");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains(" 1 worker : "), run.out());
    assertTrue(run.out().contains(" 2 workers: "), run.out());
    assertTrue(run.out().contains("total 8000 before, 8000 after: conserved;"
        + " transfers accounted for: 5,000 of 5,000"), run.out());
    assertTrue(run.out().contains("final balances at 1 and 2 workers: identical"), run.out());
  }

  @Test
  void badOptionsAreRejectedWithTheOptionNamed() {
    CommandRun run = CommandRun.of(new BankTransfers(), "--accounts", "1");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--accounts must be at least 2, got 1"), run.err());
  }
}
