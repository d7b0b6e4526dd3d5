package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.boc4j.internal.FaultInjection;
import io.boc4j.internal.FaultInjection.ReleaseStep;
import io.boc4j.internal.FaultInjection.ScheduleStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CONTRACT.md L17 and C09 for the requests a behaviour keeps in its second set of fields: a
 * two-cown behaviour's request for its second cown, and the result cown's request of a {@code when}
 * over one or three cowns. Their records are fields of their own, written by the same steps as the
 * first request's. Traffic of two-cown behaviours, one in four three-cown ones and one in eight
 * one-cown {@code when}s, some followed by a behaviour queued on their result (only three-cown ones
 * when the third request is failed; {@code run} and {@code when}; writers, readers and mixes) on
 * four counter cowns from three threads, with a {@code StackOverflowError} injected
 *
 * <ul>
 *   <li>in phase 1, at a step's second or third occurrence within one call (for a per-request step,
 *       the behaviour's second or third request), once per round; the failed call's behaviour never
 *       runs;
 *   <li>in releases, at every eighth time a step is reached, up to 25 times a round, so that about
 *       half of the resumed releases resume a second request.
 * </ul>
 *
 * Each cown's count equals the writes scheduled on it without an error, nothing runs twice, no body
 * runs beside a writer of its cowns, and every queue is empty at the end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoCownFaultTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int COWNS = 4;
  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 400;

  /** Phase 1 steps on the current producer thread during its current call, or null off it. */
  private static final ThreadLocal<int[]> STEPS_IN_CALL = new ThreadLocal<>();

  @AfterEach
  void resetHooks() {
    FaultInjection.reset();
  }

  @ParameterizedTest
  @EnumSource(value = ScheduleStep.class, names = {"SWAP", "LINK", "CLAIM", "REGISTER", "TAKE_BACK",
      "COUNT_READER", "ACTIVATE", "MARK_SCHEDULED"})
  @Tag("stress")
  void aFailureInTheSecondRequestsPhaseOneLeavesEveryQueueConsistent(ScheduleStep step)
      throws Exception {
    BocTestSupport.runFaultRounds(step, 60, seed -> phaseOneRound(step, 2, false, seed));
  }

  @ParameterizedTest
  @EnumSource(value = ScheduleStep.class, names = {"SWAP", "LINK", "CLAIM", "REGISTER", "TAKE_BACK",
      "COUNT_READER", "ACTIVATE", "MARK_SCHEDULED"})
  @Tag("stress")
  void aFailureInTheThirdRequestsPhaseOneLeavesEveryQueueConsistent(ScheduleStep step)
      throws Exception {
    // a third request's reader steps (TAKE_BACK, REGISTER) are reached in about one round in ten
    BocTestSupport.runFaultRounds(step, 150, seed -> phaseOneRound(step, 3, true, seed));
  }

  @ParameterizedTest
  @EnumSource(ReleaseStep.class)
  @Tag("stress")
  void aFailureInATwoCownReleaseLeavesEveryQueueConsistent(ReleaseStep step) throws Exception {
    BocTestSupport.runFaultRounds(step, 40, seed -> releaseRound(step, seed));
  }

  /**
   * A round that fails phase 1 once, at the {@code occurrence}-th time a call reaches the step; with
   * {@code onlyThree}, every behaviour has three cowns, so a third request's step is as common as a
   * second's (the reader steps of a third request are otherwise too rare to be reached).
   */
  private boolean phaseOneRound(ScheduleStep step, int occurrence, boolean onlyThree, long seed)
      throws Exception {
    AtomicBoolean armed = new AtomicBoolean(true);
    AtomicInteger fired = new AtomicInteger();
    FaultInjection.scheduleStep = s -> {
      int[] inCall = STEPS_IN_CALL.get();
      if (s == step && inCall != null && ++inCall[0] == occurrence
          && armed.compareAndSet(true, false)) {
        fired.incrementAndGet();
        throw new StackOverflowError("injected at occurrence " + occurrence + " of " + s);
      }
    };
    return round(seed, step, fired, true, onlyThree);
  }

  private boolean releaseRound(ReleaseStep step, long seed) throws Exception {
    return round(seed, step, BocTestSupport.failEveryEighthRelease(step), false, false);
  }

  /** Runs the traffic with the hook set; returns whether it fired. */
  private static boolean round(long seed, Object step, AtomicInteger fired, boolean countSteps,
      boolean onlyThree) throws Exception {
    List<Cown<long[]>> cowns = new ArrayList<>();
    for (int i = 0; i < COWNS; i++) {
      cowns.add(Cown.of(new long[1]));
    }
    AtomicLong ranTwice = new AtomicLong();
    AtomicInteger failedCalls = new AtomicInteger();
    Occupancy occupancy = new Occupancy(COWNS);
    try (Boc boc = Boc.builder().workers(2).name("two-cown-fault").build()) {
      long[][] perProducer = new long[PRODUCERS][COWNS];
      BocTestSupport.runProducers(PRODUCERS, WAIT, p -> {
        SplittableRandom random = new SplittableRandom(seed * 31 + p);
        int[] inCall = new int[1];
        if (countSteps) {
          STEPS_IN_CALL.set(inCall);
        }
        try {
          for (int i = 0; i < PER_PRODUCER; i++) {
            inCall[0] = 0;
            schedule(boc, cowns, random, onlyThree, perProducer[p], ranTwice, failedCalls,
                occupancy);
          }
        } finally {
          STEPS_IN_CALL.remove();
        }
      });
      boc.quiesce(WAIT);
      FaultInjection.reset();
      BocTestSupport.assertWritesAndEmptyQueues(boc, cowns, perProducer, step, WAIT);
      assertEquals(0, ranTwice.get(), "a behaviour ran twice");
      assertEquals(0, occupancy.violations.get(), "a body ran beside a writer of its cowns");
      if (countSteps) {
        assertEquals(fired.get(), failedCalls.get(), "each injected failure reached its caller");
      }
      return fired.get() > 0;
    }
  }

  /**
   * Schedules one behaviour over two distinct random cowns (one in four: three, or with {@code
   * onlyThree} every one; one in eight: a single cown, as a {@code when}), each read-only or
   * writable, named in random order, as a {@code run} or (one in four) a {@code when}; counts its
   * writes unless the call failed.
   */
  private static void schedule(Boc boc, List<Cown<long[]>> cowns, SplittableRandom random,
      boolean onlyThree, long[] scheduledWrites, AtomicLong ranTwice, AtomicInteger failedCalls,
      Occupancy occupancy) {
    int roll = random.nextInt(8);
    int n = onlyThree || roll < 2 ? 3 : roll == 2 ? 1 : 2;
    int[] picked = BocTestSupport.distinctIndices(random, n, COWNS);
    boolean[] read = new boolean[n];
    List<Cown<long[]>> named = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      read[k] = random.nextInt(3) == 0;
      Cown<long[]> c = cowns.get(picked[k]);
      named.add(read[k] ? Cown.read(c) : c);
    }
    AtomicBoolean ran = new AtomicBoolean();
    Runnable body = () -> {
      if (!ran.compareAndSet(false, true)) {
        ranTwice.incrementAndGet();
      }
      for (int k = 0; k < n; k++) {
        occupancy.enter(picked[k], read[k]);
      }
      for (int k = 0; k < n; k++) {
        if (!read[k]) {
          named.get(k).get()[0]++;
        }
      }
      for (int k = 0; k < n; k++) {
        occupancy.exit(picked[k], read[k]);
      }
    };
    boolean asWhen = random.nextInt(4) == 0;
    ResultCown<Object> result = null;
    try {
      if (n == 1) { // always a when: its result's request is embedded where a second would be
        result = boc.when(named.get(0), x -> {
          body.run();
          return null;
        });
      } else if (n == 2 && asWhen) {
        boc.when(named.get(0), named.get(1), (x, y) -> {
          body.run();
          return null;
        });
      } else if (n == 2) {
        boc.run(named.get(0), named.get(1), (x, y) -> body.run());
      } else if (asWhen) {
        result = boc.when(named.get(0), named.get(1), named.get(2), (x, y, z) -> {
          body.run();
          return null;
        });
      } else {
        boc.run(named.get(0), named.get(1), named.get(2), (x, y, z) -> body.run());
      }
    } catch (StackOverflowError e) {
      failedCalls.incrementAndGet();
      return;
    }
    for (int k = 0; k < n; k++) {
      if (!read[k]) {
        scheduledWrites[picked[k]]++;
      }
    }
    if (result != null && asWhen) { // queue behind the result: its release then grants a successor
      AtomicBoolean followed = new AtomicBoolean();
      try {
        boc.run(result, r -> {
          if (!followed.compareAndSet(false, true)) {
            ranTwice.incrementAndGet();
          }
        });
      } catch (StackOverflowError e) {
        failedCalls.incrementAndGet();
      }
    }
  }
}
