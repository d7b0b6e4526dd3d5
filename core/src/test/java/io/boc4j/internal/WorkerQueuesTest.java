package io.boc4j.internal;

import static io.boc4j.internal.Racers.SCALE;
import static io.boc4j.internal.Racers.race;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker's ready queues, driven directly on a generation whose worker threads never start
 * ({@link Generation#unstarted}): the owner's {@link Worker#pushLocal} and {@link Worker#findWork},
 * other threads' {@link Worker#pushRemote} and {@link Worker#steal}. The owner-fed queue is a {@link
 * ReadyRing} (the owner offers, the owner and thieves poll), the inbox an MPMC queue; both are FIFO,
 * so each consumer sees each producer's behaviours in order, as long as the owner-fed queue does not
 * overflow into the inbox. Every behaviour is taken exactly once and the queues are empty at the end.
 */
class WorkerQueuesTest {

  /** The owner-fed queue's capacity in {@link Worker}. */
  private static final int LOCAL_CAPACITY = 8192;

  /**
   * The owner pushes and, now and then, takes from its own queue while two thieves steal. The owner
   * keeps fewer than a thousand behaviours outstanding, so nothing overflows and FIFO holds.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void ownerPushesAndTakesWhileThievesSteal() {
    Worker w = Generation.unstarted(3).workers[0];
    int n = 50_000 * SCALE;
    Ledger ledger = new Ledger(1, n);
    AtomicBoolean done = new AtomicBoolean();
    race("owner-and-thieves", 100,
        () -> {
          Ledger.Consumer self = ledger.consumer("owner", true);
          for (int i = 0; i < n; i++) {
            w.pushLocal(new Item(0, i));
            if (i % 4 == 3) {
              take(w.findWork(), self); // null if the thieves emptied the queue first
            }
            while (i + 1 - ledger.total() > 1000) {
              take(w.findWork(), self);
            }
          }
          done.set(true);
        },
        () -> steal(w, ledger.consumer("thief-1", true), done),
        () -> steal(w, ledger.consumer("thief-2", true), done));
    drainAndCheck(w, ledger);
  }

  /**
   * Two threads that are not the worker push into its inbox while two thieves and the owner take:
   * each consumer sees each pusher's behaviours in order.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void remotePushersWhileTheOwnerAndThievesTake() {
    Worker w = Generation.unstarted(3).workers[0];
    int n = 25_000 * SCALE;
    Ledger ledger = new Ledger(2, n);
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean pusher0Done = new AtomicBoolean();
    AtomicBoolean pusher1Done = new AtomicBoolean();
    race("remote-pushers", 100,
        () -> push(w, 0, n, pusher0Done),
        () -> push(w, 1, n, pusher1Done),
        () -> {
          Ledger.Consumer self = ledger.consumer("owner", true);
          while (!(pusher0Done.get() && pusher1Done.get()) || w.hasQueuedWork()) {
            take(w.findWork(), self);
          }
          done.set(true);
        },
        () -> steal(w, ledger.consumer("thief-1", true), done),
        () -> steal(w, ledger.consumer("thief-2", true), done));
    drainAndCheck(w, ledger);
  }

  /**
   * More behaviours than the owner-fed queue holds: the rest overflows into the inbox. The owner
   * pushes them all, then it and two thieves empty both queues together. Nothing is lost or taken
   * twice (FIFO is not promised across the overflow).
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void aFullOwnerQueueOverflowsIntoTheInbox() {
    Worker w = Generation.unstarted(3).workers[0];
    int n = LOCAL_CAPACITY + 2_000 * SCALE;
    Ledger ledger = new Ledger(1, n);
    for (int i = 0; i < n; i++) {
      w.pushLocal(new Item(0, i)); // this thread is the owner until the race starts
    }
    AtomicBoolean done = new AtomicBoolean();
    race("overflow", 100,
        () -> {
          Ledger.Consumer self = ledger.consumer("owner", false);
          while (w.hasQueuedWork()) {
            take(w.findWork(), self);
          }
          done.set(true);
        },
        () -> steal(w, ledger.consumer("thief-1", false), done),
        () -> steal(w, ledger.consumer("thief-2", false), done));
    drainAndCheck(w, ledger);
  }

  /**
   * A second worker's owner thread looks for work as a worker does ({@link Worker#findWork}): its
   * own queue first, else the older half of the first worker's queue, running the oldest and queuing
   * the rest on itself. A third thread steals from that second worker, so moved behaviours are
   * stolen again. Every behaviour is taken once, and each consumer sees them in order.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void aThiefWorkerMovesHalvesWhichOthersStealAgain() {
    Generation g = Generation.unstarted(3);
    Worker owner = g.workers[0];
    Worker thief = g.workers[1];
    int n = 50_000 * SCALE;
    Ledger ledger = new Ledger(1, n);
    AtomicBoolean pushed = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    race("thief-worker", 100,
        () -> {
          for (int i = 0; i < n; i++) {
            owner.pushLocal(new Item(0, i));
            while (i + 1 - ledger.total() > 1000) {
              Thread.onSpinWait(); // keep the owner's queue far from overflowing into its inbox
            }
          }
          pushed.set(true);
        },
        () -> {
          Ledger.Consumer self = ledger.consumer("thief-worker", true);
          while (!pushed.get() || owner.hasQueuedWork() || thief.hasQueuedWork()) {
            take(thief.findWork(), self);
          }
          done.set(true);
        },
        () -> steal(thief, ledger.consumer("thief-of-thief", true), done));
    drainAndCheck(owner, ledger);
    assertFalse(thief.hasQueuedWork(), "the thief's queue is empty at the end");
  }

  /**
   * The owner's take and a thief's steal race for the only queued behaviour, many times, released
   * together each round ({@link Racers.Rendezvous}): exactly one of them gets it, and the queues are
   * empty after every round.
   * Once through the owner-fed queue, once through the inbox.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void takeAndStealRaceForTheLastBehaviour() {
    raceForTheLast(false);
    raceForTheLast(true);
  }

  private static void raceForTheLast(boolean viaInbox) {
    Worker w = Generation.unstarted(2).workers[0];
    int rounds = 5_000 * SCALE;
    Racers.Rendezvous go = new Racers.Rendezvous(2);
    Racers.Rendezvous settled = new Racers.Rendezvous(2);
    AtomicReference<Behaviour> stolen = new AtomicReference<>();
    race(viaInbox ? "last-via-inbox" : "last-via-local", 100,
        () -> {
          for (int r = 0; r < rounds; r++) {
            Item item = new Item(0, r);
            if (viaInbox) {
              w.pushRemote(item);
            } else {
              w.pushLocal(item);
            }
            go.await(r);
            Behaviour mine = w.findWork();
            settled.await(r);
            Behaviour theirs = stolen.getAndSet(null);
            if ((mine == null) == (theirs == null)) {
              throw new AssertionError("round " + r + ": the owner took " + mine + " and the thief "
                  + theirs + "; exactly one of them must get the behaviour");
            }
            assertSame(item, mine != null ? mine : theirs, "round " + r);
            assertFalse(w.hasQueuedWork(), "round " + r + ": the queues are empty");
          }
        },
        () -> {
          for (int r = 0; r < rounds; r++) {
            go.await(r);
            stolen.set(w.steal());
            settled.await(r);
          }
        });
  }

  private static void push(Worker w, int producer, int n, AtomicBoolean done) {
    for (int i = 0; i < n; i++) {
      w.pushRemote(new Item(producer, i));
    }
    done.set(true);
  }

  private static void steal(Worker w, Ledger.Consumer thief, AtomicBoolean done) {
    while (!done.get() || w.hasQueuedWork()) {
      Behaviour b = w.steal();
      if (b == null) {
        Thread.onSpinWait();
      } else {
        take(b, thief);
      }
    }
  }

  private static void take(Behaviour b, Ledger.Consumer consumer) {
    if (b != null) {
      Item item = (Item) b;
      consumer.took(item.producer, item.seq);
    }
  }

  private static void drainAndCheck(Worker w, Ledger ledger) {
    assertFalse(w.hasQueuedWork(), "queues empty at the end");
    assertNull(w.steal(), "nothing left to steal");
    assertNull(w.findWork(), "nothing left to take");
    ledger.assertEachTakenOnce();
  }
}
