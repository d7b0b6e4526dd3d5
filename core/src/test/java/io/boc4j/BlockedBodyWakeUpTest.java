package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Work queued while a worker that was searching takes another behaviour and blocks in it must reach
 * an idle worker: it must not wait for the blocked body. Each round schedules two bodies that block
 * until both have started, on two workers; a lost wake-up leaves the second queued behind the first
 * for good. Rounds scale with {@code -Dboc4j.stress.scale=N}.
 */
@Tag("stress")
@Timeout(120)
class BlockedBodyWakeUpTest extends BocTestSupport {

  static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  @BeforeEach
  void noSafetyNet() {
    FaultInjection.parkSafetyNanos = 0; // a lost wake-up must show as a hang, not a 50 ms delay
  }

  @AfterEach
  void restoreSafetyNet() {
    FaultInjection.reset();
  }

  @Test
  void twoBlockingBodiesOnTwoWorkersBothStart() throws Exception {
    newBoc(2);
    for (int round = 0; round < 300 * SCALE; round++) {
      CountDownLatch bothStarted = new CountDownLatch(2);
      Cown<Integer> x = Cown.of(0);
      Cown<Integer> y = Cown.of(0);
      boc.run(x, v -> {
        bothStarted.countDown();
        bothStarted.await(); // blocks its worker until the other body runs too
      });
      boc.run(y, v -> {
        bothStarted.countDown();
        bothStarted.await();
      });
      assertTrue(bothStarted.await(5, TimeUnit.SECONDS),
          "round " + round + ": the second body never started while the first blocked");
      boc.quiesce(WAIT);
    }
  }

  @Test
  void aChildPushedBeforeItsParentBlocksIsTakenByTheOtherWorker() throws Exception {
    newBoc(2);
    for (int round = 0; round < 300 * SCALE; round++) {
      CountDownLatch childStarted = new CountDownLatch(1);
      AtomicBoolean seen = new AtomicBoolean();
      Cown<Integer> x = Cown.of(0);
      Cown<Integer> y = Cown.of(0);
      boc.run(x, v -> {
        boc.run(y, w -> childStarted.countDown()); // into this worker's own queue
        seen.set(childStarted.await(5, TimeUnit.SECONDS)); // and block: the other worker must run it
      });
      boc.quiesce(WAIT);
      assertTrue(seen.get(), "round " + round + ": the child waited for its blocked parent");
    }
  }
}
