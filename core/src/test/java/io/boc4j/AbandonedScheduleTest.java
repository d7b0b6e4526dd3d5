package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import io.boc4j.internal.FaultInjection.ScheduleStep;
import io.boc4j.internal.QueueProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONTRACT.md L17 and C09 under a failure inside phase 1: a {@code when} that throws part-way
 * through scheduling (a {@code StackOverflowError} at any of its calls) leaves every queue
 * consistent. The caller gets the error, the behaviour never runs, whoever waits on it (or the
 * scheduling thread's next call, or a quiescing thread) finishes queueing it and passes its cowns
 * on, and every other behaviour runs exactly once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbandonedScheduleTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int COWNS = 4;
  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 400;

  @AfterEach
  void resetHooks() {
    FaultInjection.reset();
  }

  /**
   * Mixed traffic (writers and readers over random sets of four cowns, from three threads) with one
   * {@code StackOverflowError} thrown at {@code step} of one behaviour's phase 1, once per round.
   * Each writer body adds one to every cown it writes; at the end each cown's count equals the
   * writers that were scheduled without an error on it, nothing ran twice, and every queue is empty.
   */
  @ParameterizedTest
  @EnumSource(ScheduleStep.class)
  @Tag("stress")
  void aFailureAtAnyStepOfPhaseOneLeavesEveryQueueConsistent(ScheduleStep step) throws Exception {
    BocTestSupport.runFaultRounds(step, 40, seed -> runRound(step, seed));
  }

  /** Returns whether the injected failure fired in this round. */
  private boolean runRound(ScheduleStep step, long seed) throws Exception {
    AtomicBoolean armed = new AtomicBoolean(true);
    AtomicInteger fired = new AtomicInteger();
    FaultInjection.scheduleStep = s -> {
      if (s == step && armed.compareAndSet(true, false)) {
        fired.incrementAndGet();
        throw new StackOverflowError("injected at " + s);
      }
    };
    List<Cown<long[]>> cowns = new ArrayList<>();
    for (int i = 0; i < COWNS; i++) {
      cowns.add(Cown.of(new long[1]));
    }
    AtomicLong ranTwice = new AtomicLong();
    AtomicInteger failedWhens = new AtomicInteger();
    try (Boc boc = Boc.builder().workers(2).name("abandon").build()) {
      long[][] perProducer = new long[PRODUCERS][COWNS];
      BocTestSupport.runProducers(PRODUCERS, WAIT, p -> {
        SplittableRandom random = new SplittableRandom(seed * 31 + p);
        for (int i = 0; i < PER_PRODUCER; i++) {
          schedule(boc, cowns, random, perProducer[p], ranTwice, failedWhens);
        }
      });
      FaultInjection.scheduleStep = null;
      boc.quiesce(WAIT);
      BocTestSupport.assertWritesAndEmptyQueues(boc, cowns, perProducer, step, WAIT);
      assertEquals(0, ranTwice.get(), "a behaviour ran twice");
      assertEquals(fired.get(), failedWhens.get(), "each injected failure reached its caller");
      return fired.get() > 0;
    }
  }

  /** Schedules one writer or reader over a random set of cowns; counts what must have run. */
  private static void schedule(Boc boc, List<Cown<long[]>> cowns, SplittableRandom random,
      long[] scheduledWrites, AtomicLong ranTwice, AtomicInteger failedWhens) {
    List<Cown<long[]>> chosen = new ArrayList<>();
    List<Cown<long[]>> args = new ArrayList<>();
    for (Cown<long[]> c : cowns) {
      if (random.nextInt(3) == 0) {
        chosen.add(c);
      }
    }
    if (chosen.isEmpty()) {
      chosen.add(cowns.get(random.nextInt(cowns.size())));
    }
    boolean reader = random.nextInt(3) == 0;
    for (Cown<long[]> c : chosen) {
      args.add(reader ? Cown.read(c) : c);
    }
    AtomicBoolean ran = new AtomicBoolean();
    try {
      boc.run(Cown.group(args), held -> {
        if (!ran.compareAndSet(false, true)) {
          ranTwice.incrementAndGet();
        }
        if (!reader) {
          for (Cown<long[]> c : held) {
            c.get()[0]++;
          }
        }
      });
    } catch (StackOverflowError e) {
      failedWhens.incrementAndGet();
      return;
    }
    if (!reader) {
      for (Cown<long[]> c : chosen) {
        scheduledWrites[cowns.indexOf(c)]++;
      }
    }
  }

  /**
   * The reported fault, for real: bodies recurse until the stack overflows and, while unwinding,
   * schedule on a contended cown from every fourth frame; some of those calls overflow inside the
   * scheduling code (their own queueing, the hand-off to a worker's queue, the wake-up of another
   * worker). Afterwards the runtime quiesces, every behaviour scheduled without an error ran
   * exactly once, and both cowns are free.
   */
  @Test
  @Tag("stress")
  void whenCalledNearTheStackLimitNeverCorruptsAQueue() throws Exception {
    Cown<long[]> contended = Cown.of(new long[1]);
    // Made once, up here: a lambda first evaluated at the end of a stack can fail its linkage for
    // good, and that is the caller's code, not the runtime's.
    Action.Of1<Cown<long[]>> bump = c -> c.get()[0]++;
    List<long[]> tallies = new ArrayList<>();
    try (Boc boc = Boc.builder().workers(2).name("deep").build()) {
      for (int i = 0; i < 8; i++) {
        Cown<long[]> own = Cown.of(new long[1]);
        long[] tally = new long[2];
        tallies.add(tally);
        boc.run(own, o -> dive(boc, contended, bump, 0, tally));
      }
      boc.quiesce(WAIT);
      long scheduled = tallies.stream().mapToLong(t -> t[0]).sum();
      long overflowed = tallies.stream().mapToLong(t -> t[1]).sum();
      System.out.println("deep when: " + scheduled + " scheduled, " + overflowed
          + " overflowed inside when()");
      assertTrue(overflowed > 0, "no when() overflowed: the test exercised nothing");
      long ran = boc.when(contended, c -> c.get()[0]).toCompletionStage().toCompletableFuture()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(scheduled, ran, "runs of the behaviours scheduled without an error ("
          + overflowed + " when()s overflowed)");
      boc.quiesce(WAIT);
      assertTrue(QueueProbe.isEmpty(contended.core), "the contended cown still has a queue");
    }
  }

  /**
   * As above, from plain threads: a {@code when} from a thread that is not a worker publishes what
   * it makes ready through a worker's inbox, or, for a pinned cown, through the main queue, so the
   * overflow now also strikes inside those queues' offers. Two threads dive at once, so that the
   * cown is sometimes free (the behaviour is published by the diving thread) and sometimes taken.
   * The test thread is the main thread: its {@code quiesce} pumps the pinned behaviours.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  @Tag("stress")
  void whenFromAPlainThreadNearTheStackLimitNeverCorruptsAQueue(boolean pinned) throws Exception {
    Cown<long[]> contended = pinned ? PinnedCown.of(new long[1]) : Cown.of(new long[1]);
    Action.Of1<Cown<long[]>> bump = c -> c.get()[0]++;
    long[][] tallies = new long[2][2];
    try (Boc boc = Boc.builder().workers(2).name("deep-plain").build()) {
      boc.quiesce(WAIT); // binds this thread as the main thread
      CountDownLatch dived = new CountDownLatch(tallies.length);
      List<Throwable> diverFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (long[] tally : tallies) {
        Thread diver = new Thread(() -> {
          try {
            dive(boc, contended, bump, 0, tally);
          } catch (Throwable t) {
            diverFailures.add(t);
          } finally {
            dived.countDown();
          }
        }, "diver");
        diver.start();
      }
      while (!dived.await(1, TimeUnit.MILLISECONDS)) {
        boc.mainThread().pump(); // keeps the main queue moving while they dive
      }
      assertEquals(List.of(), diverFailures, "a diver failed");
      boc.quiesce(WAIT);
      long scheduled = tallies[0][0] + tallies[1][0];
      long overflowed = tallies[0][1] + tallies[1][1];
      System.out.println("deep when from plain threads" + (pinned ? ", pinned" : "") + ": "
          + scheduled + " scheduled, " + overflowed + " overflowed inside when()");
      assertTrue(overflowed > 0, "no when() overflowed: the test exercised nothing");
      ResultCown<Long> ran = boc.when(contended, c -> c.get()[0]);
      boc.quiesce(WAIT);
      assertEquals(scheduled, (long) ran.toCompletionStage().toCompletableFuture()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS), "runs of the behaviours scheduled without an"
          + " error (" + overflowed + " when()s overflowed)");
      assertTrue(QueueProbe.isEmpty(contended.core), "the contended cown still has a queue");
      if (pinned) {
        assertEquals(0, boc.mainThread().stats().depth(), "the main queue's depth after quiesce");
      }
    }
  }

  /**
   * A plain thread whose {@code when} fails half-way and that never calls the runtime again, on a
   * cown nobody else uses: no waiter will ever help, so {@code quiesce} itself finishes the
   * behaviour, which never runs; the cown is free afterwards.
   */
  @ParameterizedTest
  @EnumSource(value = ScheduleStep.class, names = {"SWAP", "MARK_SCHEDULED", "RESOLVE", "DISPATCH"})
  void quiesceFinishesWhatAThreadAbandonedAndLeft(ScheduleStep step) throws Exception {
    Cown<long[]> lonely = Cown.of(new long[1]);
    Cown<long[]> other = Cown.of(new long[1]);
    try (Boc boc = Boc.builder().workers(2).name("left").build()) {
      AtomicBoolean armed = new AtomicBoolean(true);
      FaultInjection.scheduleStep = s -> {
        if (s == step && armed.compareAndSet(true, false)) {
          throw new StackOverflowError("injected at " + s);
        }
      };
      AtomicBoolean threw = new AtomicBoolean();
      Thread leaver = new Thread(() -> {
        try {
          boc.run(lonely, other, (l, o) -> {
            l.get()[0]++;
            o.get()[0]++;
          });
        } catch (StackOverflowError e) {
          threw.set(true);
        }
      }, "leaver");
      leaver.start();
      leaver.join(WAIT.toMillis());
      assertTrue(threw.get(), "the when did not fail at " + step);
      FaultInjection.scheduleStep = null;
      boc.quiesce(WAIT);
      assertEquals(0L, (long) boc.when(lonely, other, (l, o) -> l.get()[0] + o.get()[0])
          .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS),
          "the abandoned behaviour ran");
      boc.quiesce(WAIT);
      assertTrue(QueueProbe.isEmpty(lonely.core) && QueueProbe.isEmpty(other.core),
          "a cown still has a queue after a failure at " + step);
    }
  }

  /**
   * A synchronous {@code acquire} whose queueing fails half-way: its thread gets the error and is
   * gone from the take, so once the take is finished and granted it passes the cown straight on.
   */
  @ParameterizedTest
  @EnumSource(value = ScheduleStep.class, names = {"SWAP", "LINK", "MARK_SCHEDULED", "RESOLVE"})
  void anAbandonedAcquirePassesItsCownOn(ScheduleStep step) throws Exception {
    Cown<long[]> c = Cown.of(new long[1]);
    try (Boc boc = Boc.builder().workers(2).name("take").build()) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch letGo = new CountDownLatch(1);
      boc.run(c, x -> { // holds c, so that the take queues behind it and LINK is reached
        holding.countDown();
        letGo.await();
      });
      assertTrue(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      AtomicBoolean armed = new AtomicBoolean(true);
      FaultInjection.scheduleStep = s -> {
        if (s == step && armed.compareAndSet(true, false)) {
          throw new StackOverflowError("injected at " + s);
        }
      };
      Thread taker = new Thread(() -> {
        try (Held<long[]> h = boc.acquire(c, WAIT)) {
          h.get()[0] = -1; // never: the acquire fails
        } catch (StackOverflowError expected) {
          return;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        throw new AssertionError("the acquire did not fail at " + step);
      }, "taker");
      AtomicBoolean takerFailed = new AtomicBoolean();
      taker.setUncaughtExceptionHandler((t, e) -> takerFailed.set(true));
      taker.start();
      taker.join(WAIT.toMillis());
      assertTrue(!takerFailed.get() && !armed.get(), "the acquire did not fail at " + step);
      FaultInjection.scheduleStep = null;
      letGo.countDown();
      boc.quiesce(WAIT);
      try (Held<long[]> h = boc.acquire(c, WAIT)) {
        assertEquals(0, h.get()[0]);
      }
      boc.quiesce(WAIT);
      assertTrue(QueueProbe.isEmpty(c.core), "the cown still has a queue after " + step);
    }
  }

  /**
   * Recurses to the stack limit, then schedules on the way back up. Counts in {@code tally} (its
   * body's own: [0] scheduled, [1] overflowed) with bare array increments, which cannot throw.
   */
  private static void dive(
      Boc boc, Cown<long[]> contended, Action.Of1<Cown<long[]>> bump, int depth, long[] tally) {
    try {
      dive(boc, contended, bump, depth + 1, tally);
    } catch (StackOverflowError e) {
      // the bottom: unwind, scheduling from every fourth frame on the way up
    }
    if (depth % 4 == 0) {
      try {
        boc.run(contended, bump);
        tally[0]++;
      } catch (StackOverflowError e) {
        tally[1]++;
      }
    }
  }
}
