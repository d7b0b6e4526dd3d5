package io.boc4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.samples.support.CommandRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SamplesTest {

  @Test
  void helpListsEverySample() {
    CommandRun run = CommandRun.of(new Samples(), "--help");
    assertEquals(0, run.exitCode());
    for (String name : new String[] {"bank", "dining", "fibonacci", "primes", "calculator",
        "cooking", "boids", "bank-service"}) {
      assertTrue(run.out().contains("  " + name + " "), name + " missing from:\n" + run.out());
    }
  }

  @Test
  void runsTheSampleItIsNamed() {
    CommandRun run = CommandRun.of(new Samples(), "fibonacci", "-n", "12", "-t", "5", "-r", "1");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("fib(12) = 144 from "), run.out());
  }

  @Test
  void aSampleMustBeNamed() {
    CommandRun run = CommandRun.of(new Samples());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("choose a sample: bank, dining, fibonacci, primes, calculator,"
        + " cooking, boids, bank-service"), run.err());
  }
}
