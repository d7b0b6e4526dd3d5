package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.boc4j.Boc;
import io.boc4j.Mailbox;
import io.boc4j.Message;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** SPEC 6 and 7: the mailbox as a demand-driven Flux, and send as a Mono (X07, M24). */
@ExtendWith(NoBlockingCalls.class)
@Timeout(30)
class MessagingTest {

  private Boc boc;
  private BocReactor bridge;
  private Mailbox mailbox;

  @BeforeEach
  void setUp() {
    boc = BridgeTestSupport.runtime(1);
    bridge = BocReactor.builder(boc).receivePoll(Duration.ofMillis(5)).build();
    mailbox = boc.mailbox();
  }

  @AfterEach
  void tearDown() {
    boc.close();
  }

  private static List<Object> payloads(List<Message> ms) {
    return ms.stream().map(Message::payload).collect(Collectors.toList());
  }

  @Test
  void x07_receiveTakesOnlyTheMessagesThatWereRequested() {
    for (int i = 0; i < 5; i++) {
      mailbox.send("t", i);
    }
    StepVerifier.create(bridge.receive("t"), 2)
        .assertNext(m -> assertEquals(0, m.payload()))
        .assertNext(m -> assertEquals(1, m.payload()))
        .then(() -> assertEquals(3, mailbox.depth("t"), "took a message nobody requested"))
        .thenRequest(1)
        .assertNext(m -> assertEquals(2, m.payload()))
        .thenCancel()
        .verify(WAIT);
    assertEquals(2, mailbox.depth("t"), "cancelling did not leave the rest queued");
    assertEquals(3, mailbox.receive("t", Duration.ZERO).payload());
  }

  @Test
  void m24_receiveEmitsInFifoOrderAndTakesNoMoreOnceCancelled() {
    for (int i = 0; i < 100; i++) {
      mailbox.send("fifo", i);
    }
    mailbox.send("other", "untouched");
    StepVerifier.create(bridge.receive("fifo").take(60).collectList())
        .assertNext(ms -> assertEquals(IntStream.range(0, 60).boxed().collect(Collectors.toList()),
            payloads(ms)))
        .expectComplete()
        .verify(WAIT);
    assertEquals(40, mailbox.depth("fifo"));
    assertEquals(1, mailbox.depth("other"));
    for (int i = 60; i < 100; i++) {
      assertEquals(i, mailbox.receive("fifo", Duration.ZERO).payload());
    }
  }

  @Test
  void x07_anIdleReceiverIsWokenByALaterMessageOnAVirtualTimer() {
    StepVerifier.withVirtualTime(() -> bridge.receive("idle").take(2))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(1))
        .expectNoEvent(Duration.ofMillis(100))
        .then(() -> mailbox.send("idle", "a"))
        .thenAwait(Duration.ofMillis(5))
        .assertNext(m -> assertEquals("a", m.payload()))
        .then(() -> mailbox.send("idle", "b"))
        .thenAwait(Duration.ofMillis(5))
        .assertNext(m -> assertEquals("b", m.payload()))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void x07_twoReceiversOnOneTagShareItsMessages() {
    for (int i = 0; i < 10; i++) {
      mailbox.send("shared", i);
    }
    StepVerifier.create(bridge.receive("shared").take(4).concatWith(bridge.receive("shared").take(6))
            .map(Message::payload).collectList())
        .expectNext(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void sendIsColdAndSendsOncePerSubscription() {
    Mono<Void> send = bridge.send("s", "m");
    assertEquals(0, mailbox.depth("s"));
    StepVerifier.create(send).expectComplete().verify(WAIT);
    StepVerifier.create(send).expectComplete().verify(WAIT);
    assertEquals(2, mailbox.depth("s"));
    StepVerifier.create(bridge.receive("s").take(2).map(Message::payload))
        .expectNext("m", "m").expectComplete().verify(WAIT);
  }

  @Test
  void sendErrorsWhenTheTagLimitIsReached() {
    Boc tiny = Boc.builder().mailboxTagLimit(1).build();
    try {
      BocReactor tinyBridge = BocReactor.of(tiny);
      StepVerifier.create(tinyBridge.send("one", 1)).expectComplete().verify(WAIT);
      StepVerifier.create(tinyBridge.send("two", 2)).expectError(IllegalStateException.class)
          .verify(WAIT);
    } finally {
      tiny.close();
    }
  }

  @Test
  void sendWaitsForRoomInABoundedMailboxWithoutBlockingTheSubscriber() throws Exception {
    Boc bounded = Boc.builder().mailboxCapacity(2).build();
    try {
      BocReactor boundedBridge = BocReactor.of(bounded);
      Mailbox box = bounded.mailbox();
      StepVerifier.create(boundedBridge.send("q", 1).then(boundedBridge.send("q", 2)))
          .expectComplete().verify(WAIT);

      CountDownLatch subscribed = new CountDownLatch(1);
      CountDownLatch sent = new CountDownLatch(1);
      Schedulers.parallel().schedule(() -> { // a Reactor thread: BlockHound watches it
        boundedBridge.send("q", 3).subscribe(null, e -> { }, sent::countDown);
        subscribed.countDown();
      });
      BridgeTestSupport.await(subscribed);
      assertEquals(1, sent.getCount(), "sent into a full tag");
      assertEquals(2, box.depth("q"));

      assertEquals(1, box.receive("q", Duration.ZERO).payload()); // makes room
      BridgeTestSupport.await(sent);
      StepVerifier.create(boundedBridge.receive("q").take(2).map(Message::payload))
          .expectNext(2, 3).expectComplete().verify(WAIT);
    } finally {
      bounded.close();
    }
  }

  @Test
  void aSendCancelledWhileWaitingForRoomSendsNothing() {
    Boc bounded = Boc.builder().mailboxCapacity(1).build();
    try {
      BocReactor boundedBridge = BocReactor.of(bounded);
      Mailbox box = bounded.mailbox();
      box.send("q", "first");
      Disposable waiting = boundedBridge.send("q", "cancelled").subscribe();
      waiting.dispose();
      assertEquals("first", box.receive("q", Duration.ZERO).payload());
      StepVerifier.create(boundedBridge.send("q", "after")).expectComplete().verify(WAIT);
      StepVerifier.create(boundedBridge.receive("q").next().map(Message::payload))
          .expectNext("after").expectComplete().verify(WAIT);
      assertEquals(0, box.depth("q"));
    } finally {
      bounded.close();
    }
  }

  @Test
  void nullsAreRejectedAtAssembly() {
    assertThrows(NullPointerException.class, () -> bridge.receive(null));
    assertThrows(NullPointerException.class, () -> bridge.send(null, "m"));
    assertThrows(NullPointerException.class, () -> bridge.send("t", null));
  }
}
