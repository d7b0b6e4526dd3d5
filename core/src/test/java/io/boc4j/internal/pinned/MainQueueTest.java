package io.boc4j.internal.pinned;

import static io.boc4j.internal.Racers.SCALE;
import static io.boc4j.internal.Racers.race;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.Behaviour;
import io.boc4j.internal.Item;
import io.boc4j.internal.Ledger;
import io.boc4j.internal.Racers;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The main queue ({@link MainQueue}) driven directly: several producers offer pinned behaviours while
 * the single consumer polls, as worker threads and the pumping main thread do. The consumer sees
 * each producer's behaviours in order, none lost or twice; the depth never goes negative, never
 * under-counts what the consumer can see, and is 0 at the end; the non-empty stamp is 0 exactly
 * when the queue ends empty, and each non-empty period is announced by one offer.
 */
class MainQueueTest {

  /**
   * Three producers offer while the consumer polls and a monitoring thread reads the depth and the
   * stamp the way the watchdog and the metrics do.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void producersOfferWhileTheConsumerPolls() {
    MainQueue q = new MainQueue(io.boc4j.internal.time.NanoClock.SYSTEM);
    int producers = 3;
    int n = 20_000 * SCALE;
    Ledger ledger = new Ledger(producers, n);
    AtomicInteger producing = new AtomicInteger(producers);
    AtomicInteger periodsBegun = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    race("main-queue", 100,
        () -> offer(q, 0, n, producing, periodsBegun),
        () -> offer(q, 1, n, producing, periodsBegun),
        () -> offer(q, 2, n, producing, periodsBegun),
        () -> {
          Ledger.Consumer main = ledger.consumer("consumer", true);
          while (producing.get() > 0 || !q.isEmpty()) {
            Behaviour b = q.poll();
            if (b != null) {
              Item item = (Item) b;
              main.took(item.producer, item.seq);
            } else {
              Thread.onSpinWait();
            }
          }
          done.set(true);
        },
        () -> {
          while (!done.get()) {
            long depth = q.depth();
            if (depth < 0) {
              throw new AssertionError("depth went negative: " + depth);
            }
            q.nonEmptySince(); // racing the edges: must not throw, and is checked at the end
          }
        });
    ledger.assertEachTakenOnce();
    assertNull(q.poll(), "nothing left");
    assertEquals(0, q.depth(), "depth at the end");
    assertEquals(0, q.nonEmptySince(), "an empty queue has no non-empty period");
    assertTrue(periodsBegun.get() >= 1, "the first offer began a period");
  }

  /**
   * One producer and the consumer race on an empty queue, many times, released together each round
   * ({@link Racers.Rendezvous}): the offer into an empty queue reports the period it began, the
   * consumer either finds the behaviour or finds nothing, and once the consumer has taken it the
   * queue has depth 0 and no stamp. A stamp that outlived its period would make the watchdog report
   * a stale queue.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void anOfferIntoAnEmptyQueueRacesThePollThatEmptiesIt() {
    MainQueue q = new MainQueue(io.boc4j.internal.time.NanoClock.SYSTEM);
    int rounds = 5_000 * SCALE;
    Racers.Rendezvous go = new Racers.Rendezvous(2);
    Racers.Rendezvous settled = new Racers.Rendezvous(2);
    race("main-queue-edges", 100,
        () -> {
          for (int r = 0; r < rounds; r++) {
            go.await(r);
            if (!q.offer(new Item(0, r))) {
              throw new AssertionError("round " + r + ": an offer into an empty queue began no period");
            }
            settled.await(r);
          }
        },
        () -> {
          for (int r = 0; r < rounds; r++) {
            go.await(r);
            Behaviour b = q.poll(); // may run before the offer
            settled.await(r);
            if (b == null) {
              b = q.poll();
            }
            if (b == null || ((Item) b).seq != r) {
              throw new AssertionError("round " + r + ": the consumer took " + b);
            }
            if (q.depth() != 0 || q.nonEmptySince() != 0) {
              throw new AssertionError("round " + r + ": empty queue with depth " + q.depth()
                  + " and stamp " + q.nonEmptySince());
            }
          }
        });
  }

  private static void offer(
      MainQueue q, int producer, int n, AtomicInteger producing, AtomicInteger periodsBegun) {
    for (int i = 0; i < n; i++) {
      if (q.offer(new Item(producer, i))) {
        periodsBegun.incrementAndGet();
      }
    }
    producing.decrementAndGet();
  }
}
