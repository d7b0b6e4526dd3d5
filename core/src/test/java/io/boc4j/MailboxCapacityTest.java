package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded {@link Mailbox}: per-tag capacity, {@code trySend}, the timed {@code send} and the
 * {@code onSpace} stage (the seam a non-blocking sender, such as the Reactor bridge, waits on).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailboxCapacityTest {

  private static final Duration LONG = MailboxTest.LONG;

  /** Waits until {@code t} parks (a timed send waiting for room). */
  private static void awaitWaiting(Thread t) {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(t.isAlive(), t.getName() + " ended instead of waiting");
      assertTrue(System.nanoTime() < deadline, t.getName() + " did not wait in time");
      Thread.yield();
    }
  }

  @Test
  void anUnboundedMailboxIsTheDefaultAndNeverRefuses() {
    Mailbox m = new Mailbox();
    assertEquals(Mailbox.UNBOUNDED, m.capacity());
    for (int i = 0; i < 10_000; i++) {
      assertTrue(m.trySend("t", i));
    }
    assertTrue(m.onSpace("t").toCompletableFuture().isDone());
    assertEquals(Mailbox.UNBOUNDED, Boc.builder().build().mailbox().capacity());
  }

  @Test
  void capacityMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Mailbox(4, 0));
    assertThrows(IllegalArgumentException.class, () -> Boc.builder().mailboxCapacity(0));
    assertEquals(3, Boc.builder().mailboxCapacity(3).build().mailbox().capacity());
  }

  @Test
  void aFullTagRefusesTrySendAndSendButOtherTagsDoNot() {
    Mailbox m = new Mailbox(8, 2);
    assertTrue(m.trySend("t", 1));
    assertTrue(m.trySend("t", 2));
    assertFalse(m.trySend("t", 3));
    IllegalStateException full = assertThrows(IllegalStateException.class, () -> m.send("t", 3));
    assertTrue(full.getMessage().contains("full"), full.getMessage());
    assertTrue(m.trySend("u", 1), "capacity is per tag");
    assertEquals(2, m.depth("t"));
    assertEquals(1, m.receive("t", Duration.ZERO).payload());
    assertTrue(m.trySend("t", 3), "a receive made room");
    assertEquals(List.of(2, 3), List.of(m.receive("t", LONG).payload(), m.receive("t", LONG).payload()));
  }

  @Test
  void onSpaceCompletesAtOnceWithRoomAndOtherwiseWhenAReceiveTakesAMessage() {
    Mailbox m = new Mailbox(8, 1);
    assertTrue(m.onSpace("never-used").toCompletableFuture().isDone());
    m.send("t", "a");
    CompletableFuture<Void> space = m.onSpace("t").toCompletableFuture();
    assertFalse(space.isDone());
    m.receive("t", Duration.ZERO);
    assertTrue(space.isDone());
    assertTrue(m.trySend("t", "b"));
  }

  @Test
  void drainAndSetTagsMakeRoomAndCompleteWaitingStages() {
    Mailbox m = new Mailbox(8, 1);
    m.send("t", "a");
    CompletableFuture<Void> afterDrain = m.onSpace("t").toCompletableFuture();
    m.drain("t");
    assertTrue(afterDrain.isDone());
    assertTrue(m.trySend("t", "b"));
    CompletableFuture<Void> afterSetTags = m.onSpace("t").toCompletableFuture();
    m.setTags(List.of("t"));
    assertTrue(afterSetTags.isDone());
    assertTrue(m.trySend("t", "c"));
  }

  @Test
  void timedSendWaitsForRoomThatAReceiverMakes() throws Exception {
    Mailbox m = new Mailbox(8, 1);
    m.send("t", "first");
    MailboxTest.Forked<Boolean> sender =
        MailboxTest.fork("timed-sender", () -> m.send("t", "second", LONG));
    awaitWaiting(sender.thread());
    assertEquals("first", m.receive("t", LONG).payload());
    assertTrue(sender.join());
    assertEquals("second", m.receive("t", LONG).payload());
  }

  @Test
  void timedSendGivesUpAfterItsTimeoutAndSendsNothing() {
    Mailbox m = new Mailbox(8, 1);
    m.send("t", "first");
    assertFalse(m.send("t", "late", Duration.ofMillis(30)));
    assertFalse(m.send("t", "late", Duration.ZERO));
    assertEquals(1, m.depth("t"));
    assertThrows(IllegalArgumentException.class, () -> m.send("t", "x", Duration.ofMillis(-1)));
    assertTrue(new Mailbox().send("t", "x", Duration.ZERO), "unbounded never waits");
  }

  @Test
  void anInterruptedTimedSendStopsWaitingWithTheStatusSet() throws Exception {
    Mailbox m = new Mailbox(8, 1);
    m.send("t", "first");
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    MailboxTest.Forked<Boolean> sender = MailboxTest.fork("interrupted-sender", () -> {
      try {
        return m.send("t", "second", LONG);
      } catch (CancellationException e) {
        stillInterrupted.set(Thread.currentThread().isInterrupted());
        throw e;
      }
    });
    awaitWaiting(sender.thread());
    sender.thread().interrupt();
    assertThrows(CancellationException.class, sender::join);
    assertTrue(stillInterrupted.get());
    assertEquals(1, m.depth("t"));
  }

  @Test
  void concurrentSendersNeverOverfillATagAndEveryMessageArrivesOnce() throws Exception {
    int capacity = 4;
    int senders = 4;
    int each = 2_000;
    Mailbox m = new Mailbox(8, capacity);
    CountDownLatch start = new CountDownLatch(1);
    List<MailboxTest.Forked<Boolean>> forks = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int base = s * each;
      forks.add(MailboxTest.fork("sender-" + s, () -> {
        start.await();
        for (int i = 0; i < each; i++) {
          assertTrue(m.send("t", base + i, LONG));
        }
        return true;
      }));
    }
    start.countDown();
    boolean[] seen = new boolean[senders * each];
    int maxDepth = 0;
    for (int n = 0; n < senders * each; n++) {
      maxDepth = Math.max(maxDepth, m.depth("t"));
      int v = (Integer) m.receive("t", LONG).payload();
      assertFalse(seen[v], "delivered twice: " + v);
      seen[v] = true;
    }
    for (MailboxTest.Forked<Boolean> f : forks) {
      assertTrue(f.join());
    }
    assertTrue(maxDepth <= capacity, "a tag held " + maxDepth + " messages, capacity " + capacity);
    assertEquals(0, m.depth("t"));
  }
}
