package io.boc4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out under failure (SPEC section 7, "Beyond one machine"): one of three instances is killed
 * mid-run without committing, and a fourth joins later. Afterwards the total is conserved, every
 * transfer was applied exactly once, and no partition was ever owned by two instances at once.
 */
@ExtendWith(SharedBroker.class)
class RebalanceTest {

  private static final int TRANSFERS = 20_000;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void killedAndAddedInstancesLoseNothingAndNeverShareAPartition(EmbeddedBroker broker)
      throws Exception {
    TestBank bank = TestBank.open(broker, 6, 1_000, 1_000_000);
    Load load = Load.plan(bank.partitioner(), 1_000, TRANSFERS, 1.0 / 3, 100, 23);
    int third = TRANSFERS / 3;
    OwnershipLog ownership = new OwnershipLog();
    // A crashed instance's open transaction blocks its partitions' next owner until the
    // coordinator aborts it: a short timeout keeps the test short.
    InstanceSettings settings = bank.settings().withTransactionTimeout(Duration.ofSeconds(3));
    List<BankInstance> everyInstance = new ArrayList<>();
    long start = System.nanoTime();
    long killedAt;
    long addedAt;
    try (InstanceGroup group = new InstanceGroup(settings, ownership);
        Audit audit = new Audit(bank.bootstrap(), bank.topics(), 6)) {
      for (int i = 0; i < 3; i++) {
        everyInstance.add(group.add());
      }
      group.awaitBalanced(6, Duration.ofSeconds(60));

      // The kill lands while the victim works through its share of the first slice, so it
      // leaves consumed-but-uncommitted commands and unread backlog to the survivors.
      BankInstance victim = everyInstance.get(0);
      load.slice(0, third).produce(bank.bootstrap(), bank.topics(), bank.partitioner());
      Poll.until(() -> victim.stats().commands() >= 500, Duration.ofSeconds(60),
          "the first instance at work");
      group.kill(victim);
      killedAt = System.nanoTime();

      load.slice(third, 2 * third).produce(bank.bootstrap(), bank.topics(), bank.partitioner());
      audit.awaitProcessed(third + third / 2, Duration.ofSeconds(60));
      everyInstance.add(group.add());
      addedAt = System.nanoTime();
      group.awaitBalanced(6, Duration.ofSeconds(60)); // so that the newcomer gets work

      load.slice(2 * third, TRANSFERS).produce(bank.bootstrap(), bank.topics(),
          bank.partitioner());
      Audit.Report settled = audit.awaitSettled(TRANSFERS, Duration.ofSeconds(90));
      assertEquals(1_000_000_000L, settled.total());
      assertNull(group.failure());
    }
    long end = System.nanoTime();

    Map<Integer, Account> state = Audit.finalState(bank.bootstrap(), bank.topics(), 6);
    List<String> wrong = Expectation.of(load, 1_000, 1_000_000).differences(state, 10);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertEquals(List.of(), ownership.overlaps());
    long duplicates = everyInstance.stream().mapToLong(i -> i.stats().duplicates()).sum();
    assertEquals(0, duplicates, "credits delivered twice despite the transactions");
    assertTrue(everyInstance.get(3).stats().commands() > 0, "the newcomer took no work");

    report(everyInstance, ownership, start, killedAt, addedAt, end);
  }

  private static void report(List<BankInstance> instances, OwnershipLog ownership, long start,
      long killedAt, long addedAt, long end) {
    System.out.printf("rebalance run: %,d transfers in %,d ms; killed i1 at %,d ms, added i4 at"
        + " %,d ms; %d ownership intervals (%d ended uncleanly)%n",
        TRANSFERS, TimeUnit.NANOSECONDS.toMillis(end - start),
        TimeUnit.NANOSECONDS.toMillis(killedAt - start),
        TimeUnit.NANOSECONDS.toMillis(addedAt - start), ownership.intervals().size(),
        ownership.intervals().stream().filter(i -> !i.clean()).count());
    for (BankInstance i : instances) {
      System.out.println("  " + i.id() + ": " + i.stats());
    }
  }
}
