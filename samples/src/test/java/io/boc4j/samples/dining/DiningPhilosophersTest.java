package io.boc4j.samples.dining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.samples.support.CommandRun;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DiningPhilosophersTest {

  @ParameterizedTest(name = "{0} order, {1} philosophers")
  @CsvSource({"NATURAL, 10", "OPTIMAL, 10", "NATURAL, 5", "OPTIMAL, 5", "OPTIMAL, 2"})
  void everyForkServesTwiceHungerMealsAndNobodyStaysHungry(SeatingOrder order, int p)
      throws Exception {
    int hunger = 300;
    DiningTable.Dinner d = new DiningTable(p, hunger, 0).dine(order, 2);
    long[] expectedUses = new long[p];
    Arrays.fill(expectedUses, 2L * hunger);
    assertEquals(Arrays.toString(expectedUses), Arrays.toString(d.forkUses()));
    assertEquals(Arrays.toString(new int[p]), Arrays.toString(d.hungerLeft()));
    assertTrue(d.mostEating() >= 1 && d.mostEating() <= p / 2, "most eating: " + d.mostEating());
    assertTrue(d.mostEating() <= 2, "more eating than workers: " + d.mostEating());
    assertEquals((long) p * hunger, d.time().ops());
  }

  @Test
  void naturalOrderIsOneChainSoNobodyEverEatsAlongsideAnother() throws Exception {
    DiningTable.Dinner d = new DiningTable(12, 100, 1).dine(SeatingOrder.NATURAL, 2);
    assertEquals(1, d.mostEating());
  }

  @Test
  void optimalOrderSchedulesTheEvenSeatsFirst() {
    assertEquals("[0, 2, 4, 1, 3]", Arrays.toString(SeatingOrder.OPTIMAL.seats(5)));
    assertEquals("[0, 1, 2, 3, 4]", Arrays.toString(SeatingOrder.NATURAL.seats(5)));
  }

  @Test
  void commandRunsBothOrdersAndExplainsTheDifference() {
    CommandRun run = CommandRun.of(new DiningPhilosophers(),
        "-p", "6", "-H", "100", "-w", "2", "--eat-us", "0");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("natural: "), run.out());
    assertTrue(run.out().contains("optimal: "), run.out());
    assertTrue(run.out().contains("every fork used 200 times, nobody hungry"), run.out());
    assertTrue(run.out().contains("Why the orders differ"), run.out());
  }

  @Test
  void helpExplainsTheDifferenceToo() {
    CommandRun run = CommandRun.of(new DiningPhilosophers(), "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("--order=ORDER"), run.out());
    assertTrue(run.out().contains("a single chain"), run.out());
  }

  @Test
  void anUnknownOrderIsRejected() {
    CommandRun run = CommandRun.of(new DiningPhilosophers(), "--order", "random");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("'random' is not a start order"), run.err());
  }
}
