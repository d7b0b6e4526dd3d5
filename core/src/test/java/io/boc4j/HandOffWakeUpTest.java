package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hand-off that leaves a worker with exactly one ready behaviour, the one it runs next, wakes no
 * other worker: the woken worker could only race it for that behaviour, and a convoy of hand-offs (a
 * body that schedules its own next step, which waits for the body's cown) would pay a park and an
 * unpark per step and bounce between cores. Parallel work still wakes a parked worker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandOffWakeUpTest {

  private static final String PREFIX = "hand-off-w";
  private static final int STEPS = 2_000;

  @BeforeEach
  void noSafetyNet() {
    FaultInjection.parkSafetyNanos = 0; // a parked worker wakes only when a producer wakes it
  }

  @AfterEach
  void resetHooks() {
    FaultInjection.reset();
  }

  /**
   * A self-rescheduling chain on one cown, started while both workers are parked: every step runs
   * on the worker the first push woke, and the other one is never woken (its park count does not
   * move). Before the rule, each hand-off woke it (2,000 wake-ups for 2,000 steps).
   */
  @Test
  void aConvoyOfHandOffsStaysOnOneWorkerAndWakesNoOther() throws Exception {
    try (Boc boc = Boc.builder().workers(2).threadNamePrefix(PREFIX)
        .shutdownTimeout(Duration.ofSeconds(5)).build()) {
      startAndPark(boc);
      long[] parkedBefore = {parked(boc, 0), parked(boc, 1)};
      long[] ranBefore = {ran(boc, 0), ran(boc, 1)};

      Cown<int[]> step = Cown.of(new int[1]);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      CountDownLatch done = new CountDownLatch(1);
      boc.run(step, new Action.Of1<Cown<int[]>>() {
        @Override
        public void run(Cown<int[]> self) {
          threads.add(Thread.currentThread().getName());
          if (++self.get()[0] < STEPS) {
            boc.run(self, this); // waits for this body's cown: handed over when this one releases
          } else {
            done.countDown();
          }
        }
      });
      assertTrue(done.await(30, TimeUnit.SECONDS), "the chain did not finish");
      boc.quiesce(Duration.ofSeconds(10));

      assertEquals(1, threads.size(), "the chain moved between workers: " + threads);
      int runner = Integer.parseInt(threads.iterator().next().substring(PREFIX.length()));
      int other = 1 - runner;
      assertEquals(STEPS, ran(boc, runner) - ranBefore[runner], "steps run by worker " + runner);
      assertEquals(ranBefore[other], ran(boc, other), "worker " + other + " ran a step");
      assertEquals(parkedBefore[other], parked(boc, other),
          "worker " + other + " was woken (and parked again) although nothing was left for it");
    }
  }

  /**
   * The counterpart: a body that produced work hands two cowns over to two waiting behaviours. The
   * first hand-off leaves one behaviour queued and wakes nobody; the second finds it queued and must
   * wake the parked worker, since both bodies block until both have started. Were every hand-off of
   * a producing body quiet, the worker would take one, block in it, and the round would fail.
   */
  @Test
  void theSecondOfTwoHandOffsWakesAParkedWorker() throws Exception {
    try (Boc boc = Boc.builder().workers(2).threadNamePrefix(PREFIX)
        .shutdownTimeout(Duration.ofSeconds(5)).build()) {
      startAndPark(boc);
      Cown<String> first = Cown.of("first");
      Cown<String> second = Cown.of("second");
      CountDownLatch scheduledBehind = new CountDownLatch(1);
      CountDownLatch bothStarted = new CountDownLatch(2);
      Action.Of1<Cown<String>> blockUntilBothStarted = c -> {
        bothStarted.countDown();
        bothStarted.await(30, TimeUnit.SECONDS); // longer than the test's own wait below
      };
      boc.run(first, second, (a, b) -> {
        assertTrue(scheduledBehind.await(10, TimeUnit.SECONDS));
        boc.run(first, c -> { }); // produced work: waits behind the first hand-off's behaviour
      });
      boc.run(first, blockUntilBothStarted); // from this thread: both wait for the body's cowns
      boc.run(second, blockUntilBothStarted);
      scheduledBehind.countDown();
      assertTrue(bothStarted.await(10, TimeUnit.SECONDS),
          "the two blocking bodies did not run at once: the parked worker was never woken");
      boc.quiesce(Duration.ofSeconds(20));
    }
  }

  /** Starts the workers with one behaviour and waits until both have parked. */
  private static void startAndPark(Boc boc) throws Exception {
    boc.run(Cown.of(0), c -> { });
    boc.quiesce(Duration.ofSeconds(10));
    awaitBothParked(boc);
  }

  /**
   * Waits until both workers sleep in their park (untimed here): a park counted in the statistics
   * may still be on its way, or be one the worker was already woken from.
   */
  private static void awaitBothParked(Boc boc) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (parkedWorkerThreads() < 2) {
      assertTrue(System.nanoTime() < deadline, "the idle workers never parked");
      Thread.onSpinWait();
    }
  }

  private static int parkedWorkerThreads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      Object blocker = LockSupport.getBlocker(t);
      if (t.getName().startsWith(PREFIX) && t.getState() == Thread.State.WAITING
          && blocker != null && blocker.getClass().getSimpleName().equals("Worker")) {
        n++;
      }
    }
    return n;
  }

  private static long parked(Boc boc, int index) {
    return boc.workerStats().get(index).parked();
  }

  private static long ran(Boc boc, int index) {
    return boc.workerStats().get(index).behavioursRun();
  }
}
