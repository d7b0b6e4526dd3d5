package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Boc#sampleBehaviours}: the seam behind the metrics module's sampled timers (SPEC section 7),
 * which reports schedule-to-start and run times of a random sample of behaviours.
 */
@Timeout(value = 30, unit = SECONDS)
class BehaviourSamplingTest extends BocTestSupport {

  /** One observed sample. */
  record Sample(long queuedNanos, long runNanos, boolean pinned, boolean failed) {}

  private final List<Sample> samples = new CopyOnWriteArrayList<>();

  private final BehaviourObserver recorder =
      (queued, run, pinned, failed) -> samples.add(new Sample(queued, run, pinned, failed));

  @Test
  void everyBehaviourIsReportedOnceWithItsThreadKindOutcomeAndTimes() throws Exception {
    newBoc(2);
    boc.sampleBehaviours(1, recorder);
    for (int i = 0; i < 20; i++) {
      boc.run(Cown.of(i), c -> c.set(c.get() + 1));
    }
    boc.run(Cown.of(0), c -> spinMillis(5));
    boc.when(Cown.of(0), c -> {
      throw new IllegalStateException("expected by the test");
    });
    boc.when(PinnedCown.of("p"), p -> p.get());
    boc.quiesce(WAIT); // binds this thread as the main thread and pumps the pinned one

    assertEquals(23, samples.size(), samples.toString());
    assertEquals(1, samples.stream().filter(Sample::pinned).count(), "the pinned one");
    assertEquals(1, samples.stream().filter(Sample::failed).count(), "the throwing one");
    assertTrue(samples.stream().anyMatch(s -> s.runNanos() >= 5_000_000), "the 5 ms body");
    assertTrue(samples.stream().allMatch(s -> s.queuedNanos() >= 0 && s.runNanos() >= 0));
    assertEquals(0, boc.generation().samplesHeld(), "timings kept after their behaviours completed");
  }

  @Test
  void oneInNSamplesAboutThatShareAndSurvivesRestart() throws Exception {
    newBoc(2);
    boc.sampleBehaviours(4, recorder);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 1000; i++) {
        boc.run(Cown.of(i), c -> c.set(c.get() + 1));
      }
      boc.waitAll(WAIT); // the second round runs on a fresh generation
    }
    // Binomial(2000, 1/4): mean 500, standard deviation about 19; these bounds are 10 of them off.
    assertTrue(samples.size() > 300 && samples.size() < 700, "samples: " + samples.size());
  }

  @Test
  void oneObserverAtATimeAndClosingStopsIt() throws Exception {
    newBoc(1);
    Boc.Registration first = boc.sampleBehaviours(1, recorder);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> boc.sampleBehaviours(1, (q, r, p, f) -> {}));
    assertTrue(e.getMessage().contains("already sampled"), e.getMessage());
    first.close();
    first.close(); // idempotent
    valueOf(boc.when(Cown.of(1), c -> c.get()));
    boc.quiesce(WAIT);
    assertEquals(0, samples.size(), "nothing is sampled once the registration is closed");

    AtomicLong second = new AtomicLong();
    boc.sampleBehaviours(1, (q, r, p, f) -> second.incrementAndGet());
    valueOf(boc.when(Cown.of(1), c -> c.get()));
    boc.quiesce(WAIT);
    assertEquals(1, second.get());
  }

  @Test
  void aThrowingObserverDoesNotBreakTheRuntime() throws Exception {
    newBoc(1);
    boc.sampleBehaviours(1, (q, r, p, f) -> {
      throw new IllegalStateException("observer failure expected by the test");
    });
    Cown<Integer> c = Cown.of(0);
    for (int i = 0; i < 10; i++) {
      boc.run(c, x -> x.set(x.get() + 1));
    }
    int total = valueOf(boc.when(c, x -> x.get()));
    assertEquals(10, total);
  }

  @Test
  void badArgumentsAreRejected() {
    newBoc(1);
    assertThrows(IllegalArgumentException.class, () -> boc.sampleBehaviours(0, recorder));
    assertThrows(NullPointerException.class, () -> boc.sampleBehaviours(1, null));
  }
}
