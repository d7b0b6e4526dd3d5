package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.QueueProbe;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC section 2 (cowns and behaviours): CONTRACT.md area C, C01–C23. C13 (a cown sent as a message)
 * belongs with the mailbox tests.
 *
 * <p>Values are read on the test thread only through result cowns' completion stages or {@link
 * Boc#acquire}; reading a cown one does not hold throws by design (C15).
 */
@Timeout(value = 30, unit = SECONDS)
class CownsAndBehavioursTest extends BocTestSupport {

  // --- C01 ----------------------------------------------------------------------------------

  @Test
  void c01_whenReturnsAResultCownAtOnceAndStoresTheBodysValue() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(1);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicBoolean ran = new AtomicBoolean();
    try {
      boc.run(c, x -> awaitLatch(gate)); // holds c until the gate opens
      ResultCown<Integer> r = boc.when(c, x -> {
        ran.set(true);
        return x.get() + 1;
      });
      // The body needs c, which the blocker holds: when() returned before the body could run.
      assertFalse(ran.get(), "the body ran before when() returned");
      assertFalse(r.toCompletionStage().toCompletableFuture().isDone());
      gate.countDown();
      assertEquals(2, valueOf(r));
      assertTrue(ran.get());
    } finally {
      gate.countDown();
    }
  }

  // --- C02 ----------------------------------------------------------------------------------

  @Test
  void c02_bodyReceivesCownsInArgumentOrderAndReadsAndWritesThem() throws Exception {
    newBoc(2);
    Cown<String> a = Cown.of("a");
    Cown<Integer> b = Cown.of(2);
    Cown<Double> c = Cown.of(3.0);
    ResultCown<String> r = boc.when(c, a, b, (x, y, z) -> {
      assertSame(c, x);
      assertSame(a, y);
      assertSame(b, z);
      String seen = y.get() + z.get() + x.get();
      y.set("A");
      z.set(20);
      x.set(30.0);
      return seen;
    });
    assertEquals("a23.0", valueOf(r));
    assertEquals("A", read(a));
    assertEquals(20, read(b));
    assertEquals(30.0, read(c));
  }

  // --- C03 ----------------------------------------------------------------------------------

  @Test
  void c03_emptyDynamicRequestRunsOnAWorkerAnd32DistinctCownsWork() throws Exception {
    boc = Boc.builder().workers(2).threadNamePrefix("c03-worker-").build();
    ResultCown<String> empty = boc.whenAll(List.of(), delivered -> {
      assertTrue(delivered.isEmpty());
      return Thread.currentThread().getName();
    });
    assertTrue(valueOf(empty).startsWith("c03-worker-"), "ran on " + valueOf(empty));

    List<Cown<Integer>> cs = cowns(32);
    ResultCown<Integer> sum = boc.whenAll(cs, delivered -> {
      assertEquals(32, delivered.size());
      int s = 0;
      for (int i = 0; i < 32; i++) {
        assertSame(cs.get(i), delivered.get(i));
        s += cs.get(i).get();
      }
      return s;
    });
    assertEquals(IntStream.range(0, 32).sum(), valueOf(sum));
  }

  // --- C04 ----------------------------------------------------------------------------------

  @Test
  void c04_groupsArriveAsListsInListOrderAndMixWithSingleCowns() throws Exception {
    newBoc(2);
    List<Cown<Integer>> cs = cowns(10);

    assertResult(45, boc.when(Cown.group(cs), l -> {
      assertEquals(cs, l);
      return sum(l);
    }));
    assertResult(45, boc.when(Cown.group(cs.subList(0, 9)), cs.get(9), (l, s) -> {
      assertEquals(cs.subList(0, 9), l);
      return sum(l) + s.get();
    }));
    assertResult(45, boc.when(cs.get(0), Cown.group(cs.subList(1, 10)), (s, l) -> {
      assertEquals(cs.subList(1, 10), l);
      return s.get() + sum(l);
    }));
    assertResult(45, boc.when(
        Cown.group(cs.subList(0, 4)), cs.get(4), Cown.group(cs.subList(5, 10)),
        (l1, s, l2) -> sum(l1) + s.get() + sum(l2)));
    assertResult(45, boc.when(
        cs.get(0), Cown.group(cs.subList(1, 9)), cs.get(9),
        (s1, l, s2) -> s1.get() + sum(l) + s2.get()));

    // List order is the group's order, not id order.
    List<Cown<Integer>> reversed = new ArrayList<>(cs);
    Collections.reverse(reversed);
    List<Integer> seen = valueOf(boc.when(Cown.group(reversed), l -> {
      assertEquals(reversed, l);
      return l.stream().map(Cown::get).collect(Collectors.toList());
    }));
    assertEquals(List.of(9, 8, 7, 6, 5, 4, 3, 2, 1, 0), seen);
  }

  // --- C05 ----------------------------------------------------------------------------------

  @Test
  void c05_writesToGroupMembersPersist() throws Exception {
    newBoc(2);
    List<Cown<Integer>> five = cowns(5);
    boc.run(Cown.group(five), l -> {
      for (Cown<Integer> m : l) {
        m.set(m.get() * 2);
      }
    });
    boc.quiesce(WAIT);
    assertEquals(List.of(0, 2, 4, 6, 8), readAll(five));

    List<Cown<Integer>> group = List.of(Cown.of(1), Cown.of(2), Cown.of(3));
    Cown<Integer> total = Cown.of(0);
    boc.run(Cown.group(group), total, (l, t) -> {
      for (Cown<Integer> m : l) {
        t.set(t.get() + m.get());
        m.set(0);
      }
    });
    boc.quiesce(WAIT);
    assertEquals(List.of(0, 0, 0), readAll(group));
    assertEquals(6, read(total));
  }

  // --- C06 ----------------------------------------------------------------------------------

  @Test
  void c06_duplicateCownsAreFoldedWithoutDeadlock() throws Exception {
    newBoc(2);
    Cown<Integer> five = Cown.of(5);
    Cown<Integer> three = Cown.of(3);
    Cown<Integer> a = Cown.of(10);
    Cown<Integer> b = Cown.of(20);
    Cown<Integer> seven = Cown.of(7);

    assertResult(10, boc.when(five, five, (x, y) -> x.get() + y.get()));
    assertResult(9, boc.when(three, three, three, (x, y, z) -> x.get() + y.get() + z.get()));
    assertResult(40, boc.when(a, b, a, (x, y, z) -> x.get() + y.get() + z.get()));
    assertResult(14, boc.when(Cown.group(List.of(seven, seven)),
        l -> l.get(0).get() + l.get(1).get()));
    // A duplicate across a single argument and a group, and in the dynamic form.
    assertResult(21, boc.when(seven, Cown.group(List.of(seven, seven)),
        (x, l) -> x.get() + l.get(0).get() + l.get(1).get()));
    assertResult(15, boc.whenAll(List.of(five, Cown.group(List.of(five)), five), d -> {
      Cown<?> first = (Cown<?>) d.get(0);
      return 3 * (Integer) first.get();
    }));
  }

  // --- C07 ----------------------------------------------------------------------------------

  @Test
  void c07_repeatedCownIsAcquiredOnceAndEveryPositionIsTheSameCown() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    AtomicInteger runs = new AtomicInteger();
    ResultCown<Integer> r = boc.when(c, c, (x, y) -> {
      runs.incrementAndGet();
      assertSame(x, y);
      x.set(42);
      return y.get();
    });
    assertEquals(42, valueOf(r));
    boc.quiesce(WAIT);
    assertEquals(1, runs.get());

    Cown<Integer> counter = Cown.of(0);
    List<ResultCown<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      results.add(boc.when(counter, counter, (x, y) -> {
        x.set(y.get() + 1);
        return x.get();
      }));
    }
    boc.quiesce(WAIT);
    assertEquals(100, read(counter));
    for (int i = 0; i < 100; i++) {
      assertEquals(i + 1, valueOf(results.get(i)));
    }
  }

  // --- C08 ----------------------------------------------------------------------------------

  @Test
  void c08_resultCownsChainLikeOrdinaryCowns() throws Exception {
    newBoc(2);
    Cown<Integer> two = Cown.of(2);
    Cown<Integer> three = Cown.of(3);
    ResultCown<Integer> step1 = boc.when(two, three, (x, y) -> x.get() + y.get());
    ResultCown<Integer> step2 = boc.when(step1, s -> s.get() * 4);
    ResultCown<Integer> step3 = boc.when(step2, s -> s.get() - 7);
    assertEquals(13, valueOf(step3));
  }

  @Test
  // A separate thread: a lost "scheduled" mark would leave when() waiting on its predecessor for
  // ever, and only a timeout on another thread turns that into a failure.
  @Timeout(value = 30, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void c08_behavioursQueueBehindResultCownsWhoseProducersHaveNotRunYet() throws Exception {
    newBoc(2);
    Cown<Integer> held = Cown.of(1);
    Cown<Integer> other = Cown.of(2);
    CountDownLatch gate = new CountDownLatch(1);
    try {
      boc.run(held, x -> awaitLatch(gate)); // holds `held` until the gate opens
      // A one-cown when keeps its result's request in its own spare fields, a two-cown one in an
      // object of its own: a behaviour queued on either result now waits behind an unreleased
      // request, and so does one queued on the result of the first follower.
      ResultCown<Integer> one = boc.when(held, x -> x.get() + 10);
      ResultCown<Integer> two = boc.when(held, other, (x, y) -> x.get() + y.get());
      ResultCown<Integer> afterOne = boc.when(one, r -> r.get() * 2);
      ResultCown<Integer> afterAfterOne = boc.when(afterOne, r -> r.get() + 1);
      ResultCown<Integer> afterTwo = boc.when(two, r -> r.get() * 3);
      ResultCown<Integer> both = boc.when(one, two, (a, b) -> a.get() * 100 + b.get());
      assertFalse(afterOne.toCompletionStage().toCompletableFuture().isDone());
      gate.countDown();
      assertEquals(22, valueOf(afterOne));
      assertEquals(23, valueOf(afterAfterOne));
      assertEquals(9, valueOf(afterTwo));
      assertEquals(1103, valueOf(both));
      boc.quiesce(WAIT);
      for (ResultCown<Integer> r : List.of(one, two, afterOne, afterAfterOne, afterTwo, both)) {
        assertTrue(QueueProbe.isEmpty(r.core), "result cown " + r + " still has a queue");
      }
    } finally {
      gate.countDown();
    }
  }

  // --- C09 ----------------------------------------------------------------------------------

  @Test
  void c09_whenNeverBlocksFromAnyThreadOrFromABody() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(1);
    CountDownLatch gate = new CountDownLatch(1);
    try {
      boc.run(c, x -> awaitLatch(gate)); // c is held until the gate opens

      // From inside a body: the parent schedules a child on the cown it holds.
      ResultCown<ResultCown<Integer>> parent = boc.when(c, x -> {
        x.set(x.get() * 2);
        return boc.when(x, y -> {
          y.set(y.get() * 3);
          return y.get();
        });
      });

      // From another plain thread, while c is held: every when returns.
      CompletableFuture<Integer> scheduled = new CompletableFuture<>();
      Thread other = new Thread(() -> {
        try {
          for (int i = 0; i < 100; i++) {
            boc.run(c, x -> x.get());
          }
          scheduled.complete(100);
        } catch (Throwable t) {
          scheduled.completeExceptionally(t);
        }
      });
      other.start();
      assertEquals(100, scheduled.get(WAIT.toSeconds(), SECONDS),
          "when blocked on another thread while the cown was held");
      assertFalse(parent.toCompletionStage().toCompletableFuture().isDone());

      gate.countDown();
      ResultCown<Integer> child = valueOf(parent);
      assertEquals(6, valueOf(child), "the child sees the parent's write");
    } finally {
      gate.countDown();
    }
  }

  // --- C10 ----------------------------------------------------------------------------------

  @Test
  void c10_aBodyMayReturnACownThatCanThenBeScheduledOn() throws Exception {
    newBoc(2);
    Cown<String> inner = Cown.of("inner");
    ResultCown<Cown<String>> r = boc.when(() -> inner);
    assertSame(inner, valueOf(r));
    assertResult("inner!", boc.when(valueOf(r), x -> x.get() + "!"));

    ResultCown<Cown<Integer>> made = boc.when(() -> Cown.of(5));
    ResultCown<ResultCown<Integer>> doubled =
        boc.when(made, m -> boc.when(m.get(), v -> v.get() * 2));
    assertResult(10, valueOf(doubled));
    Cown<Integer> madeCown = valueOf(made);
    assertEquals(5, read(madeCown), "the doubling returned a value; the cown itself is unchanged");
  }

  // --- C11 ----------------------------------------------------------------------------------

  /** A record holding a cown. */
  record Holder(Cown<Integer> cown) {}

  /** A mutable object holding a cown in a plain field. */
  static final class Box {
    Cown<Integer> cown;
  }

  @Test
  void c11_cownsNestedInCownsCollectionsRecordsAndFieldsStaySchedulable() throws Exception {
    newBoc(2);
    Cown<Integer> inner = Cown.of(99);
    Cown<Cown<Integer>> outer = Cown.of(inner);
    assertResult(99, boc.when(outer, inner, (o, i) -> {
      assertSame(i, o.get());
      return o.get().get();
    }));

    Cown<Integer> inList = Cown.of(1);
    Cown<Integer> inRecord = Cown.of(2);
    Cown<Integer> inField = Cown.of(3);
    Box box = new Box();
    box.cown = inField;
    Cown<List<Cown<Integer>>> list = Cown.of(List.of(inList));
    Cown<Holder> record = Cown.of(new Holder(inRecord));
    Cown<Box> field = Cown.of(box);

    ResultCown<ResultCown<Integer>> viaList = boc.when(list, l -> boc.when(l.get().get(0), v -> v.get() + 10));
    ResultCown<ResultCown<Integer>> viaRecord = boc.when(record, h -> boc.when(h.get().cown(), v -> v.get() + 20));
    ResultCown<ResultCown<Integer>> viaField = boc.when(field, b -> boc.when(b.get().cown, v -> v.get() + 30));
    assertResult(11, valueOf(viaList));
    assertResult(22, valueOf(viaRecord));
    assertResult(33, valueOf(viaField));
    // And from the test thread, through the handles the containers hold.
    assertResult(21, boc.when(box.cown, inRecord, inList, (x, y, z) -> x.get() * 5 + y.get() + z.get() * 4));
  }

  // --- C12 ----------------------------------------------------------------------------------

  @Test
  void c12_aCownCreatedInABodyOutlivesItsCreator() throws Exception {
    newBoc(2);
    Cown<Cown<Integer>> holder = Cown.of(null);
    ResultCown<Void> creator = boc.when(holder, h -> {
      h.set(Cown.of(10));
      return null;
    });
    valueOf(creator);
    boc.quiesce(WAIT);
    ResultCown<ResultCown<Integer>> later = boc.when(holder, h -> boc.when(h.get(), m -> {
      m.set(m.get() * 2);
      return m.get();
    }));
    assertResult(20, valueOf(later));
    boc.quiesce(WAIT);
    Cown<Integer> created = read(holder);
    assertEquals(20, read(created));
  }

  // --- C14 ----------------------------------------------------------------------------------

  @Test
  void c14_sequentialBehavioursMutatingOneObjectAccumulate() throws Exception {
    newBoc(2);
    Cown<List<Integer>> items = Cown.of(new ArrayList<>());
    for (int i = 0; i < 10; i++) {
      int item = i;
      boc.run(items, l -> l.get().add(item));
    }
    boc.quiesce(WAIT);
    List<Integer> got = new ArrayList<>(read(items));
    Collections.sort(got);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
  }

  // --- C15 ----------------------------------------------------------------------------------

  @Test
  void c15_touchingACownFromAPlainThreadThrowsSayingItIsNotHeld() {
    Cown<Integer> c = Cown.of(1);
    assertNotHeld(c, assertThrows(IllegalStateException.class, c::get));
    assertNotHeld(c, assertThrows(IllegalStateException.class, () -> c.set(2)));
    assertNotHeld(c, assertThrows(IllegalStateException.class, c::isException));
    assertNotHeld(c, assertThrows(IllegalStateException.class, c::exception));
    assertNotHeld(c, assertThrows(IllegalStateException.class,
        () -> c.setException(new RuntimeException())));
  }

  @Test
  void c15_touchingACownOutsideTheRunningBodysRequestSetThrows() throws Exception {
    newBoc(2);
    Cown<Integer> mine = Cown.of(1);
    Cown<Integer> notMine = Cown.of(2);
    ResultCown<Integer> r = boc.when(mine, x -> notMine.get());
    assertNotHeld(notMine, assertInstanceOf(IllegalStateException.class, failureOf(r)));
    ResultCown<Void> w = boc.when(mine, x -> {
      notMine.set(3);
      return null;
    });
    assertNotHeld(notMine, assertInstanceOf(IllegalStateException.class, failureOf(w)));
    assertEquals(2, read(notMine), "the rejected write changed nothing");
  }

  @Test
  void c15_touchingACownAfterTheBodyReturnedThrowsEvenOnTheSameWorker() throws Exception {
    newBoc(1); // one worker: the second body runs on the very thread that held the cown
    Cown<Integer> c = Cown.of(1);
    ResultCown<Thread> firstThread = boc.when(c, x -> {
      x.get();
      return Thread.currentThread();
    });
    AtomicReference<Thread> secondThread = new AtomicReference<>();
    ResultCown<Integer> second = boc.when(() -> {
      secondThread.set(Thread.currentThread());
      return c.get();
    });
    assertNotHeld(c, assertInstanceOf(IllegalStateException.class, failureOf(second)));
    assertSame(valueOf(firstThread), secondThread.get());
  }

  @Test
  void c15_touchingACownHeldByAnotherThreadOrAfterReleaseThrows() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(1);
    Held<Integer> held = boc.acquire(c);
    try {
      assertEquals(1, held.get());
      CompletableFuture<Throwable> fromOther = new CompletableFuture<>();
      Thread other = new Thread(() -> {
        try {
          c.get();
          fromOther.complete(null);
        } catch (Throwable t) {
          fromOther.complete(t);
        }
      });
      other.start();
      assertNotHeld(c, assertInstanceOf(IllegalStateException.class,
          fromOther.get(WAIT.toSeconds(), SECONDS)));
      ResultCown<Integer> fromBody = boc.when(() -> c.get());
      assertNotHeld(c, assertInstanceOf(IllegalStateException.class, failureOf(fromBody)));
    } finally {
      held.close();
    }
    assertNotHeld(c, assertThrows(IllegalStateException.class, held::get));
    assertNotHeld(c, assertThrows(IllegalStateException.class, c::get));
  }

  // --- C16 ----------------------------------------------------------------------------------

  @Test
  void c16_aPlainThreadTakesACownInBehaviourOrder() throws Exception {
    newBoc(2);
    Cown<List<String>> log = Cown.of(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    try {
      boc.run(log, l -> {
        awaitLatch(gate);
        l.get().add("before");
      });
      CompletableFuture<List<String>> seenByTaker = new CompletableFuture<>();
      Thread taker = new Thread(() -> {
        try (Held<List<String>> h = boc.acquire(log)) {
          seenByTaker.complete(new ArrayList<>(h.get()));
        } catch (Throwable t) {
          seenByTaker.completeExceptionally(t);
        }
      });
      taker.start();
      gate.countDown();
      assertEquals(List.of("before"), seenByTaker.get(WAIT.toSeconds(), SECONDS),
          "the take waited for the behaviour scheduled before it");
    } finally {
      gate.countDown();
    }

    ResultCown<Void> after;
    try (Held<List<String>> h = boc.acquire(log)) {
      after = boc.when(log, l -> {
        l.get().add("after");
        return null;
      });
      // Give the runtime every chance to run `after` early: complete unrelated work on both workers.
      for (int i = 0; i < 20; i++) {
        valueOf(boc.when(Cown.of(i), x -> x.get()));
      }
      assertFalse(after.toCompletionStage().toCompletableFuture().isDone(),
          "a behaviour scheduled while the cown is taken ran before the release");
      h.get().add("taken");
    }
    valueOf(after);
    assertEquals(List.of("before", "taken", "after"), read(log));
  }

  // --- C17 ----------------------------------------------------------------------------------

  @Test
  void c17_afterQuiesceAPlainThreadTakesResultCownsAndReadsTheirOutcome() throws Exception {
    newBoc(2);
    IOException boom = new IOException("boom");
    ResultCown<Integer> ok = boc.when(() -> 5);
    ResultCown<Integer> failed = boc.when(() -> {
      throw boom;
    });
    boc.quiesce(WAIT);
    try (Held<Integer> h = boc.acquire(ok)) {
      assertFalse(h.cown().isException());
      assertNull(h.cown().exception());
      assertEquals(5, h.get());
    }
    try (Held<Integer> h = boc.acquire(failed)) {
      assertTrue(h.cown().isException());
      assertSame(boom, h.cown().exception());
      assertNull(h.get());
    }
  }

  // --- C18 ----------------------------------------------------------------------------------

  @Test
  void c18_takingACownSynchronouslyInsideABodyThrowsSayingItWouldDeadlock() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(1);
    Cown<Integer> d = Cown.of(2);
    ResultCown<Object> other = boc.when(c, x -> boc.acquire(d));
    ResultCown<Object> same = boc.when(c, x -> boc.acquire(x));
    ResultCown<Object> timed = boc.when(() -> boc.acquire(d, Duration.ofSeconds(1)));
    for (ResultCown<Object> r : List.of(other, same, timed)) {
      Throwable t = assertInstanceOf(IllegalStateException.class, failureOf(r));
      assertTrue(t.getMessage().contains("deadlock"), t.getMessage());
    }
    // Nothing was left queued on either cown.
    assertResult(3, boc.when(c, d, (x, y) -> x.get() + y.get()));
  }

  // --- C19 ----------------------------------------------------------------------------------

  @Test
  void c19_nullCownsGroupsOrElementsThrowNullPointerExceptionAndScheduleNothing() throws Exception {
    newBoc(2).start();
    Cown<Integer> a = Cown.of(1);
    Cown<Integer> b = Cown.of(2);
    Cown<Integer> nil = null;
    CownGroup<Integer> nilGroup = null;
    boc.quiesce(WAIT);
    long scheduledBefore = boc.stats().scheduled();

    List<Runnable> calls = List.of(
        () -> boc.when(nil, x -> 1),
        () -> boc.when(nilGroup, l -> 1),
        () -> boc.when(a, nil, (x, y) -> 1),
        () -> boc.when(nil, a, (x, y) -> 1),
        () -> boc.when(a, b, nil, (x, y, z) -> 1),
        () -> boc.when(a, b, a, nil, (x, y, z, w) -> 1),
        () -> boc.when(a, b, a, b, nil, (x, y, z, w, v) -> 1),
        () -> boc.when(a, Cown.group(Arrays.asList(b, null)), (x, l) -> 1),
        () -> boc.when(Cown.group(null), l -> 1),
        () -> boc.whenAll(null, d -> 1),
        () -> boc.whenAll(Arrays.asList(a, null, b), d -> 1),
        () -> boc.when(a, (Body.Of1<Cown<Integer>, Integer>) null),
        () -> boc.run(a, nil, (x, y) -> {}),
        () -> boc.run(nilGroup, l -> {}),
        () -> boc.runAll(Arrays.asList(b, null), d -> {}),
        () -> boc.acquire(nil));
    for (int i = 0; i < calls.size(); i++) {
      int index = i;
      assertThrows(NullPointerException.class, () -> calls.get(index).run(), "call " + i);
    }
    assertEquals(scheduledBefore, boc.stats().scheduled(), "a failed when scheduled something");
    assertEquals(0, boc.stats().inFlight());
    // Neither cown was left queued behind a half-scheduled behaviour.
    assertResult(3, boc.when(a, b, (x, y) -> x.get() + y.get()));
  }

  // --- C20 ----------------------------------------------------------------------------------

  @Test
  void c20_equalityIsIdentityAndIdsAreUniqueStableAndTotallyOrdered() throws Exception {
    Cown<Integer> a = Cown.of(1);
    Cown<Integer> b = Cown.of(1);
    assertNotEquals(a, b);
    assertEquals(a, a);
    assertEquals(System.identityHashCode(a), a.hashCode());
    assertNotEquals(a.id(), b.id());
    assertTrue(a.id() > 0);
    assertTrue(a.id() < b.id(), "ids increase in creation order");

    long before = a.id();
    newBoc(2);
    valueOf(boc.when(a, x -> x.get()));
    boc.waitAll(WAIT);
    assertEquals(before, a.id(), "the id is stable across use and restarts");

    // Created concurrently on four threads: every id is distinct.
    int perThread = 2_500;
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          ids.add(Cown.of(i).id());
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join(WAIT.toMillis());
    }
    assertEquals(4 * perThread, ids.size());
  }

  // --- C21 ----------------------------------------------------------------------------------

  @Test
  void c21_cownsAreCreatedAnywhereAndSurviveRestartsAndRuntimes() throws Exception {
    CompletableFuture<Cown<Integer>> made = new CompletableFuture<>();
    new Thread(() -> made.complete(Cown.of(1))).start();
    Cown<Integer> c = made.get(WAIT.toSeconds(), SECONDS);

    newBoc(2);
    assertFalse(boc.isRunning());
    assertResult(2, boc.when(c, x -> {
      x.set(x.get() + 1);
      return x.get();
    }));
    boc.waitAll(WAIT);
    assertFalse(boc.isRunning());
    assertResult(3, boc.when(c, x -> {
      x.set(x.get() + 1);
      return x.get();
    }), "the cown works with the next generation");
    boc.close();

    try (Boc next = Boc.builder().workers(1).build()) {
      ResultCown<Integer> r = next.when(c, x -> {
        x.set(x.get() + 1);
        return x.get();
      });
      assertEquals(4, valueOf(r), "the cown works with another runtime");
    }
  }

  // --- C22 ----------------------------------------------------------------------------------

  /** Appends {@code id} to the log held by each cown (duplicates in the list are appended once). */
  private static void appendTo(int id, List<Cown<List<Integer>>> held) {
    Set<Cown<List<Integer>>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(held);
    for (Cown<List<Integer>> c : distinct) {
      c.get().add(id);
    }
  }

  @Test
  void c22_everyFormSchedulesWithTheSameOrderAcquisitionAndResult() throws Exception {
    newBoc(2);
    List<Cown<List<Integer>>> cs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      cs.add(Cown.of(new ArrayList<>()));
    }
    Cown<List<Integer>> a = cs.get(0);
    Cown<List<Integer>> b = cs.get(1);
    Cown<List<Integer>> c = cs.get(2);
    Cown<List<Integer>> d = cs.get(3);
    Cown<List<Integer>> e = cs.get(4);
    Map<Cown<List<Integer>>, List<Integer>> expected = new IdentityHashMap<>();
    for (Cown<List<Integer>> x : cs) {
      expected.put(x, new ArrayList<>());
    }
    List<ResultCown<Integer>> results = new ArrayList<>();
    int id = 0;
    for (int round = 0; round < 50; round++) {
      for (int form = 0; form < 8; form++) {
        int me = id++;
        ResultCown<Integer> r;
        List<Cown<List<Integer>>> set;
        switch (form) {
          case 0:
            set = List.of(a);
            r = boc.when(a, x -> { appendTo(me, List.of(x)); return me; });
            break;
          case 1:
            set = List.of(b, a);
            r = boc.when(b, a, (x, y) -> { appendTo(me, List.of(x, y)); return me; });
            break;
          case 2:
            set = List.of(c, a, e);
            r = boc.when(c, a, e, (x, y, z) -> { appendTo(me, List.of(x, y, z)); return me; });
            break;
          case 3:
            set = List.of(a, b, c, d);
            r = boc.when(a, b, c, d, (x, y, z, w) -> { appendTo(me, List.of(x, y, z, w)); return me; });
            break;
          case 4:
            set = List.of(e, d, c, b, a);
            r = boc.when(e, d, c, b, a, (x, y, z, w, v) -> {
              appendTo(me, List.of(x, y, z, w, v));
              return me;
            });
            break;
          case 5:
            set = List.of(d, a, e);
            r = boc.when(Cown.group(set), l -> { appendTo(me, l); return me; });
            break;
          case 6:
            set = List.of(b, e);
            r = boc.whenAll(set, l -> {
              List<Cown<List<Integer>>> got = new ArrayList<>();
              for (Object o : l) {
                got.add(cast(o));
              }
              appendTo(me, got);
              return me;
            });
            break;
          default:
            set = List.of(a, b, c, d);
            r = boc.when(a, Cown.group(List.of(b, c)), d, (x, l, z) -> {
              List<Cown<List<Integer>>> got = new ArrayList<>(l);
              got.add(x);
              got.add(z);
              appendTo(me, got);
              return me;
            });
            break;
        }
        results.add(r);
        for (Cown<List<Integer>> x : new HashSet<>(set)) {
          expected.get(x).add(me);
        }
      }
    }
    // Each form's result cown orders a later behaviour after its body, like any cown.
    ResultCown<Integer> chained = boc.when(results.get(results.size() - 1), r -> r.get() + 1);
    assertEquals(id, valueOf(chained));
    boc.quiesce(WAIT);
    for (int i = 0; i < results.size(); i++) {
      assertEquals(i, valueOf(results.get(i)));
    }
    for (Cown<List<Integer>> x : cs) {
      assertEquals(expected.get(x), read(x), "per-cown order of " + x);
    }
  }

  // --- C23 ----------------------------------------------------------------------------------

  @Test
  void c23_fireAndForgetKeepsOrderAndExclusivityAndReturnsNothing() throws Exception {
    for (Method m : Boc.class.getMethods()) {
      if (m.getName().equals("run") || m.getName().equals("runAll")) {
        assertEquals(void.class, m.getReturnType(), m.toString());
      }
    }
    newBoc(2);
    List<Cown<List<Integer>>> cs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      cs.add(Cown.of(new ArrayList<>()));
    }
    Cown<List<Integer>> a = cs.get(0);
    Cown<List<Integer>> b = cs.get(1);
    Cown<List<Integer>> c = cs.get(2);
    Cown<List<Integer>> d = cs.get(3);
    Cown<List<Integer>> e = cs.get(4);
    Map<Cown<List<Integer>>, List<Integer>> expected = new IdentityHashMap<>();
    for (Cown<List<Integer>> x : cs) {
      expected.put(x, new ArrayList<>());
    }
    int id = 0;
    for (int round = 0; round < 50; round++) {
      for (int form = 0; form < 8; form++) {
        int me = id++;
        List<Cown<List<Integer>>> set;
        switch (form) {
          case 0:
            set = List.of(a);
            boc.run(a, x -> appendTo(me, List.of(x)));
            break;
          case 1:
            set = List.of(a, b);
            boc.run(a, b, (x, y) -> appendTo(me, List.of(x, y)));
            break;
          case 2:
            set = List.of(c, b, a);
            boc.run(c, b, a, (x, y, z) -> appendTo(me, List.of(x, y, z)));
            break;
          case 3:
            set = List.of(a, e, c, d);
            boc.run(a, e, c, d, (x, y, z, w) -> appendTo(me, List.of(x, y, z, w)));
            break;
          case 4:
            set = List.of(a, b, c, d, e);
            boc.run(a, b, c, d, e, (x, y, z, w, v) -> appendTo(me, List.of(x, y, z, w, v)));
            break;
          case 5:
            set = List.of(e, a);
            boc.run(Cown.group(set), l -> appendTo(me, l));
            break;
          case 6:
            set = List.of(d, b);
            boc.runAll(set, l -> appendTo(me, List.of(cast(l.get(0)), cast(l.get(1)))));
            break;
          default: // a when among the runs: both kinds share one order
            set = List.of(a, c);
            boc.when(a, c, (x, y) -> {
              appendTo(me, List.of(x, y));
              return me;
            });
            break;
        }
        for (Cown<List<Integer>> x : new HashSet<>(set)) {
          expected.get(x).add(me);
        }
      }
    }
    boc.quiesce(WAIT);
    for (Cown<List<Integer>> x : cs) {
      assertEquals(expected.get(x), read(x), "per-cown order of " + x);
    }
  }

  @Test
  void c23_aThrowingFireAndForgetBodyIsCountedAsFailedAndLogged() throws Exception {
    newBoc(2);
    IllegalArgumentException boom = new IllegalArgumentException("c23 boom");
    Cown<Integer> c = Cown.of(0);
    try (LogCapture logs = new LogCapture()) {
      boc.run(c, x -> {
        throw boom;
      });
      boc.run(c, x -> x.set(x.get() + 1));
      boc.quiesce(WAIT);
      assertEquals(1, boc.stats().failed());
      assertEquals(1, read(c), "the cown was released to the next behaviour");
      assertTrue(logs.records.stream().anyMatch(r -> r.getThrown() == boom),
          "the failure was not logged: " + logs.records);
    }
  }

  // --- support ------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static <T> Cown<T> cast(Object delivered) {
    return (Cown<T>) delivered;
  }

  private static List<Cown<Integer>> cowns(int n) {
    List<Cown<Integer>> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cs.add(Cown.of(i));
    }
    return cs;
  }

  private static int sum(List<Cown<Integer>> l) {
    int s = 0;
    for (Cown<Integer> c : l) {
      s += c.get();
    }
    return s;
  }

  private static void assertNotHeld(Cown<?> c, Throwable t) {
    String m = t.getMessage();
    assertTrue(m != null && m.contains("not hold") && m.contains(c.toString()),
        "message should say " + c + " is not held: " + m);
  }

  private static void assertResult(Object expected, ResultCown<?> r) throws Exception {
    assertEquals(expected, valueOf(r));
  }

  private static void assertResult(Object expected, ResultCown<?> r, String message)
      throws Exception {
    assertEquals(expected, valueOf(r), message);
  }

  private List<Integer> readAll(List<Cown<Integer>> cs) {
    List<Integer> out = new ArrayList<>();
    for (Cown<Integer> c : cs) {
      out.add(read(c));
    }
    return out;
  }
}
