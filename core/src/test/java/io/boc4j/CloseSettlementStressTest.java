package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * close() behind bodies that never return (L22, R09), over random queues: writers and readers over
 * one to three of five cowns, behaviours on result cowns, two bodies blocked for good. When close()
 * returns, every behaviour is done exactly once: either its body ran (before the timeout, clear of
 * the blocked cowns) or it carries the shutdown exception; once the blocked bodies return, no
 * settled body runs and no outcome changes. Rounds scale with {@code -Dboc4j.stress.scale=N}; the
 * seed is logged and replayed with {@code -Dboc4j.stress.seed=S}.
 */
@Tag("stress")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloseSettlementStressTest extends BocTestSupport {

  static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));
  static final long SEED = Long.getLong("boc4j.stress.seed", System.nanoTime());
  static final int COWNS = 5;
  static final int BEHAVIOURS = 40;

  @Test
  void everyBehaviourIsDoneOnceWhenCloseReturnsAndSettledBodiesNeverRun() throws Exception {
    System.out.println("CloseSettlementStressTest seed=" + SEED + " scale=" + SCALE);
    Random random = new Random(SEED);
    for (int round = 0; round < 8 * SCALE; round++) {
      runRound(random, round, 0);
    }
  }

  /**
   * The same after each worker has run thousands of behaviours first: a worker keeps the behaviour
   * it runs in a small holder that it replaces every few thousand behaviours, and the closing
   * thread must find the blocked bodies in the holders current at close.
   */
  @Test
  void theSameAfterTheWorkersReplacedTheHoldersOfTheirRunningBehaviour() throws Exception {
    Random random = new Random(SEED + 1);
    for (int round = 0; round < 3 * SCALE; round++) {
      runRound(random, round, 40_000); // well over 4,096 per worker, the holders' renewal period
    }
  }

  private void runRound(Random random, int round, int warmUp) throws Exception {
    boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofMillis(150)).build();
    List<Cown<Integer>> cowns = new ArrayList<>();
    for (int i = 0; i < COWNS; i++) {
      cowns.add(Cown.of(0));
    }
    if (warmUp > 0) {
      List<Cown<int[]>> counters = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        counters.add(Cown.of(new int[1]));
      }
      for (int i = 0; i < warmUp; i++) {
        boc.run(counters.get(i % counters.size()), c -> c.get()[0]++);
      }
      boc.quiesce(Duration.ofSeconds(30));
      int total = 0;
      for (Cown<int[]> c : counters) {
        total += read(c)[0];
      }
      assertEquals(warmUp, total, "round " + round + ": the warm-up's behaviours ran once each");
    }
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch bothStarted = new CountDownLatch(2);
    List<ResultCown<String>> blockers = new ArrayList<>();
    for (int i = 0; i < 2; i++) { // two blocked bodies, each on its own cown (0 and 1)
      blockers.add(boc.when(cowns.get(i), x -> {
        bothStarted.countDown();
        never.await();
        return "returned";
      }));
    }
    awaitLatch(bothStarted);

    AtomicIntegerArray ran = new AtomicIntegerArray(BEHAVIOURS);
    List<ResultCown<Integer>> results = new ArrayList<>();
    for (int i = 0; i < BEHAVIOURS; i++) {
      int id = i;
      if (!results.isEmpty() && random.nextInt(6) == 0) { // on an earlier behaviour's result cown
        ResultCown<Integer> earlier = results.get(random.nextInt(results.size()));
        results.add(boc.when(earlier, r -> ran.incrementAndGet(id)));
        continue;
      }
      List<Acquirable<?>> args = new ArrayList<>();
      for (int c : distinctIndices(random, 1 + random.nextInt(3), COWNS)) {
        Cown<Integer> cown = cowns.get(c);
        args.add(random.nextInt(3) == 0 ? Cown.read(cown) : cown);
      }
      results.add(boc.whenAll(args, all -> ran.incrementAndGet(id)));
    }

    try (LogCapture log = new LogCapture()) {
      boc.close();
    }
    int[] outcome = new int[BEHAVIOURS]; // 1: ran, 2: settled or dropped
    for (int i = 0; i < BEHAVIOURS; i++) {
      ResultCown<Integer> r = results.get(i);
      if (!r.isDone()) {
        fail("round " + round + ": behaviour " + i + " still pending after close(); seed " + SEED);
      }
      Throwable t = exceptionOf(r);
      if (t != null) {
        assertTrue(t.getMessage().contains("dropped at shutdown"), "round " + round + ": " + t);
        assertEquals(0, ran.get(i), "round " + round + ": behaviour " + i + " ran and was dropped");
        outcome[i] = 2;
      } else {
        assertEquals(1, ran.get(i), "round " + round + ": behaviour " + i + " ran once");
        outcome[i] = 1;
      }
    }

    never.countDown(); // the blocked bodies return: settled behaviours pass their cowns on, unrun
    for (ResultCown<String> b : blockers) {
      assertEquals("returned", b.toCompletionStage().toCompletableFuture().get(10, SECONDS));
    }
    for (int i = 0; i < BEHAVIOURS; i++) {
      assertEquals(outcome[i] == 1 ? 1 : 0, ran.get(i),
          "round " + round + ": behaviour " + i + " after the blocked bodies returned");
      boolean failed = exceptionOf(results.get(i)) != null;
      assertEquals(outcome[i] == 2, failed, "round " + round + ": outcome of " + i + " changed");
    }
  }

  /** The exception a done result cown carries, or null if its body returned. */
  private static Throwable exceptionOf(ResultCown<?> r) {
    try {
      r.unwrap();
      return null;
    } catch (RuntimeException | Error e) {
      return e;
    }
  }
}
