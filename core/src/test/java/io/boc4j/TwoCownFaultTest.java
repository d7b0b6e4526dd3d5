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
 * CONTRACT.md L17 and C09 for the request a two-cown behaviour embeds for its second cown: its
 * records are fields of their own, written by the same steps as the first request's. Traffic made
 * only of two-cown behaviours ({@code run} and {@code when}; writers, readers and one of each) on
 * four counter cowns from three threads, with a {@code StackOverflowError} injected
 *
 * <ul>
 *   <li>in phase 1, at a step's second occurrence within one call (for a per-request step, the
 *       behaviour's second request), once per round; the failed call's behaviour never runs;
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
    BocTestSupport.runFaultRounds(step, 60, seed -> phaseOneRound(step, seed));
  }

  @ParameterizedTest
  @EnumSource(ReleaseStep.class)
  @Tag("stress")
  void aFailureInATwoCownReleaseLeavesEveryQueueConsistent(ReleaseStep step) throws Exception {
    BocTestSupport.runFaultRounds(step, 40, seed -> releaseRound(step, seed));
  }

  private boolean phaseOneRound(ScheduleStep step, long seed) throws Exception {
    AtomicBoolean armed = new AtomicBoolean(true);
    AtomicInteger fired = new AtomicInteger();
    FaultInjection.scheduleStep = s -> {
      int[] inCall = STEPS_IN_CALL.get();
      if (s == step && inCall != null && ++inCall[0] == 2 && armed.compareAndSet(true, false)) {
        fired.incrementAndGet();
        throw new StackOverflowError("injected at the second " + s);
      }
    };
    return round(seed, step, fired, true);
  }

  private boolean releaseRound(ReleaseStep step, long seed) throws Exception {
    return round(seed, step, BocTestSupport.failEveryEighthRelease(step), false);
  }

  /** Runs the traffic with the hook set; returns whether it fired. */
  private static boolean round(long seed, Object step, AtomicInteger fired, boolean countSteps)
      throws Exception {
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
            schedule(boc, cowns, random, perProducer[p], ranTwice, failedCalls, occupancy);
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
   * Schedules one behaviour over two distinct random cowns, each read-only or writable, named in
   * either order, as a {@code run} or (one in four) a {@code when}; counts its writes unless the
   * call failed.
   */
  private static void schedule(Boc boc, List<Cown<long[]>> cowns, SplittableRandom random,
      long[] scheduledWrites, AtomicLong ranTwice, AtomicInteger failedCalls,
      Occupancy occupancy) {
    int i = random.nextInt(COWNS);
    int j = (i + 1 + random.nextInt(COWNS - 1)) % COWNS;
    boolean readI = random.nextInt(3) == 0;
    boolean readJ = random.nextInt(3) == 0;
    Cown<long[]> a = readI ? Cown.read(cowns.get(i)) : cowns.get(i);
    Cown<long[]> b = readJ ? Cown.read(cowns.get(j)) : cowns.get(j);
    AtomicBoolean ran = new AtomicBoolean();
    Action.Of2<Cown<long[]>, Cown<long[]>> body = (x, y) -> {
      if (!ran.compareAndSet(false, true)) {
        ranTwice.incrementAndGet();
      }
      occupancy.enter(i, readI);
      occupancy.enter(j, readJ);
      if (!readI) {
        x.get()[0]++;
      }
      if (!readJ) {
        y.get()[0]++;
      }
      occupancy.exit(i, readI);
      occupancy.exit(j, readJ);
    };
    try {
      if (random.nextInt(4) == 0) {
        boc.when(a, b, (x, y) -> {
          body.run(x, y);
          return null;
        });
      } else {
        boc.run(a, b, body);
      }
    } catch (StackOverflowError e) {
      failedCalls.incrementAndGet();
      return;
    }
    if (!readI) {
      scheduledWrites[i]++;
    }
    if (!readJ) {
      scheduledWrites[j]++;
    }
  }
}
