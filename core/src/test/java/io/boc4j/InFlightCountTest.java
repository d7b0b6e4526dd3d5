package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The in-flight count while producers' bodies schedule more than they complete (each worker counts
 * such behaviours ahead, a batch at a time, and subtracts completions in batches): never below the
 * behaviours that cannot have completed, and exact once the runtime is quiet (CONTRACT.md L21, S12).
 */
@Timeout(value = 60, unit = SECONDS)
class InFlightCountTest extends BocTestSupport {

  private static final int PRODUCERS = 4;
  private static final int STEPS = 2_000;
  private static final int FAN_OUT = 3;
  private static final int PROBES = 500;
  private static final int WAITERS = 10;

  @Test
  void theCountCoversWhatCannotHaveCompletedAndIsZeroWhenQuiet() throws Exception {
    newBoc(2);
    List<Cown<Integer>> targets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      targets.add(Cown.of(0));
    }
    AtomicLong ran = new AtomicLong();
    AtomicLong underCounts = new AtomicLong();
    AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
    for (int p = 0; p < PRODUCERS; p++) {
      boc.run(Cown.of(0), self -> step(self, targets, ran));
    }
    boc.run(Cown.of(0), probe -> probe(probe, ran, underCounts, lowest));
    boc.quiesce(WAIT);
    long expected = PRODUCERS * (long) STEPS * (FAN_OUT + 1) + PROBES * (long) (WAITERS + 1);
    assertEquals(expected, ran.get(), "every behaviour ran exactly once");
    assertEquals(0, underCounts.get(), "a probe saw fewer in flight than could not have completed;"
        + " lowest count seen " + lowest.get() + ", at least " + (WAITERS + 1) + " needed");
    assertEquals(0, boc.stats().inFlight(), "exact at quiescence");
    int sum = 0;
    for (Cown<Integer> t : targets) {
      sum += valueOf(boc.when(t, x -> x.get()));
    }
    assertEquals(PRODUCERS * STEPS * FAN_OUT, sum);
  }

  /** A producer's step: three targets, then the next step. */
  private void step(Cown<Integer> self, List<Cown<Integer>> targets, AtomicLong ran) {
    int n = self.get();
    for (int i = 0; i < FAN_OUT; i++) {
      boc.run(targets.get((n * FAN_OUT + i) % targets.size()), t -> {
        t.set(t.get() + 1);
        ran.incrementAndGet();
      });
    }
    self.set(n + 1);
    if (n + 1 < STEPS) {
      boc.run(self, s -> step(s, targets, ran));
    }
    ran.incrementAndGet();
  }

  /**
   * Holding its cown, schedules behaviours that need it: none of them, nor the probe itself, can
   * complete before the probe returns, so the count read last must cover them all.
   */
  private void probe(Cown<Integer> probe, AtomicLong ran, AtomicLong underCounts,
      AtomicLong lowest) {
    for (int i = 0; i < WAITERS; i++) {
      boc.run(probe, p -> {
        ran.incrementAndGet();
      });
    }
    int n = probe.get();
    probe.set(n + 1);
    if (n + 1 < PROBES) {
      boc.run(probe, p -> probe(p, ran, underCounts, lowest));
    }
    long seen = boc.stats().inFlight();
    lowest.accumulateAndGet(seen, Math::min);
    if (seen < WAITERS + 1 + (n + 1 < PROBES ? 1 : 0)) {
      underCounts.incrementAndGet();
    }
    ran.incrementAndGet();
  }
}
