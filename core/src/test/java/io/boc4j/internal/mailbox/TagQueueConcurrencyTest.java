package io.boc4j.internal.mailbox;

import static io.boc4j.internal.Racers.SCALE;
import static io.boc4j.internal.Racers.race;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Message;
import io.boc4j.internal.Ledger;
import io.boc4j.internal.Racers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One mailbox tag's queue ({@link TagQueue}) driven directly: senders offer and receivers poll
 * without a lock, a bounded queue reserves a slot per message, a discard swaps the messages out, and
 * a receiver that registered a {@link Waiter} before its last poll is woken by the next send (the
 * handshake of {@code Mailbox}). Checked: each receiver sees each sender's messages in order, none
 * lost or twice, the counters agree, and no slot is lost or counted twice.
 */
class TagQueueConcurrencyTest {

  /** A message's payload: its sender and its number in that sender's sequence. */
  private record Seq(int sender, int seq) {}

  /** Three senders and two receivers on an unbounded tag. */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void sendersAndReceiversOnAnUnboundedTag() {
    TagQueue q = new TagQueue("t");
    int n = 20_000 * SCALE;
    sendAndReceive(q, 3, 2, n);
    assertEquals(3L * n, q.pushedTotal(), "sent");
    assertEquals(3L * n, q.poppedTotal(), "received");
  }

  /**
   * The same on a tag bounded to 8 messages: a sender that finds it full waits for room ({@link
   * TagQueue#onSpace}) and tries again. Afterwards the slots are all free again: exactly 8 sends fit.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void sendersWaitForRoomOnABoundedTag() {
    TagQueue q = new TagQueue("t", 8);
    int n = 10_000 * SCALE;
    sendAndReceive(q, 3, 2, n);
    assertEquals(3L * n, q.poppedTotal(), "received");
    assertAllSlotsFree(q, 8);
  }

  /**
   * Discards race sends and receives on a bounded tag: a send racing a discard may land in the
   * discarded generation, but reserves its slot in the generation it appends to, so when everyone has
   * stopped and the queue is discarded once more, exactly {@code capacity} sends fit.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void discardsRacingSendsLoseNoSlot() {
    TagQueue q = new TagQueue("t", 4);
    int n = 20_000 * SCALE;
    AtomicInteger sending = new AtomicInteger(2);
    race("discard", 100,
        () -> sendIgnoringFull(q, 0, n, sending),
        () -> sendIgnoringFull(q, 1, n, sending),
        () -> {
          while (sending.get() > 0) {
            q.poll();
          }
        },
        () -> {
          while (sending.get() > 0) {
            q.discardAll();
          }
        });
    q.discardAll();
    assertAllSlotsFree(q, 4);
  }

  /**
   * The wake-up handshake, many times. The receiver registers a waiter and polls once more; the
   * sender offers and signals a registered waiter. Either the receiver's poll finds the message, or
   * the receiver is notified and then finds it: a lost wake-up leaves it parked and fails the round.
   * Every third round the two race, released together ({@link Racers.Rendezvous}); in the others
   * the receiver polls before the send (it must be woken) or after it (it must find the message),
   * so both outcomes are exercised whatever the machine's timing.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void aReceiverThatRegisteredBeforeItsLastPollIsWokenBySend() {
    TagQueue q = new TagQueue("t");
    int rounds = 6_000 * SCALE;
    Racers.Rendezvous go = new Racers.Rendezvous(2);
    Racers.Rendezvous ordered = new Racers.Rendezvous(2);
    AtomicInteger parked = new AtomicInteger();
    race("handshake", 100,
        () -> {
          for (int r = 0; r < rounds; r++) {
            go.await(r);
            if (r % 3 == RECEIVER_FIRST) {
              ordered.await(r);
            }
            q.offer(new Message("t", r));
            if (r % 3 != RECEIVER_FIRST) {
              ordered.await(r);
            }
          }
        },
        () -> {
          for (int r = 0; r < rounds; r++) {
            go.await(r);
            if (r % 3 == SENDER_FIRST) {
              ordered.await(r);
            }
            Waiter w = new Waiter();
            q.addWaiter(w);
            Message m = q.poll();
            if (r % 3 != SENDER_FIRST) {
              ordered.await(r); // racing: the send is done now, or was lost
            }
            if (m == null) {
              if (r % 3 == SENDER_FIRST) {
                throw new AssertionError("round " + r + ": the message sent first was not there");
              }
              awaitNotified(w, r);
              parked.incrementAndGet();
              m = q.poll();
            } else if (r % 3 == RECEIVER_FIRST) {
              throw new AssertionError("round " + r + ": a message before it was sent: " + m);
            } else if (w.casCancel()) {
              q.removeWaiter(w);
            } // else a sender notified it after the poll took the message: nothing more is owed here
            if (m == null || !Integer.valueOf(r).equals(m.payload())) {
              throw new AssertionError("round " + r + ": the receiver got " + m);
            }
          }
        });
    assertNull(q.poll(), "nothing left");
    assertTrue(parked.get() >= rounds / 3, "every round where the receiver polled first parked it");
    System.out.println("TagQueue handshake: the receiver was woken by the send in " + parked.get()
        + " of " + rounds + " rounds");
  }

  /** Handshake rounds: 0 mod 3 race; in these two one side goes first. */
  private static final int RECEIVER_FIRST = 1;
  private static final int SENDER_FIRST = 2;

