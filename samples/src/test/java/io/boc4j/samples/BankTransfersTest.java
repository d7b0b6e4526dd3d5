package io.boc4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BankTransfersTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void transfersConserveTheTotalAndEveryTransferIsAccountedFor() throws Exception {
    BankTransfers.Outcome o = BankTransfers.run(6, 20_000, 2, false);
    assertEquals(6_000, o.totalBefore());
    assertEquals(o.totalBefore(), o.totalAfter());
    assertEquals(20_000, o.transfersDone() + o.transfersRefused());
  }
}
