package io.boc4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.kafka.Command.Transfer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out (SPEC section 7, "Beyond one machine"): instances share a bank through Kafka; transfers
 * inside a partition are one behaviour, transfers across partitions a saga made exactly once by
 * transactions.
 */
@ExtendWith(SharedBroker.class)
class ScaleOutTest {

  private static final int TRANSFERS = 100_000;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void threeInstancesConserveTheTotalAndApplyEveryTransferExactlyOnce(EmbeddedBroker broker)
      throws Exception {
    TestBank bank = TestBank.open(broker, 6, 1_000, 1_000_000);
    Load load = Load.plan(bank.partitioner(), 1_000, TRANSFERS, 1.0 / 3, 100, 11);
    OwnershipLog ownership = new OwnershipLog();
    long start;
    Audit.Report settled;
    try (InstanceGroup group = new InstanceGroup(bank.settings(), ownership);
        Audit audit = new Audit(bank.bootstrap(), bank.topics(), 6)) {
      for (int i = 0; i < 3; i++) {
        group.add();
      }
      group.awaitBalanced(6, Duration.ofSeconds(60));
      start = System.nanoTime();
      load.produce(bank.bootstrap(), bank.topics(), bank.partitioner());
      settled = audit.awaitSettled(TRANSFERS, Duration.ofSeconds(150));
      assertNull(group.failure());
    }
    System.out.printf("3 instances settled %,d transfers (%,d across partitions) in %,d ms%n",
        TRANSFERS, load.crossing(bank.partitioner()),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

    assertEquals(1_000_000_000L, settled.total());
    Map<Integer, Account> end = Audit.finalState(bank.bootstrap(), bank.topics(), 6);
    List<String> wrong = Expectation.of(load, 1_000, 1_000_000).differences(end, 10);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertEquals(List.of(), ownership.overlaps());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void refusalsAndAnUnknownPayeeAreSettledAndTheMoneyComesBack(EmbeddedBroker broker)
      throws Exception {
    TestBank bank = TestBank.open(broker, 2, 10, 100);
    Partitioner partitioner = bank.partitioner();
    int a = accountIn(partitioner, 0, 0);
    int b = accountIn(partitioner, 0, a + 1);
    int c = accountIn(partitioner, 1, 0);
    int strangerThere = accountIn(partitioner, 1, 1_000); // no such account, c's partition
    int strangerHere = accountIn(partitioner, 0, 1_000); // no such account, a's partition
    Load load = new Load(List.of(
        new Transfer(1, a, b, 150), // refused: a holds 100
        new Transfer(2, a, c, 60), // across: a 40, c 160
        new Transfer(3, a, c, 60), // refused: a holds 40
        new Transfer(4, a, strangerThere, 30), // debited, then returned from the other partition
        new Transfer(5, a, strangerHere, 10), // refused: the payee is known to be missing
        new Transfer(6, b, a, 100))); // inside the partition: b 0, a + 100

    try (InstanceGroup group = new InstanceGroup(bank.settings(), OwnershipListener.NONE);
        Audit audit = new Audit(bank.bootstrap(), bank.topics(), 2)) {
      group.add();
      group.awaitBalanced(2, Duration.ofSeconds(30));
      load.produce(bank.bootstrap(), bank.topics(), partitioner);
      Audit.Report settled = audit.awaitSettled(6, Duration.ofSeconds(30));
      assertEquals(1_000, settled.total());
      assertNull(group.failure());
    }
    Map<Integer, Account> end = Audit.finalState(bank.bootstrap(), bank.topics(), 2);
    assertFigures(end.get(a), 140, 2, 3, 2); // 100 - 60 - 30 + 30 returned + 100 from b
    assertFigures(end.get(b), 0, 1, 0, 0);
    assertFigures(end.get(c), 160, 0, 0, 1);
    assertEquals(10, end.size(), "no account was opened for the stranger");
  }

  private static void assertFigures(Account account, long balance, long sent, long refused,
      long received) {
    assertEquals(List.of(balance, sent, refused, received),
        List.of(account.balance(), account.sent(), account.refused(), account.received()),
        "balance, sent, refused, received of " + account);
  }

  /** The first account id from {@code from} on that lives in {@code partition}. */
  private static int accountIn(Partitioner partitioner, int partition, int from) {
    int id = from;
    while (partitioner.partitionOf(id) != partition) {
      id++;
    }
    return id;
  }
}
