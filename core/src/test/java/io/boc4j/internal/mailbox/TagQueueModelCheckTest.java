package io.boc4j.internal.mailbox;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.boc4j.Message;
import io.boc4j.internal.ModelChecker;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two Dekker handshakes of a mailbox tag's queue ({@link TagQueue}) under the Lincheck model
 * checker, which explores the orders of their volatile accesses that a stress test on x86 almost
 * never produces (see {@link io.boc4j.internal.ModelChecker}). Each side writes one location and
 * then reads the other; in every interleaving at least one of them must see the other, or a waiter
 * is never woken.
 */
@Tag("model-checking")
@Timeout(value = 300, unit = SECONDS)
class TagQueueModelCheckTest {

  /**
   * A receiver registers a waiter and polls once more while a sender offers: either the poll finds
   * the message, or the send notifies the waiter (the receiver would park, and be unparked).
   */
  @Test
  void aReceiverRegisteringWhileASendArrivesIsNeverForgotten() {
    ModelChecker.explore("tagQueueReceiveWakeUp", 200, () -> {
      TagQueue q = new TagQueue("t");
      Waiter[] registered = new Waiter[1];
      Message[] polled = new Message[1];
      Thread receiver = new Thread(() -> {
        Waiter w = new Waiter();
        q.addWaiter(w);
        registered[0] = w;
        polled[0] = q.poll();
      });
      Thread sender = new Thread(() -> q.offer(new Message("t", "m")));
      joinAll(receiver, sender);
      if (polled[0] == null && registered[0].lvIsWaiting()) {
        throw new AssertionError("the receiver's last poll found nothing and the send notified"
            + " nobody: a lost wake-up");
      }
    });
  }

  /**
   * A sender finds a bounded queue full and asks for room while a receiver takes the message: either
   * the sender's re-check sees the room, or the receive completes the sender's stage.
   */
  @Test
  void aSenderWaitingForRoomIsToldWhenAReceiveFreesIt() {
    ModelChecker.explore("tagQueueSpaceWakeUp", 200, () -> {
      TagQueue q = new TagQueue("t", 1);
      q.offer(new Message("t", "first"));
      CompletableFuture<?>[] room = new CompletableFuture<?>[1];
      Thread sender = new Thread(() -> room[0] = q.onSpace());
      Thread receiver = new Thread(q::poll);
      joinAll(sender, receiver);
      if (!room[0].isDone()) {
        throw new AssertionError("a slot was freed and the sender waiting for room was not told");
      }
    });
  }

  /** Starts the threads and waits for them; typed as Thread for Lincheck to follow them. */
  private static void joinAll(Thread... threads) {
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
