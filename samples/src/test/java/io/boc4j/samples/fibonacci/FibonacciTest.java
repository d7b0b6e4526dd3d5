package io.boc4j.samples.fibonacci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.samples.support.CommandRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FibonacciTest {

  private static final long[] KNOWN = {0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55};

  @ParameterizedTest(name = "fib({0})")
  @ValueSource(ints = {1, 10, 20})
  void behavioursAgreeWithSequential(int n) throws Exception {
    Fibonacci.Round o = Fibonacci.round(n, 4, 2);
    assertEquals(SequentialFibonacci.of(n), o.value());
    assertEquals(o.sequential(), o.value());
    assertTrue(o.agrees());
  }

  @Test
  void sequentialMatchesTheKnownValues() {
    for (int n = 0; n < KNOWN.length; n++) {
      assertEquals(KNOWN[n], SequentialFibonacci.of(n), "fib(" + n + ")");
    }
    assertEquals(6_765, SequentialFibonacci.of(20));
  }

  @Test
  void aTreeAboveTheThresholdUsesOneBehaviourPerNodeAndLeaf() throws Exception {
    // Nodes of the call tree cut at the threshold: B(n) = 1 below it, else 1 + B(n-1) + B(n-2).
    assertEquals(1, Fibonacci.round(3, 4, 1).behaviours());
    assertEquals(3, Fibonacci.round(4, 4, 1).behaviours());
    assertEquals(5, Fibonacci.round(5, 4, 1).behaviours());
    assertEquals(9, Fibonacci.round(6, 4, 1).behaviours());
    assertEquals(BehaviourFibonacci.count(20, 5), Fibonacci.round(20, 5, 2).behaviours());
    assertEquals(1, BehaviourFibonacci.count(3, 4));
    assertEquals(9, BehaviourFibonacci.count(6, 4));
  }

  @Test
  void commandPrintsTheValueAndTheCheck() {
    CommandRun run = CommandRun.of(new Fibonacci(), "-n", "20", "-t", "8", "-w", "2", "-r", "2");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("fib(20) = 6,765 from "), run.out());
    assertTrue(run.out().contains("round 2: behaviours "), run.out());
    assertTrue(run.out().contains("best:    behaviours "), run.out());
    assertTrue(run.out().contains("equal to the sequential result in every round"), run.out());
  }

  @Test
  void anOutOfRangeNIsRejected() {
    CommandRun run = CommandRun.of(new Fibonacci(), "-n", "46");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("-n must be between 0 and 45, got 46"), run.err());
  }

  @Test
  void aTreeOfTooManyBehavioursIsRejected() {
    CommandRun run = CommandRun.of(new Fibonacci(), "-n", "45", "-t", "2");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("raise --threshold"), run.err());
  }
}
