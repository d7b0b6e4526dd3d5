package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Functional tests of {@link Mailbox} against CONTRACT.md area M (M01–M20) and S08–S10, plus the
 * mailbox's own decisions (interrupts, parking, receivers parked on a freed tag).
 * Every receive that is expected to succeed waits up to {@link #LONG} (F17), so a bug shows as an
 * assertion, not a hang.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailboxTest {

  /** Generous receive wait for messages that must arrive (F17: at least 10 s). */
  static final Duration LONG = Duration.ofSeconds(10);

  // ------------------------------------------------------------------------ test support

  /** A thread running a body, with its outcome. */
  record Forked<T>(Thread thread, CompletableFuture<T> result) {
    T join() throws Exception {
      try {
        return result.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }

  /** Runs {@code body} on a new daemon thread. */
  static <T> Forked<T> fork(String name, Callable<T> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(body.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return new Forked<>(t, result);
  }

  /**
   * Waits (bounded, by polling thread state, not sleeping) until {@code t} is parked inside a
   * receive on {@code mailbox}: state WAITING or TIMED_WAITING with the mailbox as blocker.
   */
  static void awaitParked(Thread t, Mailbox mailbox) {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!isParkedIn(t, mailbox)) {
      if (!t.isAlive()) {
        fail(t.getName() + " ended instead of parking in receive");
      }
      if (System.nanoTime() - deadline > 0) {
        fail(t.getName() + " did not park in receive within " + LONG + "; state " + t.getState());
      }
      Thread.yield();
    }
  }

  static boolean isParkedIn(Thread t, Mailbox mailbox) {
    Thread.State s = t.getState();
    return (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
        && LockSupport.getBlocker(t) == mailbox;
  }

  static List<String> tags(Mailbox mb) {
    return mb.tagStats().stream().map(TagStats::tag).collect(Collectors.toList());
  }

  static TagStats stats(Mailbox mb, String tag) {
    return mb.tagStats().stream().filter(s -> s.tag().equals(tag)).findFirst()
        .orElseThrow(() -> new AssertionError("no stats for tag " + tag));
  }

  final Mailbox mb = new Mailbox();

  // ----------------------------------------------------------------------------- M01–M03

  @Test
  @DisplayName("M01 send never blocks; receive returns the (tag, message) pair")
  void m01_sendNeverBlocksAndReceiveReturnsPair() {
    for (int i = 0; i < 10_000; i++) {
      mb.send("m01_bulk", i); // no receiver: must return at once
    }
    mb.send("m01", "hello");
    Message m = mb.receive("m01", LONG);
    assertEquals("m01", m.tag());
    assertEquals("hello", m.payload());
    assertEquals(new Message("m01", "hello"), m);
  }

  @Test
  @DisplayName("M02 with limit K, K tags work and the (K+1)th throws ISE naming the capacity, leaking no slot")
  void m02_tagLimitExceededThrowsAndLeaksNoSlot() {
    Mailbox small = new Mailbox(4);
    for (int i = 0; i < 4; i++) {
      small.send("t" + i, i);
    }
    assertEquals(4, small.liveTags());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> small.send("t4", "boom"));
    assertTrue(e.getMessage().contains("tag capacity exceeded"), e.getMessage());
    assertTrue(e.getMessage().contains("4"), e.getMessage());
    assertTrue(e.getMessage().contains("t4"), e.getMessage());
    assertTrue(e.getMessage().contains("new Mailbox(int)"), e.getMessage());
    assertTrue(e.getMessage().contains("setTags"), e.getMessage());
    assertEquals(4, small.liveTags(), "a rejected tag takes no slot");
    assertEquals(List.of("t0", "t1", "t2", "t3"), tags(small));
    assertThrows(IllegalStateException.class, () -> small.send("t4", "again"));
    assertEquals(4, small.liveTags());
    // A receive that would have to wait on a new tag is rejected the same way, at once.
    assertThrows(IllegalStateException.class, () -> small.receive("t5", LONG));
    assertEquals(4, small.liveTags());
    // Existing tags keep working.
    small.send("t0", "still fine");
    assertEquals(0, small.receive("t0", LONG).payload());
    assertEquals("still fine", small.receive("t0", LONG).payload());
  }

  @Test
  @DisplayName("M02 a multi-tag receive registers all its new tags or none")
  void m02_multiTagReceiveRegistersAllOrNone() {
    Mailbox small = new Mailbox(3);
    small.send("a", 1);
    small.send("b", 2);
    assertThrows(IllegalStateException.class, () -> small.receive(List.of("x", "y"), LONG));
    assertEquals(2, small.liveTags(), "neither x nor y registered");
    assertEquals(List.of("a", "b"), tags(small));
  }

  @Test
  @DisplayName("M02 the documented default limit is 1024 live tags")
  void m02_defaultLimitIs1024() {
    assertEquals(1024, Mailbox.DEFAULT_TAG_LIMIT);
    Mailbox m = new Mailbox();
    assertEquals(Mailbox.DEFAULT_TAG_LIMIT, m.tagLimit());
    for (int i = 0; i < 1024; i++) {
      m.send("d" + i, i);
    }
    assertEquals(1024, m.liveTags());
    assertThrows(IllegalStateException.class, () -> m.send("d1024", 0));
    assertEquals(1024, m.liveTags());
    assertEquals(Mailbox.DEFAULT_TAG_LIMIT, Mailbox.shared().tagLimit());
    assertSame(Mailbox.shared(), Mailbox.shared());
  }

  @Test
  @DisplayName("M02 a tag limit below 1 is rejected")
  void m02_limitBelowOneRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Mailbox(0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Mailbox(-5));
    assertEquals(1, new Mailbox(1).tagLimit());
  }

  @Test
  @DisplayName("M03 reusing a tag takes no slot; 5 distinct tags get 5 queues")
  void m03_reuseTakesNoSlotAndTagsHaveOwnQueues() {
    Mailbox small = new Mailbox(6);
    small.send("reuse", 1);
    small.send("reuse", 2);
    assertEquals(1, small.liveTags());
    assertEquals(1, small.receive("reuse", LONG).payload());
    assertEquals(2, small.receive("reuse", LONG).payload());
    for (int i = 0; i < 5; i++) {
      small.send("atag" + i, i);
    }
    assertEquals(6, small.liveTags(), "reuse plus 5 distinct tags");
    for (int i = 0; i < 5; i++) {
      Message m = small.receive("atag" + i, LONG);
      assertEquals("atag" + i, m.tag());
      assertEquals(i, m.payload());
    }
  }

  // ----------------------------------------------------------------------------- M04–M07

  @Test
  @DisplayName("M04 delivery is FIFO per tag: 10 messages and a 5000-message burst")
  void m04_fifoPerTag() {
    for (int i = 0; i < 10; i++) {
      mb.send("fifo_s", i);
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(i, mb.receive("fifo_s", LONG).payload());
    }
    for (int i = 0; i < 5000; i++) {
      mb.send("fifo_l", i);
    }
    assertEquals(5000, mb.depth("fifo_l"));
    for (int i = 0; i < 5000; i++) {
      assertEquals(i, mb.receive("fifo_l", LONG).payload());
    }
    assertEquals(0, mb.depth("fifo_l"));
  }

  @Test
  @DisplayName("M05 receive is selective: other tags stay queued and are delivered later")
  void m05_selectiveReceive() {
    mb.send("sel_skip", "no");
    mb.send("sel_want", "yes");
    assertEquals("yes", mb.receive("sel_want", LONG).payload());
    assertEquals(1, mb.depth("sel_skip"));
    assertEquals("no", mb.receive("sel_skip", LONG).payload());
  }

  @Test
  @DisplayName("M06 receive takes one tag or a collection and returns the first available match, naming its tag")
  void m06_oneTagOrCollection() {
    mb.send("mtr_b", "found");
    Message m = mb.receive(List.of("mtr_a", "mtr_b", "mtr_c"), LONG);
    assertEquals("mtr_b", m.tag());
    assertEquals("found", m.payload());

    mb.send("plain", 99);
    assertEquals(new Message("plain", 99), mb.receive("plain", LONG));

    mb.send("tt_x", "xval");
    mb.send("tt_y", "yval");
    Set<Message> got = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      got.add(mb.receive(Set.of("tt_x", "tt_y"), LONG));
    }
    assertEquals(Set.of(new Message("tt_x", "xval"), new Message("tt_y", "yval")), got);

    // "First available" follows the collection's iteration order.
    mb.send("pri_a", "a");
    mb.send("pri_b", "b");
    assertEquals("pri_b", mb.receive(List.of("pri_b", "pri_a"), LONG).tag());
    assertEquals("pri_a", mb.receive(List.of("pri_b", "pri_a"), LONG).tag());

    // Duplicates in the collection are harmless.
    mb.send("dup", 1);
    assertEquals(1, mb.receive(List.of("dup", "dup", "dup"), LONG).payload());
  }

  @Test
  @DisplayName("M07 per-tag FIFO holds with interleaved sends and with a multi-tag receive (5 per tag on 2 tags)")
  void m07_interleavedAndMultiTagFifo() {
    mb.send("ilv_a", 1);
    mb.send("ilv_b", 10);
    mb.send("ilv_a", 2);
    mb.send("ilv_b", 20);
    assertEquals(10, mb.receive("ilv_b", LONG).payload());
    assertEquals(20, mb.receive("ilv_b", LONG).payload());
    assertEquals(1, mb.receive("ilv_a", LONG).payload());
    assertEquals(2, mb.receive("ilv_a", LONG).payload());

    for (int i = 0; i < 5; i++) {
      mb.send("mt_a", i);
      mb.send("mt_b", 100 + i);
    }
    Map<String, List<Object>> byTag = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      Message m = mb.receive(List.of("mt_a", "mt_b"), LONG);
      byTag.computeIfAbsent(m.tag(), k -> new ArrayList<>()).add(m.payload());
    }
    assertEquals(List.of(0, 1, 2, 3, 4), byTag.get("mt_a"));
    assertEquals(List.of(100, 101, 102, 103, 104), byTag.get("mt_b"));
  }

  // ----------------------------------------------------------------------------- M08–M12

  @Test
  @DisplayName("M08 Duration.ZERO returns TIMEOUT when nothing is queued and the message when one is")
  void m08_zeroTimeoutChecksOnce() {
    assertSame(Message.TIMEOUT, mb.receive("zt_empty", Duration.ZERO));
    assertSame(Message.TIMEOUT, mb.receive(List.of("zt_empty", "zt_other"), Duration.ZERO));
    assertEquals(0, mb.liveTags(), "a receive that gives up at once registers nothing");
    mb.send("zt_msg", "ready");
    assertEquals("ready", mb.receive("zt_msg", Duration.ZERO).payload());
  }

  @Test
  @DisplayName("M09 a timed-out receive returns the TIMEOUT constant (by identity); no delivered message is TIMEOUT")
  void m09_timeoutConstantByIdentity() {
    assertSame(Message.TIMEOUT, mb.receive("m09", Duration.ofMillis(20)));
    assertSame(Message.TIMEOUT, mb.receive(List.of("m09", "m09b"), Duration.ofMillis(20)));
    assertTrue(Message.TIMEOUT.isTimeout());
    assertEquals("TIMEOUT", Message.TIMEOUT.toString());
    assertNotNull(Message.TIMEOUT.tag());
    assertNotNull(Message.TIMEOUT.payload());

    // Even a message sent with the marker's own tag and payload is not the marker.
    mb.send(Message.TIMEOUT.tag(), Message.TIMEOUT.payload());
    Message m = mb.receive(Message.TIMEOUT.tag(), LONG);
    assertNotSame(Message.TIMEOUT, m);
    assertFalse(m.isTimeout());
    mb.send("TIMEOUT", "x");
    assertFalse(mb.receive("TIMEOUT", LONG).isTimeout());
  }

  @Test
  @DisplayName("M10 receive without a timeout blocks until a match arrives")
  void m10_untimedReceiveBlocksUntilMatch() throws Exception {
    Forked<Message> r = fork("m10-receiver", () -> mb.receive("m10"));
    awaitParked(r.thread(), mb);
    assertFalse(r.result().isDone());
    mb.send("m10_other", "not for you");
    mb.send("m10", "arrived");
    assertEquals(new Message("m10", "arrived"), r.join());
    assertEquals(1, mb.depth("m10_other"));
  }

  @Test
  @DisplayName("M10 a negative timeout throws IllegalArgumentException; a null one NullPointerException")
  void m10_negativeTimeoutRejected() {
    Duration neg = Duration.ofMillis(-1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mb.receive("n", neg));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> mb.receive(List.of("n"), neg));
    assertThrows(IllegalArgumentException.class, () -> mb.receive("n", neg, () -> "x"));
    assertThrows(IllegalArgumentException.class, () -> mb.receive(List.of("n"), neg, () -> "x"));
    assertThrows(NullPointerException.class, () -> mb.receive("n", (Duration) null));
    assertThrows(NullPointerException.class, () -> mb.receive(List.of("n"), (Duration) null));
    assertThrows(NullPointerException.class, () -> mb.receive("n", null, () -> "x"));
    assertEquals(0, mb.liveTags());
  }

  @Test
  @DisplayName("M10 / L24 a duration too long for nanoseconds waits forever without overflow")
  void m10_hugeTimeoutWaitsForever() throws Exception {
    for (Duration huge : List.of(Duration.ofSeconds(Long.MAX_VALUE), ChronoUnit.FOREVER.getDuration())) {
      Forked<Message> r = fork("huge-receiver", () -> mb.receive("huge", huge));
      awaitParked(r.thread(), mb);
      assertEquals(Thread.State.WAITING, r.thread().getState(), "parks without a deadline");
      mb.send("huge", huge);
      assertSame(huge, r.join().payload());
    }
    // The largest representable budget is a real (enormous) deadline and must not wrap.
    Forked<Message> r = fork("max-nanos-receiver", () -> mb.receive(List.of("huge", "h2"),
        Duration.ofNanos(Long.MAX_VALUE)));
    awaitParked(r.thread(), mb);
    mb.send("h2", "late");
    assertEquals(new Message("h2", "late"), r.join());
  }

  @Test
  @DisplayName("M11 on timeout receive returns after's result unchanged; after is not called when a message is there")
  void m11_afterOnTimeout() {
    List<Object> pair = List.of("fallback", 99);
    assertSame(pair, mb.receive("aft_to", Duration.ofMillis(50), () -> pair));
    Map<String, String> map = Map.of("k", "v");
    assertSame(map, mb.receive(List.of("aft_to", "aft_to2"), Duration.ofMillis(50), () -> map));
    AtomicInteger calls = new AtomicInteger();
    assertSame(pair, mb.receive("aft_zero", Duration.ZERO, () -> {
      calls.incrementAndGet();
      return pair;
    }));
    assertEquals(1, calls.get());

    calls.set(0);
    Supplier<Object> counting = () -> {
      calls.incrementAndGet();
      return List.of("fb", -1);
    };
    mb.send("aft_ok", "payload");
    assertEquals(new Message("aft_ok", "payload"), mb.receive("aft_ok", LONG, counting));
    mb.send("aft_ok", "payload2");
    assertEquals(new Message("aft_ok", "payload2"), mb.receive(List.of("x", "aft_ok"), LONG, counting));
    mb.send("aft_ok", "payload3");
    assertEquals(new Message("aft_ok", "payload3"), mb.receive("aft_ok", Duration.ZERO, counting));
    assertEquals(0, calls.get());
  }

  // ----------------------------------------------------------------------------------- M13

  @Test
  @DisplayName("M13 null tags, collections, elements and messages throw NPE; an empty tag collection IAE")
  void m13_nullAndEmptyArguments() {
    List<String> withNull = Arrays.asList("ok", null);
    assertThrows(NullPointerException.class, () -> mb.send(null, "v"));
    assertThrows(NullPointerException.class, () -> mb.send("t", null));
    assertThrows(NullPointerException.class, () -> mb.receive((String) null));
    assertThrows(NullPointerException.class, () -> mb.receive((String) null, LONG));
    assertThrows(NullPointerException.class, () -> mb.receive((String) null, LONG, () -> 1));
    assertThrows(NullPointerException.class, () -> mb.receive((Collection<String>) null));
    assertThrows(NullPointerException.class, () -> mb.receive((Collection<String>) null, LONG));
    assertThrows(NullPointerException.class, () -> mb.receive((Collection<String>) null, LONG, () -> 1));
    assertThrows(NullPointerException.class, () -> mb.receive(withNull));
    assertThrows(NullPointerException.class, () -> mb.receive(withNull, LONG));
    assertThrows(NullPointerException.class, () -> mb.receive(withNull, LONG, () -> 1));
    assertThrows(NullPointerException.class, () -> mb.receive("t", LONG, null));
    assertThrows(NullPointerException.class, () -> mb.receive(List.of("t"), LONG, null));
    assertThrows(NullPointerException.class, () -> mb.drain((String) null));
    assertThrows(NullPointerException.class, () -> mb.drain((Collection<String>) null));
    assertThrows(NullPointerException.class, () -> mb.drain(withNull));
    assertThrows(NullPointerException.class, () -> mb.setTags(null));
    assertThrows(NullPointerException.class, () -> mb.setTags(withNull));
    assertThrows(NullPointerException.class, () -> mb.depth(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mb.receive(List.of()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> mb.receive(List.of(), Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> mb.receive(Set.of(), LONG, () -> 1));
    assertThrows(NullPointerException.class, () -> new Message(null, "v"));
    assertThrows(NullPointerException.class, () -> new Message("t", null));
    assertEquals(0, mb.liveTags(), "rejected calls register nothing");
  }

  @Test
  @DisplayName("M13 a drain with a null element discards nothing")
  void m13_drainWithNullElementDiscardsNothing() {
    mb.send("keep", 1);
    assertThrows(NullPointerException.class, () -> mb.drain(Arrays.asList("keep", null)));
    assertEquals(1, mb.depth("keep"));
  }

  // ----------------------------------------------------------------------------- M14–M17

  @Test
  @DisplayName("M14 setTags registers tags and discards every pending message")
  void m14_setTagsRegistersAndClears() {
    mb.send("auto_before", "stale");
    mb.setTags(List.of("alpha", "bravo"));
    assertEquals(0, mb.depth("auto_before"));
    assertEquals(List.of("alpha", "bravo"), tags(mb));
    assertEquals(2, mb.liveTags());
    assertSame(Message.TIMEOUT, mb.receive("auto_before", Duration.ZERO));
    mb.send("alpha", "hello");
    assertEquals(new Message("alpha", "hello"), mb.receive("alpha", LONG));

    // Pending messages of tags that stay registered are discarded too.
    mb.send("alpha", "stale");
    mb.setTags(List.of("alpha"));
    assertSame(Message.TIMEOUT, mb.receive("alpha", Duration.ZERO));
  }

  @Test
  @DisplayName("M14 fewer tags than the limit is fine (the rest register on use); exactly the limit is fine")
  void m14_setTagsFewerOrExactlyLimit() {
    Mailbox small = new Mailbox(16);
    small.setTags(List.of("only_one"));
    small.send("only_one", "ok");
    small.send("on_use", "also ok");
    assertEquals(2, small.liveTags());
    assertEquals("ok", small.receive("only_one", LONG).payload());
    assertEquals("also ok", small.receive("on_use", LONG).payload());

    List<String> all = IntStream.range(0, 16).mapToObj(i -> "slot" + i).collect(Collectors.toList());
    small.setTags(all);
    assertEquals(16, small.liveTags());
    for (String t : all) {
      small.send(t, t);
    }
    for (String t : all) {
      assertEquals(new Message(t, t), small.receive(t, LONG));
    }
  }

  @Test
  @DisplayName("M14 setTags with more tags than the limit throws IAE and changes nothing")
  void m14_setTagsTooManyChangesNothing() {
    Mailbox small = new Mailbox(4);
    small.send("keep", "still here");
    List<String> five = List.of("o0", "o1", "o2", "o3", "o4");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.setTags(five));
    assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
    assertEquals(List.of("keep"), tags(small));
    assertEquals(1, small.depth("keep"));
    assertEquals("still here", small.receive("keep", LONG).payload());
    // Duplicates count once.
    small.setTags(List.of("d", "d", "d", "d", "d", "e"));
    assertEquals(List.of("d", "e"), tags(small));
  }

  @Test
  @DisplayName("M15 setTags of an empty collection frees every tag and empties every queue")
  void m15_emptySetTagsResets() {
    Mailbox small = new Mailbox(3);
    small.setTags(List.of("pre"));
    small.send("pre", "msg");
    small.send("x", 1);
    small.send("y", 2);
    small.setTags(List.of());
    assertEquals(0, small.liveTags());
    assertEquals(List.of(), small.tagStats());
    assertEquals(0, small.depth("pre"));
    assertSame(Message.TIMEOUT, small.receive(List.of("pre", "x", "y"), Duration.ZERO));
    small.send("new_auto", "works");
    assertEquals("works", small.receive("new_auto", LONG).payload());

    small.setTags(List.of("full0", "full1", "full2"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> small.send("extra_tag_beyond_limit", "boom"));
    assertTrue(e.getMessage().contains("tag capacity exceeded"), e.getMessage());
    assertEquals(3, small.liveTags());
  }

  @Test
  @DisplayName("M16 repeated setTags: a second call clears the first's messages, tags re-register, 20 rapid cycles")
  void m16_repeatedSetTags() {
    Mailbox small = new Mailbox(16);
    small.setTags(List.of("first"));
    small.send("first", "msg1");
    small.setTags(List.of("second"));
    assertSame(Message.TIMEOUT, small.receive("second", Duration.ZERO));
    assertEquals(0, small.depth("first"));

    small.setTags(List.of("reuse"));
    small.send("reuse", "round1");
    assertEquals("round1", small.receive("reuse", LONG).payload());
    small.setTags(List.of("reuse"));
    small.send("reuse", "round2");
    assertEquals("round2", small.receive("reuse", LONG).payload());

    for (int cycle = 0; cycle < 20; cycle++) {
      String tag = "cyc" + (cycle % 16);
      small.setTags(List.of(tag));
      assertEquals(1, small.liveTags());
      small.send(tag, cycle);
      assertEquals(cycle, small.receive(tag, LONG).payload());
    }
  }

  @Test
  @DisplayName("M17 drain discards pending messages on those tags only; empty or idle is a no-op; later sends arrive")
  void m17_drain() {
    mb.send("drn_a", "a1");
    mb.send("drn_a", "a2");
    mb.send("drn_b", "b1");
    mb.drain(List.of("drn_a"));
    assertEquals(0, mb.depth("drn_a"));
    assertSame(Message.TIMEOUT, mb.receive("drn_a", Duration.ZERO));
    assertEquals("b1", mb.receive("drn_b", LONG).payload());

    mb.send("drn_c", "c1");
    mb.drain(List.of());
    mb.drain(List.of("drn_a")); // nothing queued
    mb.drain("never_used");
    assertEquals(1, mb.depth("drn_c"));
    assertFalse(tags(mb).contains("never_used"), "drain registers nothing");

    mb.drain("drn_c");
    assertEquals(0, mb.depth("drn_c"));
    mb.send("drn_c", "after");
    assertEquals("after", mb.receive("drn_c", LONG).payload());
    assertTrue(tags(mb).containsAll(List.of("drn_a", "drn_b", "drn_c")), "drained tags stay registered");
  }

  // ----------------------------------------------------------------------------- M18–M20

  @Test
  @DisplayName("M18 messages are passed by reference for every payload kind; a null message throws NPE")
  void m18_passedByReference() {
    List<Object> payloads = List.of(0, -1, 2_147_483_648L, 3.14159, Double.POSITIVE_INFINITY, true, false,
        "", "hello world", List.of(), List.of(1), List.of(1, List.of(2, List.of(3))),
        Arrays.asList(1, "two", 3.0, true), new StringBuilder("mutable"));
    for (Object p : payloads) {
      mb.send("prt", p);
      Message m = mb.receive("prt", LONG);
      assertSame(p, m.payload(), () -> "payload " + p);
    }
    assertThrows(NullPointerException.class, () -> mb.send("prt", null));
    assertEquals(0, mb.depth("prt"));
  }

  @Test
  @DisplayName("M19 messaging works between plain threads with no runtime: cross-thread, ping-pong, 20 senders")
  void m19_plainThreads() throws Exception {
    Forked<Void> sender = fork("ct-sender", () -> {
      mb.send("ct_one", "from_thread");
      return null;
    });
    assertEquals(new Message("ct_one", "from_thread"), mb.receive("ct_one", LONG));
    sender.join();

    Forked<Void> echo = fork("ct-echo", () -> {
      Message m = mb.receive("ct_ping", LONG);
      mb.send("ct_pong", (Integer) m.payload() * 2);
      return null;
    });
    mb.send("ct_ping", 21);
    assertEquals(new Message("ct_pong", 42), mb.receive("ct_pong", LONG));
    echo.join();

    List<Forked<Void>> senders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int v = i;
      senders.add(fork("ct-multi-" + i, () -> {
        mb.send("ct_multi", v);
        return null;
      }));
    }
    Set<Object> values = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      Message m = mb.receive("ct_multi", LONG);
      assertNotSame(Message.TIMEOUT, m);
      values.add(m.payload());
    }
    for (Forked<Void> s : senders) {
      s.join();
    }
    assertEquals(IntStream.range(0, 20).boxed().collect(Collectors.toSet()), values);
  }

  @Test
  @DisplayName("M19 a 10-thread pool on receive([work, shutdown]) sums 0..999 in batches of 20 to 499500")
  void m19_workerPoolSums() throws Exception {
    assertEquals(499_500L, MailboxStressTest.workerPoolSum(mb, 10, 1000, 20));
  }

  @Test
  @DisplayName("M20 multiple producers: 8 x 200 all delivered, 4 x 300 keep each producer's order")
  void m20_multipleProducers() throws Exception {
    MailboxStressTest.producersAllDelivered(mb, 8, 200);
    MailboxStressTest.producersKeepOrder(mb, 4, 300);
  }

  @Test
  @DisplayName("M20 one thread sends 2000 in order; 10,000 sequential messages sum correctly")
  void m20_singleProducerOrderAndSequentialSum() throws Exception {
    MailboxStressTest.producerConsumerInOrder(mb, 2000);
    MailboxStressTest.sequentialSum(mb, 10_000);
  }

  // ----------------------------------------------------------------------------- S08–S10

  @Test
  @DisplayName("S08 per-tag stats are (tag, pushedTotal, poppedTotal) records and include setTags tags")
  void s08_tagStats() {
    mb.setTags(List.of("t_one", "t_two"));
    assertEquals(List.of(new TagStats("t_one", 0, 0), new TagStats("t_two", 0, 0)), mb.tagStats());
    TagStats before = stats(mb, "t_two");
    mb.send("t_one", "alpha");
    mb.send("t_one", "beta");
    assertEquals(new Message("t_one", "alpha"), mb.receive("t_one", LONG));
    assertEquals(new TagStats("t_one", 2, 1), stats(mb, "t_one"));
    assertEquals(before, stats(mb, "t_two"));
  }

  @Test
  @DisplayName("S09 reading stats has no side effects: three consecutive snapshots are equal")
  void s09_statsReadsHaveNoSideEffects() {
    mb.send("s9a", 1);
    mb.send("s9a", 2);
    mb.send("s9b", 3);
    mb.receive("s9a", LONG);
    List<TagStats> first = mb.tagStats();
    int depth = mb.depth("s9a");
    int live = mb.liveTags();
    List<TagStats> second = mb.tagStats();
    assertEquals(depth, mb.depth("s9a"));
    assertEquals(live, mb.liveTags());
    List<TagStats> third = mb.tagStats();
    assertEquals(first, second);
    assertEquals(second, third);
    assertEquals(List.of(new TagStats("s9a", 2, 1), new TagStats("s9b", 1, 0)), third);
    assertThrows(UnsupportedOperationException.class, () -> third.add(new TagStats("x", 0, 0)));
  }

  @Test
  @DisplayName("S10 counters accumulate; drain (and setTags keeping the tag) lowers neither")
  void s10_countersAccumulateAndDrainLowersNeither() {
    for (int i = 0; i < 5; i++) {
      mb.send("s10", i);
    }
    mb.receive("s10", LONG);
    assertEquals(new TagStats("s10", 5, 1), stats(mb, "s10"));
    mb.drain("s10");
    assertEquals(new TagStats("s10", 5, 1), stats(mb, "s10"));
    mb.send("s10", "more");
    mb.receive("s10", LONG);
    assertEquals(new TagStats("s10", 6, 2), stats(mb, "s10"));
    mb.setTags(List.of("s10"));
    assertEquals(new TagStats("s10", 6, 2), stats(mb, "s10"));
    mb.send("s10", "again");
    assertEquals(new TagStats("s10", 7, 2), stats(mb, "s10"));
  }

  // ----------------------------------------------------------------- parking and interrupts

  @Test
  @DisplayName("M22 an idle receiver parks (WAITING / TIMED_WAITING on the mailbox), it does not spin")
  void m22_idleReceiverParks() throws Exception {
    Forked<Message> untimed = fork("idle-untimed", () -> mb.receive(List.of("idle_a", "idle_b")));
    Forked<Message> timed = fork("idle-timed", () -> mb.receive("idle_c", LONG));
    awaitParked(untimed.thread(), mb);
    awaitParked(timed.thread(), mb);
    assertEquals(Thread.State.WAITING, untimed.thread().getState());
    assertEquals(Thread.State.TIMED_WAITING, timed.thread().getState());
    mb.send("idle_b", "b");
    mb.send("idle_c", "c");
    assertEquals(new Message("idle_b", "b"), untimed.join());
    assertEquals(new Message("idle_c", "c"), timed.join());
  }

  @Test
  @DisplayName("Interrupt while parked: receive throws CancellationException (an ISE) and keeps the interrupt status")
  void interruptWhileParkedThrowsAndKeepsStatus() throws Exception {
    for (boolean timedReceive : new boolean[] {false, true}) {
      Forked<Boolean> r = fork("interrupted-receiver", () -> {
        try {
          if (timedReceive) {
            mb.receive("intr", LONG);
          } else {
            mb.receive("intr");
          }
          return false;
        } catch (CancellationException e) {
          assertInstanceOf(IllegalStateException.class, e);
          assertTrue(e.getMessage().contains("intr"), e.getMessage());
          return Thread.currentThread().isInterrupted();
        }
      });
      awaitParked(r.thread(), mb);
      r.thread().interrupt();
      assertTrue(r.join(), "CancellationException thrown with the interrupt status still set");
    }
    // The interrupted receivers consumed nothing: a later message is still delivered.
    mb.send("intr", "kept");
    assertEquals("kept", mb.receive("intr", LONG).payload());
  }

  @Test
  @DisplayName("Interrupted on entry: a queued message is still returned; with none, receive throws at once")
  void interruptedOnEntry() {
    mb.send("pre_intr", "there");
    Thread.currentThread().interrupt();
    try {
      assertEquals("there", mb.receive("pre_intr").payload());
      assertTrue(Thread.currentThread().isInterrupted(), "status untouched");
      assertThrows(CancellationException.class, () -> mb.receive("pre_intr"));
      assertTrue(Thread.currentThread().isInterrupted());
      assertThrows(CancellationException.class, () -> mb.receive(List.of("pre_intr", "p2"), LONG));
      assertTrue(Thread.currentThread().isInterrupted());
      assertSame(Message.TIMEOUT, mb.receive("pre_intr", Duration.ZERO), "ZERO never waits, never throws");
    } finally {
      assertTrue(Thread.interrupted(), "status still set; cleared for the next test");
    }
  }

  // ------------------------------------------------------------------ freed tags and waiters

  @Test
  @DisplayName("A receiver parked on a tag that setTags frees keeps waiting and is woken by the next send on it")
  void parkedReceiverOnFreedTagIsWokenByLaterSend() throws Exception {
    Mailbox small = new Mailbox(2);
    Forked<Message> r = fork("freed-receiver", () -> small.receive("a"));
    awaitParked(r.thread(), small);
    assertEquals(List.of("a"), tags(small), "waiting registers the tag");

    small.setTags(List.of());
    assertEquals(0, small.liveTags(), "freed although a receiver waits on it");
    small.setTags(List.of("x", "y"));
    assertThrows(IllegalStateException.class, () -> small.send("a", "no room"));
    assertTrue(isParkedIn(r.thread(), small) || !r.result().isDone(), "still waiting");

    small.setTags(List.of("x"));
    small.send("a", "woken");
    assertEquals(new Message("a", "woken"), r.join());
    assertEquals(List.of("a", "x"), tags(small), "the send registered the tag again");
  }

  @Test
  @DisplayName("A multi-tag receiver keeps waiting on a freed tag and on a kept tag")
  void multiTagReceiverAcrossSetTags() throws Exception {
    Mailbox small = new Mailbox(4);
    Forked<Message> r1 = fork("multi-1", () -> small.receive(List.of("keep", "free"), LONG));
    Forked<Message> r2 = fork("multi-2", () -> small.receive(List.of("free", "keep"), LONG));
    awaitParked(r1.thread(), small);
    awaitParked(r2.thread(), small);
    small.setTags(List.of("keep"));
    assertEquals(List.of("keep"), tags(small));
    small.send("free", "f");
    small.send("keep", "k");
    Set<Message> got = Set.of(r1.join(), r2.join());
    assertEquals(Set.of(new Message("free", "f"), new Message("keep", "k")), got);
    assertEquals(List.of("free", "keep"), tags(small));
  }

  @Test
  @DisplayName("A freed tag whose last waiter times out is retired; the slot accounting stays exact")
  void freedTagRetiredWhenLastWaiterLeaves() throws Exception {
    Mailbox small = new Mailbox(1);
    Forked<Message> r = fork("retiring", () -> small.receive("gone", Duration.ofMillis(200)));
    awaitParked(r.thread(), small);
    small.setTags(List.of());
    assertSame(Message.TIMEOUT, r.join());
    assertEquals(0, small.liveTags());
    small.send("other", 1); // the only slot is free
    assertEquals(List.of("other"), tags(small));
    assertThrows(IllegalStateException.class, () -> small.send("gone", 2));
    small.setTags(List.of());
    small.send("gone", 3);
    assertEquals(3, small.receive("gone", LONG).payload());
  }

  @Test
  @DisplayName("Receivers on several tags are woken by sends on any of them, and never twice for one message")
  void multiTagWaitersEachGetOneMessage() throws Exception {
    int n = 6;
    CountDownLatch started = new CountDownLatch(n);
    List<Forked<Message>> rs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> tagSet = i % 2 == 0 ? List.of("w1", "w2") : List.of("w2", "w3", "w1");
      rs.add(fork("mw-" + i, () -> {
        started.countDown();
        return mb.receive(tagSet, LONG);
      }));
    }
    assertTrue(started.await(LONG.toMillis(), TimeUnit.MILLISECONDS));
    for (Forked<Message> r : rs) {
      awaitParked(r.thread(), mb);
    }
    for (int i = 0; i < n; i++) {
      mb.send(i % 2 == 0 ? "w1" : "w2", i);
    }
    Set<Object> got = new LinkedHashSet<>();
    for (Forked<Message> r : rs) {
      Message m = r.join();
      assertFalse(m.isTimeout(), "every waiter got a message");
      got.add(m.payload());
    }
    assertEquals(IntStream.range(0, n).boxed().collect(Collectors.toSet()), got);
    assertEquals(0, mb.depth("w1") + mb.depth("w2") + mb.depth("w3"));
  }

  @Test
  @DisplayName("Hand-off: a woken receiver that takes a message on another tag passes the wake-up on")
  void handOffWhenNotifiedReceiverTakesAnotherTag() throws Exception {
    for (int round = 0; round < 50; round++) {
      Forked<Message> both = fork("handoff-both", () -> mb.receive(List.of("ho_b", "ho_a"), LONG));
      awaitParked(both.thread(), mb);
      Forked<Message> onlyA = fork("handoff-a", () -> mb.receive("ho_a", LONG));
      awaitParked(onlyA.thread(), mb);
      // The send on ho_a notifies the older waiter, `both`; the send on ho_b finds it already
      // notified. If `both` then takes ho_b first, only a hand-off wakes `onlyA`.
      mb.send("ho_a", "a" + round);
      mb.send("ho_b", "b" + round);
      Message first = both.join();
      assertFalse(first.isTimeout());
      if (first.tag().equals("ho_b")) {
        assertEquals(new Message("ho_a", "a" + round), onlyA.join(), "round " + round);
      } else {
        assertEquals("a" + round, first.payload()); // no hand-off needed: b stays queued
        mb.drain("ho_b");
        mb.send("ho_a", "release");
        assertEquals("release", onlyA.join().payload());
      }
    }
  }

  @Test
  @DisplayName("Message: TIMEOUT is distinct from any constructed message; records compare by value")
  void messageRecord() {
    assertEquals(new Message("a", 1), new Message("a", 1));
    assertNotSame(Message.TIMEOUT, new Message(Message.TIMEOUT.tag(), Message.TIMEOUT.payload()));
    assertEquals("Message[tag=a, payload=1]", new Message("a", 1).toString());
    assertThrows(IllegalArgumentException.class, () -> new TagStats("t", -1, 0));
    assertThrows(NullPointerException.class, () -> new TagStats(null, 0, 0));
    assertEquals(Collections.emptyList(), new Mailbox(3).tagStats());
    assertTrue(new Mailbox(3).toString().contains("tagLimit=3"));
  }
}