  private static void awaitNotified(Waiter w, int round) {
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    while (w.lvIsWaiting()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("round " + round + ": the receiver registered before its last"
            + " poll found nothing, and no send woke it (lost wake-up)");
      }
      LockSupport.parkNanos(w, SECONDS.toNanos(1));
    }
  }

  private static void sendAndReceive(TagQueue q, int senders, int receivers, int n) {
    Ledger ledger = new Ledger(senders, n);
    AtomicInteger sending = new AtomicInteger(senders);
    Racers.Body[] bodies = new Racers.Body[senders + receivers];
    for (int s = 0; s < senders; s++) {
      int sender = s;
      bodies[s] = () -> {
        for (int i = 0; i < n; i++) {
          Message m = new Message("t", new Seq(sender, i));
          while (!q.offer(m)) {
            q.onSpace().get(10, SECONDS); // full: wait for a receive to free a slot
          }
        }
        sending.decrementAndGet();
      };
    }
    for (int r = 0; r < receivers; r++) {
      Ledger.Consumer receiver = ledger.consumer("receiver-" + r, true);
      bodies[senders + r] = () -> {
        while (sending.get() > 0 || q.depth() > 0) {
          Message m = q.poll();
          if (m == null) {
            Thread.onSpinWait();
          } else {
            Seq seq = (Seq) m.payload();
            receiver.took(seq.sender(), seq.seq());
          }
        }
      };
    }
    race("tag", 100, bodies);
    ledger.assertEachTakenOnce();
    assertNull(q.poll(), "nothing left");
    assertEquals(0, q.depth(), "depth at the end");
  }

  private static void sendIgnoringFull(TagQueue q, int sender, int n, AtomicInteger sending) {
    for (int i = 0; i < n; i++) {
      q.offer(new Message("t", new Seq(sender, i)));
    }
    sending.decrementAndGet();
  }

  /** An idle queue of {@code capacity}: exactly that many sends fit, and a receive frees one. */
  private static void assertAllSlotsFree(TagQueue q, int capacity) {
    assertNull(q.poll(), "idle");
    for (int i = 0; i < capacity; i++) {
      assertTrue(q.offer(new Message("t", i)), "slot " + i + " of " + capacity + " is free");
    }
    assertFalse(q.offer(new Message("t", capacity)), "a full queue refuses a send");
    assertEquals(0, q.poll().payload(), "the oldest first");
    assertTrue(q.offer(new Message("t", capacity)), "a receive frees a slot");
  }
}
