package io.boc4j;

import static io.boc4j.PinSupport.WAIT;
import static io.boc4j.PinSupport.assertThrowsWith;
import static io.boc4j.PinSupport.failure;
import static io.boc4j.PinSupport.isDone;
import static io.boc4j.PinSupport.newBoc;
import static io.boc4j.PinSupport.onOtherThread;
import static io.boc4j.PinSupport.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.FaultInjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5: pinned cowns — identity, construction, routing to the main thread, the handle travelling
 * freely, ordering (O06, O11), and the shutdown drop (R09, R10, L22). The JUnit test thread is the
 * main thread: it binds by pumping or by waitAll/quiesce.
 */
@Timeout(60)
class PinnedCownTest {

  private Boc boc = newBoc(2);

  @AfterEach
  void tearDown() {
    FaultInjection.reset();
    try {
      boc.close();
    } catch (RuntimeException | Error ignored) {
      // a test that injects drop failures has already checked them
    }
  }

  @Test
  void p01_valueIsNeverCopied_64BehavioursSeeTheSameInstance() throws Exception {
    Object sentinel = new Object();
    PinnedCown<Object> p = PinnedCown.of(sentinel);
    List<ResultCown<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      results.add(boc.when(p, c -> c.get() == sentinel));
    }
    boc.quiesce(WAIT);
    for (ResultCown<Boolean> r : results) {
      assertTrue(value(r));
    }
  }

  @Test
  void p02_constructionOnAWorkerThreadThrows_anyOtherThreadMayConstruct() throws Exception {
    ResultCown<PinnedCown<Integer>> onWorker = boc.when(() -> PinnedCown.of(1));
    boc.quiesce(WAIT);
    Throwable t = failure(onWorker);
    assertInstanceOf(IllegalStateException.class, t);
    assertTrue(t.getMessage().contains("pinned cowns belong to the main thread"), t.getMessage());

    assertTrue(PinnedCown.of("main").isPinned());
    assertNull(onOtherThread("plain", () -> assertTrue(PinnedCown.of("plain").isPinned())));
    assertFalse(Cown.of(1).isPinned());
  }

  @Test
  void p03_bodyRunsOnMainIffTheRequestHoldsAPinnedCown_inAnyPositionOrGroup() throws Exception {
    PinnedCown<Integer> p = PinnedCown.of(1);
    PinnedCown<Integer> p2 = PinnedCown.of(2);
    Cown<Integer> u = Cown.of(3);
    Cown<Integer> v = Cown.of(4);
    Cown<Integer> w = Cown.of(5);
    Thread main = Thread.currentThread();
    List<ResultCown<Thread>> onMain = new ArrayList<>();
    List<ResultCown<Thread>> onWorker = new ArrayList<>();
    onMain.add(boc.when(p, p, (a, b) -> Thread.currentThread()));
    onMain.add(boc.when(p, u, (a, b) -> Thread.currentThread()));
    onMain.add(boc.when(u, p, (a, b) -> Thread.currentThread()));
    onMain.add(boc.when(p, p2, u, (a, b, c) -> Thread.currentThread()));
    onMain.add(boc.when(p, p, u, (a, b, c) -> Thread.currentThread()));
    onMain.add(boc.when(Cown.group(List.of(u, p)), g -> Thread.currentThread()));
    onMain.add(boc.when(v, Cown.group(List.of(w, w)), Cown.group(List.of(p2)),
        (a, g, h) -> Thread.currentThread()));
    onMain.add(boc.whenAll(List.of(u, v, p), l -> Thread.currentThread()));
    onWorker.add(boc.when(u, v, (a, b) -> Thread.currentThread()));
    onWorker.add(boc.when(u, v, w, (a, b, c) -> Thread.currentThread()));
    onWorker.add(boc.when(() -> Thread.currentThread()));
    onWorker.add(boc.whenAll(List.of(), l -> Thread.currentThread()));
    onWorker.add(boc.when(Cown.group(List.of(u, v)), g -> Thread.currentThread()));
    boc.quiesce(WAIT);
    for (ResultCown<Thread> r : onMain) {
      assertSame(main, value(r), r + " should have run on the main thread");
    }
    for (ResultCown<Thread> r : onWorker) {
      assertNotSame(main, value(r), r + " should have run on a worker");
      assertTrue(value(r).getName().contains("-worker-"), value(r).getName());
    }
  }

  @Test
  void p04_pinnedBehavioursWaitInTheMainQueueAndRunOnlyInPump() throws Exception {
    boc.mainThread().bind();
    PinnedCown<String> p = PinnedCown.of("x");
    AtomicBoolean ran = new AtomicBoolean();
    ResultCown<Thread> r = boc.when(p, c -> {
      ran.set(true);
      return Thread.currentThread();
    });
    // Workers never take it: another thread's quiesce only waits, and times out.
    Throwable t = onOtherThread("not-main", () -> boc.quiesce(Duration.ofMillis(200)));
    assertInstanceOf(TimeoutException.class, t);
    assertTrue(t.getMessage().contains("pinned"), t.getMessage());
    assertFalse(ran.get());
    assertEquals(1, boc.mainThread().stats().depth());

    assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
    assertSame(Thread.currentThread(), value(r));
    assertEquals(0, boc.mainThread().stats().depth());
  }

  @Test
  void p05_waitAllAndQuiesceOnMainRunPinnedWorkWithoutAnExplicitPump() throws Exception {
    PinnedCown<List<Integer>> p = PinnedCown.of(new ArrayList<>());
    for (int i = 0; i < 5; i++) {
      int n = i;
      boc.run(p, c -> c.get().add(n));
    }
    boc.quiesce(WAIT);
    assertEquals(0, boc.mainThread().stats().depth());
    ResultCown<Integer> size = boc.when(p, c -> c.get().size());
    boc.waitAll(WAIT);
    assertEquals(5, value(size));
    assertEquals(0, boc.mainThread().stats().depth());
  }

  @Test
  void p06_aPinnedHandleTravelsFreelyAndStaysPinned() throws Exception {
    PinnedCown<List<String>> p = PinnedCown.of(new ArrayList<>());
    Thread main = Thread.currentThread();
    // Captured by a worker behaviour, which schedules on it: the body still runs on main.
    ResultCown<ResultCown<Thread>> viaCapture = boc.when(() -> {
      assertTrue(p.isPinned());
      return boc.when(p, c -> {
        c.get().add("captured");
        return Thread.currentThread();
      });
    });
    // Stored in a regular cown, read by a worker, scheduled on from there.
    Cown<PinnedCown<List<String>>> holder = Cown.of(p);
    ResultCown<ResultCown<Thread>> viaCown = boc.when(holder, h -> {
      PinnedCown<List<String>> inner = h.get();
      assertTrue(inner.isPinned());
      return boc.when(inner, c -> {
        c.get().add("stored");
        return Thread.currentThread();
      });
    });
    // In a list of two inside a regular cown.
    Cown<List<PinnedCown<List<String>>>> pair = Cown.of(List.of(p, PinnedCown.of(new ArrayList<>())));
    ResultCown<ResultCown<Thread>> viaList = boc.when(pair, l -> boc.when(
        l.get().get(0), l.get().get(1), (a, b) -> {
          a.get().add("list");
          return Thread.currentThread();
        }));
    boc.quiesce(WAIT);
    assertSame(main, value(value(viaCapture)));
    assertSame(main, value(value(viaCown)));
    assertSame(main, value(value(viaList)));
    ResultCown<List<String>> contents = boc.when(p, c -> new ArrayList<>(c.get()));
    boc.quiesce(WAIT);
    List<String> sorted = new ArrayList<>(value(contents));
    Collections.sort(sorted);
    assertEquals(List.of("captured", "list", "stored"), sorted);
  }

  @Test
  void p07_twoWorkersSharingOnePinnedHandleThroughARegularCown() throws Exception {
    PinnedCown<List<String>> p = PinnedCown.of(new ArrayList<>());
    Cown<PinnedCown<List<String>>> shared = Cown.of(p);
    boc.run(shared, s -> boc.run(s.get(), c -> c.get().add("w1")));
    boc.run(shared, s -> boc.run(s.get(), c -> c.get().add("w2")));
    boc.quiesce(WAIT);
    ResultCown<List<String>> contents = boc.when(p, c -> new ArrayList<>(c.get()));
    boc.quiesce(WAIT);
    List<String> sorted = new ArrayList<>(value(contents));
    Collections.sort(sorted);
    assertEquals(List.of("w1", "w2"), sorted);
  }

  @Test
  @SuppressWarnings("unchecked")
  void p06_aPinnedHandleTravelsThroughTheNoticeboard_alone_inAListOfTwo_viaUpdate()
      throws Exception {
    PinnedCown<List<String>> p = PinnedCown.of(new ArrayList<>());
    PinnedCown<List<String>> q = PinnedCown.of(new ArrayList<>());
    Noticeboard board = boc.noticeboard();
    board.seed("alone", p);
    board.write("pair", List.of(p, q));
    board.update("updated", old -> p, null);
    board.sync();
    Thread main = Thread.currentThread();
    List<ResultCown<ResultCown<Thread>>> viaBoard = new ArrayList<>();
    viaBoard.add(boc.when(() -> {
      PinnedCown<List<String>> h = (PinnedCown<List<String>>) board.read("alone");
      assertTrue(h.isPinned());
      return boc.when(h, c -> add(c, "alone"));
    }));
    viaBoard.add(boc.when(() -> {
      List<PinnedCown<List<String>>> pair = (List<PinnedCown<List<String>>>) board.read("pair");
      assertTrue(pair.get(0).isPinned() && pair.get(1).isPinned());
      return boc.when(pair.get(0), pair.get(1), (a, b) -> add(a, "pair"));
    }));
    viaBoard.add(boc.when(() -> {
      PinnedCown<List<String>> h = (PinnedCown<List<String>>) board.read("updated");
      return boc.when(h, c -> add(c, "updated"));
    }));
    boc.quiesce(WAIT);
    for (ResultCown<ResultCown<Thread>> r : viaBoard) {
      assertSame(main, value(value(r)));
    }
    ResultCown<List<String>> contents = boc.when(p, c -> new ArrayList<>(c.get()));
    boc.quiesce(WAIT);
    List<String> sorted = new ArrayList<>(value(contents));
    Collections.sort(sorted);
    assertEquals(List.of("alone", "pair", "updated"), sorted);
  }

  private static Thread add(Cown<List<String>> c, String what) {
    c.get().add(what);
    return Thread.currentThread();
  }

  @Test
  @SuppressWarnings("unchecked")
  void p07_twoWorkersSharingOnePinnedHandleThroughTheNoticeboard() throws Exception {
    PinnedCown<List<String>> p = PinnedCown.of(new ArrayList<>());
    boc.noticeboard().seed("shared", p);
    for (String w : List.of("w1", "w2")) {
      boc.run(() -> boc.run(
          (PinnedCown<List<String>>) boc.noticeboard().read("shared"), c -> c.get().add(w)));
    }
    boc.quiesce(WAIT);
    ResultCown<List<String>> contents = boc.when(p, c -> new ArrayList<>(c.get()));
    boc.quiesce(WAIT);
    List<String> sorted = new ArrayList<>(value(contents));
    Collections.sort(sorted);
    assertEquals(List.of("w1", "w2"), sorted);
  }

  @Test
  void p08_aThrowingPinnedBodyMarksItsResultAndTheNextStillRuns() throws Exception {
    PinnedCown<String> p = PinnedCown.of("x");
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    ResultCown<String> bad = boc.when(p, c -> {
      throw boom;
    });
    ResultCown<String> next = boc.when(p, c -> "survived");
    PumpResult r = boc.mainThread().pump();
    assertEquals(new PumpResult(2, false, 1), r);
    assertSame(boom, failure(bad));
    assertEquals("survived", value(next));
    assertEquals(0, boc.mainThread().stats().depth());
    try (Held<String> h = boc.acquire(bad)) {
      assertTrue(h.cown().isException());
      assertSame(boom, h.cown().exception());
    }
  }

  @Test
  void p09_queueDepthIsObservable() throws Exception {
    for (int n : new int[] {8, 10}) {
      for (int i = 0; i < n; i++) {
        boc.run(PinnedCown.of(i), c -> {});
      }
      assertEquals(n, boc.mainThread().stats().depth());
      assertEquals(new PumpResult(n, false, 0), boc.mainThread().pump());
      assertEquals(0, boc.mainThread().stats().depth());
    }
  }

  @Test
  void p10_aPinnedValueSurvivesQuiesceWaitAllAndRestart() throws Exception {
    List<String> list = new ArrayList<>(List.of("sentinel"));
    PinnedCown<List<String>> p = PinnedCown.of(list);
    boc.run(p, c -> c.get().add("post-acquire"));
    boc.quiesce(WAIT);
    boc.waitAll(WAIT);
    assertFalse(boc.isRunning());
    ResultCown<List<String>> after = boc.when(p, c -> c.get()); // a fresh runtime
    boc.waitAll(WAIT);
    assertSame(list, value(after));
    assertEquals(List.of("sentinel", "post-acquire"), list);
  }

  @Test
  void o06_pinnedBehavioursOnOnePinnedCownRunInSchedulingOrder() throws Exception {
    PinnedCown<List<Integer>> p = PinnedCown.of(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      int n = i;
      boc.run(p, c -> c.get().add(n));
    }
    ResultCown<List<Integer>> r = boc.when(p, c -> new ArrayList<>(c.get()));
    boc.quiesce(WAIT);
    assertEquals(List.of(0, 1, 2, 3), value(r));
  }

  @Test
  void o11_mixingPinnedAndOrdinaryCownsKeepsTheAcquisitionOrder() throws Exception {
    PinnedCown<String> p = PinnedCown.of("p");
    Cown<List<String>> u = Cown.of(new ArrayList<>());
    Thread main = Thread.currentThread();
    List<ResultCown<Thread>> threads = new ArrayList<>();
    threads.add(boc.when(u, l -> log(l, "w1")));
    threads.add(boc.when(p, u, (x, l) -> log(l, "m1")));
    threads.add(boc.when(u, l -> log(l, "w2")));
    threads.add(boc.when(u, p, (l, x) -> log(l, "m2")));
    threads.add(boc.when(Cown.group(List.of(u)), g -> log(g.get(0), "w3")));
    threads.add(boc.whenAll(List.of(Cown.group(List.of(p)), u), l -> log(list(l.get(1)), "m3")));
    ResultCown<List<String>> order = boc.when(u, l -> new ArrayList<>(l.get()));
    boc.quiesce(WAIT);
    assertEquals(List.of("w1", "m1", "w2", "m2", "w3", "m3"), value(order));
    for (int i = 0; i < threads.size(); i++) {
      boolean pinned = i % 2 == 1;
      assertEquals(pinned, value(threads.get(i)) == main, "behaviour " + i);
    }
  }

  @SuppressWarnings("unchecked")
  private static Cown<List<String>> list(Object delivered) {
    return (Cown<List<String>>) delivered;
  }

  private static Thread log(Cown<List<String>> l, String what) {
    l.get().add(what);
    return Thread.currentThread();
  }

  @Test
  void r09_l22_closeDropsPinnedWorkNobodyPumps_resultsSayDroppedAndSuccessorsProceed()
      throws Exception {
    boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofMillis(200)).build();
    PinnedCown<String> p = PinnedCown.of("p");
    Cown<Integer> u = Cown.of(0);
    List<ResultCown<?>> dropped = new ArrayList<>();
    try (PinSupport.IdleMain idle = new PinSupport.IdleMain(boc)) {
      for (int i = 0; i < 4; i++) {
        dropped.add(boc.when(p, c -> "chained on one pinned cown"));
      }
      for (int i = 0; i < 3; i++) {
        dropped.add(boc.when(PinnedCown.of(i), c -> "independent"));
      }
      dropped.add(boc.when(p, u, (c, x) -> "pinned holding an ordinary cown"));
      ResultCown<String> successor = boc.when(u, x -> "successor on a worker");
      // 4 on p + 3 free + 1 mixed: 8 pinned behaviours for the shutdown drop (F11)
      assertEquals(4, boc.mainThread().stats().depth()); // p's first, three free ones; the rest wait on p

      long start = System.nanoTime();
      boc.close();
      assertTrue(System.nanoTime() - start < WAIT.toNanos(), "close must not hang");
      assertFalse(boc.isRunning());
      assertEquals(8, dropped.size());
      for (ResultCown<?> r : dropped) {
        Throwable t = failure(r);
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("dropped at shutdown"), t.getMessage());
      }
      // The successor proceeds (it is not left waiting for ever): dropped as well, once ready.
      Throwable t = failure(successor);
      assertTrue(t.getMessage().contains("dropped at shutdown"), t.getMessage());
    }
    assertThrowsWith(IllegalStateException.class, "closed", () -> boc.mainThread().pump());
  }

  @Test
  void r10_theShutdownDropFinishesEvenIfOneDropThrows_firstRethrownOthersSuppressed()
      throws Exception {
    boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofMillis(200)).build();
    PinnedCown<String> p = PinnedCown.of("p");
    List<ResultCown<String>> results = new ArrayList<>();
    RuntimeException first = new RuntimeException("drop 2 failed");
    Error second = new Error("drop 5 failed");
    AtomicInteger drops = new AtomicInteger();
    try (PinSupport.IdleMain idle = new PinSupport.IdleMain(boc)) {
      for (int i = 0; i < 4; i++) {
        results.add(boc.when(p, c -> "chained"));
        results.add(boc.when(PinnedCown.of(i), c -> "free"));
      }
      FaultInjection.pinnedDrop = () -> {
        int n = drops.incrementAndGet();
        if (n == 2) {
          throw first;
        }
        if (n == 5) {
          throw second;
        }
      };
      RuntimeException thrown = assertThrows(RuntimeException.class, boc::close);
      assertSame(first, thrown);
      assertEquals(List.of(second), List.of(thrown.getSuppressed()));
    } finally {
      FaultInjection.reset();
    }
    assertEquals(8, drops.get());
    assertFalse(boc.isRunning());
    for (ResultCown<String> r : results) {
      assertTrue(isDone(r));
      assertTrue(failure(r).getMessage().contains("dropped at shutdown"));
    }
  }
}
