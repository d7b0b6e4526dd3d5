package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import io.boc4j.internal.FaultInjection.IdleStep;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker on its way to park must not leave work pushed meanwhile to wait for it while another
 * worker sleeps. Each round holds one worker at a step of going idle ({@link
 * FaultInjection#idling}) while the other worker is parked, schedules two bodies that block until
 * both have started, and only then lets the held worker go on: it takes one of them and blocks, so
 * the parked worker must be woken for the other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoingIdleWakeUpTest {

  private static final String PREFIX = "going-idle-w";
  private static final int ROUNDS = 20;

  @BeforeEach
  void noSafetyNet() {
    FaultInjection.parkSafetyNanos = 0; // a lost wake-up must show as a hang, not a 50 ms delay
  }

  @AfterEach
  void resetHooks() {
    FaultInjection.reset();
  }

  /**
   * Held between counting itself idle and announcing itself parked. When the count came after the
   * announcement (and the last look did not hand on), a round failed whenever the first push picked
   * the held worker (announced, not yet counted) to wake: that took the idle count to zero, so the
   * second push woke nobody.
   */
  @Test
  void aWorkerHeldBetweenCountingAndAnnouncingLeavesTheParkedOneToBeWoken() throws Exception {
    holdEachRoundAt(IdleStep.COUNTED_IDLE);
  }

  /**
   * Held after a search that found nothing, while it still counts as searching: both pushes skip
   * their wake-up and leave their behaviours to it. Its last look before parking takes one; before
   * that look handed the search on, every round failed.
   */
  @Test
  void aWorkerWhoseSearchEndedHandsOnWhatItLeaves() throws Exception {
    holdEachRoundAt(IdleStep.SEARCH_ENDED);
  }

  private static void holdEachRoundAt(IdleStep step) throws Exception {
    try (Boc boc = Boc.builder().workers(2).threadNamePrefix(PREFIX)
        .shutdownTimeout(Duration.ofSeconds(5)).build()) {
      Round round = new Round(boc);
      round.schedule(); // without a hook: both workers end up busy in the first round's bodies
      assertTrue(round.bothStarted.await(10, TimeUnit.SECONDS), "the first two bodies never started");
      for (int r = 0; r < ROUNDS; r++) {
        Round next = new Round(boc);
        Hold hold = new Hold();
        FaultInjection.idling = s -> {
          if (s == step) {
            hold.holdFirstComer();
          }
        };
        int[] parkedBefore = {parked(boc, 0), parked(boc, 1)};
        round.finish.countDown(); // both workers go idle: one is held, the other parks
        assertTrue(hold.held.await(10, TimeUnit.SECONDS), "round " + r + ": no worker went idle");
        int other = 1 - hold.workerIndex();
        awaitParked(boc, other, parkedBefore[other], r);

        next.schedule();
        FaultInjection.idling = null;
        hold.release.countDown();
        assertTrue(next.bothStarted.await(5, TimeUnit.SECONDS),
            "round " + r + ": the second body waited for the first, which blocks; the parked worker"
                + " was never woken");
        round = next;
      }
      round.finish.countDown();
      boc.quiesce(Duration.ofSeconds(10));
    }
  }

  /** Two bodies on two fresh cowns, each blocked until both started and then until told to finish. */
  private static final class Round {
    final Boc boc;
    final CountDownLatch bothStarted = new CountDownLatch(2);
    final CountDownLatch finish = new CountDownLatch(1);

    Round(Boc boc) {
      this.boc = boc;
    }

    void schedule() {
      for (int i = 0; i < 2; i++) {
        boc.run(Cown.of(i), v -> {
          bothStarted.countDown();
          if (bothStarted.await(10, TimeUnit.SECONDS)) {
            finish.await(10, TimeUnit.SECONDS);
          }
        });
      }
    }
  }

  /** Holds the first worker that arrives until released; lets the others pass. */
  private static final class Hold {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicReference<Thread> worker = new AtomicReference<>();

    void holdFirstComer() {
      if (worker.compareAndSet(null, Thread.currentThread())) {
        held.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    int workerIndex() {
      return Integer.parseInt(worker.get().getName().substring(PREFIX.length()));
    }
  }

  private static int parked(Boc boc, int index) {
    return (int) boc.workerStats().get(index).parked();
  }

  /** Waits until worker {@code index} parked again: it counts a park just before it parks. */
  private static void awaitParked(Boc boc, int index, int before, int round) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (parked(boc, index) == before) {
      assertTrue(System.nanoTime() < deadline, "round " + round + ": worker " + index + " never parked");
      Thread.onSpinWait();
    }
  }
}
