package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import io.boc4j.internal.FaultInjection.ReleaseStep;
import io.boc4j.internal.QueueProbe;
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
 * CONTRACT.md L17 and C09 under a failure inside a release: a release that throws part-way (a
 * {@code StackOverflowError} at any of its calls, here injected at each {@link ReleaseStep}) leaves
 * every queue consistent. The release is finished from its records by another party (the worker
 * that ran the body, an idle worker, or a quiescing thread): every cown it held passes on exactly
 * once, every behaviour runs exactly once, and every queue is empty at the end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StrandedReleaseTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int COWNS = 4;
  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 400;

  @AfterEach
  void resetHooks() {
    FaultInjection.reset();
  }

  /**
   * Mixed traffic (writers and readers over random sets of four cowns, from three threads) with a
   * {@code StackOverflowError} thrown at {@code step} of a release every eighth time a worker
   * reaches it (up to 25 times a round). Each writer body adds one to every cown it writes: at the
   * end each cown's count equals the writers scheduled on it, no body ran beside a writer of its
   * cowns, nothing ran twice, and every queue is empty.
   */
  @ParameterizedTest
  @EnumSource(ReleaseStep.class)
  @Tag("stress")
  void aFailureAtAnyStepOfAReleaseLeavesEveryQueueConsistent(ReleaseStep step) throws Exception {
    BocTestSupport.runFaultRounds(step, 60, seed -> runRound(step, seed));
  }

  /** Returns whether the injected failure fired in this round. */
  private boolean runRound(ReleaseStep step, long seed) throws Exception {
    AtomicInteger fired = BocTestSupport.failEveryEighthRelease(step);
    List<Cown<long[]>> cowns = new ArrayList<>();
    for (int i = 0; i < COWNS; i++) {
      cowns.add(Cown.of(new long[1]));
    }
    AtomicLong ranTwice = new AtomicLong();
    Occupancy occupancy = new Occupancy(COWNS);
    try (Boc boc = Boc.builder().workers(2).name("strand").build()) {
      long[][] perProducer = new long[PRODUCERS][COWNS];
      BocTestSupport.runProducers(PRODUCERS, WAIT, p -> {
        SplittableRandom random = new SplittableRandom(seed * 31 + p);
        for (int i = 0; i < PER_PRODUCER; i++) {
          schedule(boc, cowns, random, perProducer[p], ranTwice, occupancy);
        }
      });
      boc.quiesce(WAIT);
      FaultInjection.releaseStep = null;
      BocTestSupport.assertWritesAndEmptyQueues(boc, cowns, perProducer, step, WAIT);
      assertEquals(0, ranTwice.get(), "a behaviour ran twice");
      assertEquals(0, occupancy.violations.get(), "a body ran beside a writer of its cowns");
      return fired.get() > 0;
    }
  }

  /** Schedules one writer or reader over a random set of cowns; counts the writes it makes. */
  private static void schedule(Boc boc, List<Cown<long[]>> cowns, SplittableRandom random,
      long[] scheduledWrites, AtomicLong ranTwice, Occupancy occupancy) {
    List<Cown<long[]>> args = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    boolean reader = random.nextInt(3) == 0;
    for (int i = 0; i < cowns.size(); i++) {
      if (random.nextInt(3) == 0 || (args.isEmpty() && i == cowns.size() - 1)) {
        args.add(reader ? Cown.read(cowns.get(i)) : cowns.get(i));
        indices.add(i);
        if (!reader) {
          scheduledWrites[i]++;
        }
      }
    }
    AtomicBoolean ran = new AtomicBoolean();
    boc.run(Cown.group(args), held -> {
      if (!ran.compareAndSet(false, true)) {
        ranTwice.incrementAndGet();
      }
      occupancy.enter(indices, reader);
      if (!reader) {
        for (Cown<long[]> c : held) {
          c.get()[0]++;
        }
      }
      occupancy.exit(indices, reader);
    });
  }

  /**
   * A synchronous take whose {@code close()} fails at {@code step}, with two readers and a writer
   * queued behind it (a read-only take for the reader's own steps). The taker gets the error and
   * never calls again; nobody quiesces either: the idle workers find the stranded release, finish
   * it, and the three behaviours run, in order.
   */
  @ParameterizedTest
  @EnumSource(ReleaseStep.class)
  void aCloseThatFailsPartWayIsFinishedByTheIdleWorkers(ReleaseStep step) throws Exception {
    boolean readOnlyTake = step == ReleaseStep.DRAIN || step == ReleaseStep.TAKE_WRITER
        || step == ReleaseStep.LEAVE;
    Cown<List<String>> c = Cown.of(new ArrayList<>());
    try (Boc boc = Boc.builder().workers(2).name("close").build()) {
      AtomicBoolean armed = new AtomicBoolean(false);
      FaultInjection.releaseStep = s -> {
        if (s == step && armed.compareAndSet(true, false)) {
          throw new StackOverflowError("injected at " + s);
        }
      };
      Held<List<String>> held = boc.acquire(readOnlyTake ? Cown.read(c) : c, WAIT);
      // Behind the take: nothing (the take leaves the queue empty), or two readers and a writer.
      boolean alone = step == ReleaseStep.LEAVE_EMPTY || step == ReleaseStep.LEAVE;
      List<ResultCown<Integer>> queued = new ArrayList<>();
      if (!alone) {
        if (!readOnlyTake) {
          queued.add(boc.when(Cown.read(c), l -> l.get().size()));
          queued.add(boc.when(Cown.read(c), l -> l.get().size()));
        }
        queued.add(boc.when(c, l -> {
          l.get().add("writer");
          return l.get().size();
        }));
      }
      armed.set(true);
      Throwable[] closeFailure = new Throwable[1];
      try {
        held.close();
      } catch (StackOverflowError expected) {
        closeFailure[0] = expected;
      }
      assertTrue(closeFailure[0] instanceof StackOverflowError,
          step + " was not reached by close(): " + closeFailure[0]);
      FaultInjection.releaseStep = null;
      for (ResultCown<Integer> r : queued) {
        int size = r.toCompletionStage().toCompletableFuture()
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(size <= 1, "a queued behaviour saw " + size + " writes");
      }
      try (Held<List<String>> again = boc.acquire(c, WAIT)) {
        assertEquals(alone ? List.of() : List.of("writer"), again.get(),
            "the writer behind the take ran exactly once");
      }
      boc.quiesce(WAIT);
      assertTrue(QueueProbe.isEmpty(c.core), "the cown still has a queue after " + step);
    }
  }
}
