package io.boc4j;

import static io.boc4j.BocTestSupport.failureOf;
import static io.boc4j.BocTestSupport.sumAll;
import static io.boc4j.NoticeboardTestSupport.WAIT;
import static io.boc4j.NoticeboardTestSupport.await;
import static io.boc4j.NoticeboardTestSupport.newBoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.BocTestSupport.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Noticeboard rules N01–N32 of CONTRACT.md, plus L13 and L14, one test per rule (named by its id).
 * Concurrency and stop/retry scenarios live in {@link NoticeboardConcurrencyTest}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NoticeboardTest {

  // --- writing and reading ------------------------------------------------------------------------

  @Test
  void n01_writeInBehaviourAppearsInQuiesceMap() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      boc.run(() -> nb.write("answer", 42));
      assertEquals(Map.of("answer", 42), boc.quiesce(WAIT).noticeboard());
    }
  }

  @Test
  void n02_writeReplacesValueAndKeysCoexist() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      boc.run(() -> nb.write("a", 10));
      assertEquals(10, boc.quiesce(WAIT).noticeboard().get("a"));
      boc.run(() -> {
        nb.write("a", 20);
        nb.write("b", "second");
      });
      assertEquals(Map.of("a", 20, "b", "second"), boc.quiesce(WAIT).noticeboard());
    }
  }

  @Test
  void n03_snapshotInBodyIsUnmodifiableEvenWhenEmpty() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      assertEquals("[]", await(boc.when(() -> tryToMutate(nb.snapshot()))));
      nb.seed("k", 1);
      assertEquals("[k]", await(boc.when(() -> tryToMutate(nb.snapshot()))));
      assertEquals(Map.of("k", 1), nb.snapshot());
    }
  }

  /** Every mutator throws UnsupportedOperationException and changes nothing; returns the keys. */
  private static String tryToMutate(Map<String, Object> m) {
    Map<String, Object> before = new HashMap<>(m);
    assertThrows(UnsupportedOperationException.class, () -> m.put("x", 1));
    assertThrows(UnsupportedOperationException.class, () -> m.putAll(Map.of("y", 2)));
    assertThrows(UnsupportedOperationException.class, () -> m.remove("k"));
    assertThrows(UnsupportedOperationException.class, m::clear);
    assertThrows(UnsupportedOperationException.class, () -> m.computeIfAbsent("z", k -> 3));
    assertEquals(before, m);
    return m.keySet().toString();
  }

  @Test
  void n04_viewIsFrozenForTheWholeBody() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      nb.seed("v", 100);
      nb.seed("s", "before");
      // The body's own writes, committed by its own sync(), do not move its view.
      ResultCown<Object> own = boc.when(() -> {
        Object first = nb.read("v");
        nb.write("v", 200);
        nb.update("s", old -> "after", "none");
        nb.sync();
        return first + "/" + nb.read("v") + "/" + nb.read("s") + "/" + nb.snapshot().get("s");
      });
      assertEquals("100/100/before/before", await(own));
      assertEquals(200, nb.read("v"));
      assertEquals("after", nb.read("s"));
      // Nor do versions committed by other threads while the body runs.
      CountDownLatch frozen = new CountDownLatch(1);
      CountDownLatch seeded = new CountDownLatch(1);
      ResultCown<Object> other = boc.when(() -> {
        Object first = nb.read("v");
        frozen.countDown();
        assertTrue(seeded.await(10, TimeUnit.SECONDS));
        return first + "/" + nb.read("v") + "/" + nb.snapshot().get("v");
      });
      assertTrue(frozen.await(10, TimeUnit.SECONDS));
      nb.seed("v", 300);
      seeded.countDown();
      assertEquals("200/200/200", await(other));
    }
  }

  @Test
  void n05_eachBodyGetsAFreshView() throws Exception {
    try (Boc boc = newBoc(1)) { // one worker: both bodies reuse the same thread and its scope
      Noticeboard nb = boc.noticeboard();
      nb.seed("seq", 1);
      assertEquals(1, await(boc.when(() -> nb.read("seq"))));
      boc.run(() -> nb.write("seq", 2));
      boc.quiesce(WAIT); // the barrier: A's write is committed before B starts
      assertEquals(2, await(boc.when(() -> nb.read("seq"))));
    }
  }

  @Test
  void n06_valuesAreStoredByReferenceAndMustBeNonNull() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      List<Object> mutable = new ArrayList<>(List.of(1, 2));
      Object plain = new Object();
      nb.seed("plain", plain);
      boc.run(() -> nb.write("list", mutable));
      Map<String, Object> board = boc.quiesce(WAIT).noticeboard();
      assertSame(mutable, board.get("list"));
      assertSame(plain, board.get("plain"));
      assertSame(mutable, nb.read("list"));
      assertSame(plain, await(boc.when(() -> nb.read("plain"))));
      assertThrows(NullPointerException.class, () -> nb.write("k", null));
      assertThrows(NullPointerException.class, () -> nb.seed("k", null));
      assertInstanceOf(NullPointerException.class, failureOf(boc.when(() -> {
        nb.write("k", null);
        return null;
      })));
      assertFalse(nb.snapshot().containsKey("k"));
    }
  }

  @Test
  void n07_readReturnsTheDefaultOrNullWhenAbsent() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      assertEquals(42, (int) nb.read("absent", 42));
      assertNull(nb.read("absent"));
      nb.seed("present", 7);
      assertEquals(7, (int) nb.read("present", 42));
      assertEquals("42/null/7", await(boc.when(
          () -> nb.read("absent", 42) + "/" + nb.read("absent") + "/" + nb.read("present", 0))));
    }
  }

  // --- keys and capacity ----------------------------------------------------------------------------

  @Test
  void n08_defaultLimitsAre64KeysOf63Bytes() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      assertEquals(64, nb.capacity());
      assertEquals(63, nb.maxKeyBytes());
      nb.seed("a".repeat(63), 1);
      nb.seed("a".repeat(60) + "€", 2); // 60 + 3 bytes
      nb.seed("a".repeat(59) + "😀", 3); // 59 + 4 bytes
      assertThrows(IllegalArgumentException.class, () -> nb.write("a".repeat(64), 1));
      assertThrows(IllegalArgumentException.class, () -> nb.write("a".repeat(61) + "€", 1));
      assertThrows(IllegalArgumentException.class, () -> nb.write("a".repeat(60) + "😀", 1));
      assertEquals(3, nb.size());
      for (int i = 3; i < 64; i++) {
        int v = i;
        boc.run(() -> nb.write("k" + v, v));
      }
      Map<String, Object> board = boc.quiesce(WAIT).noticeboard();
      assertEquals(64, board.size());
      assertEquals(63, board.get("k63"));
    }
  }

  @Test
  void n09_keyErrorsAreThrownInTheCaller() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      assertThrows(NullPointerException.class, () -> nb.write(null, 1));
      assertThrows(NullPointerException.class, () -> nb.delete(null));
      assertThrows(NullPointerException.class, () -> nb.read(null));
      for (String bad : List.of("", "a".repeat(64), "a\0b", "x\uD800")) {
        assertThrows(IllegalArgumentException.class, () -> nb.write(bad, 1), bad);
        assertThrows(IllegalArgumentException.class, () -> nb.update(bad, v -> v, 0), bad);
        assertThrows(IllegalArgumentException.class, () -> nb.delete(bad), bad);
        assertThrows(IllegalArgumentException.class, () -> nb.seed(bad, 1), bad);
      }
      IllegalArgumentException nul =
          assertThrows(IllegalArgumentException.class, () -> nb.write("a\0b", 1));
      assertTrue(nul.getMessage().contains("NUL"), nul.getMessage());
      // Inside a body the error lands on the body's result cown.
      assertInstanceOf(IllegalArgumentException.class, failureOf(boc.when(() -> {
        nb.write("", 1);
        return null;
      })));
      assertInstanceOf(NullPointerException.class, failureOf(boc.when(() -> {
        nb.update(null, v -> v, 0);
        return null;
      })));
      assertEquals(0, boc.quiesce(WAIT).noticeboard().size());
    }
  }

  @Test
  void n10_limitsAreConfigurable() throws Exception {
    try (Boc boc = Boc.builder().workers(1).noticeboardCapacity(3).noticeboardMaxKeyBytes(5).build()) {
      Noticeboard nb = boc.noticeboard();
      assertEquals(3, nb.capacity());
      assertEquals(5, nb.maxKeyBytes());
      nb.seed("abcde", 1);
      nb.seed("ab€", 2); // 5 bytes
      assertThrows(IllegalArgumentException.class, () -> nb.seed("abcdef", 1));
      assertThrows(IllegalArgumentException.class, () -> nb.seed("abc€", 1)); // 6 bytes
      nb.seed("c", 3);
      assertThrows(IllegalStateException.class, () -> nb.seed("d", 4));
      assertEquals(Map.of("abcde", 1, "ab€", 2, "c", 3), nb.snapshot());
    }
  }

  @Test
  void n11_newKeyOnAFullBoardThrowsNamingKeyAndCapacity() throws Exception {
    try (Boc boc = Boc.builder().workers(2).noticeboardCapacity(4).build()) {
      Noticeboard nb = boc.noticeboard();
      for (int i = 0; i < 4; i++) {
        nb.seed("k" + i, i);
      }
      IllegalStateException w = assertThrows(IllegalStateException.class, () -> nb.write("new", 1));
      assertTrue(w.getMessage().contains("\"new\"") && w.getMessage().contains("capacity 4"),
          w.getMessage());
      assertThrows(IllegalStateException.class, () -> nb.update("new", v -> 1, 0));
      assertThrows(IllegalStateException.class, () -> nb.seed("new", 1));
      assertInstanceOf(IllegalStateException.class, failureOf(boc.when(() -> {
        nb.write("new", 1);
        return null;
      })));
      assertEquals(4, nb.rejectedWrites());
      // Existing keys can still be written, updated and seeded.
      nb.write("k0", "x");
      nb.update("k1", v -> "y", 0);
      nb.seed("k2", "z");
      nb.sync();
      assertEquals(Map.of("k0", "x", "k1", "y", "k2", "z", "k3", 3), nb.snapshot());
      assertEquals(0, nb.droppedMutations());
    }
  }

  @Test
  void n12_overflowFoundOnlyAtCommitIsDroppedLoggedAndCounted() throws Exception {
    try (Boc boc = Boc.builder().workers(2).noticeboardCapacity(4).build();
        LogCapture log = new LogCapture()) {
      Noticeboard nb = boc.noticeboard();
      for (int i = 0; i < 3; i++) {
        nb.seed("k" + i, i);
      }
      // Hold the committer inside an update, so both new keys pass the caller's check (3 < 4)
      // before either is committed.
      CountDownLatch inFn = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      nb.update("k0", v -> {
        inFn.countDown();
        awaitQuietly(release);
        return v;
      }, 0);
      assertTrue(inFn.await(10, TimeUnit.SECONDS));
      nb.write("n1", 1);
      nb.write("n2", 2);
      release.countDown();
      Map<String, Object> board = boc.quiesce(WAIT).noticeboard();
      assertEquals(4, board.size());
      assertEquals(1, board.get("n1"));
      assertFalse(board.containsKey("n2"));
      assertEquals(1, nb.droppedMutations());
      assertEquals(0, nb.rejectedWrites());
      assertTrue(log.has(Level.WARNING, "\"n2\"", "capacity 4"), "a warning names the key");
    }
  }

  @Test
  void n13_deletingAKeyFreesItsSlot() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      for (int i = 0; i < 64; i++) {
        nb.seed("k" + i, i);
      }
      assertThrows(IllegalStateException.class, () -> nb.write("fresh", 1));
      nb.delete("k5");
      nb.sync();
      nb.write("fresh", 1);
      nb.sync();
      assertEquals(64, nb.size());
      assertEquals(1, nb.read("fresh"));
      assertNull(nb.read("k5"));
    }
  }

  // --- concurrency basics ---------------------------------------------------------------------------

  @Test
  void n14_concurrentBehavioursWritingDistinctKeysAllLand() throws Exception {
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      for (int i = 0; i < 8; i++) {
        int v = i;
        boc.run(Cown.of(i), c -> nb.write("cw_" + v, v * 10));
      }
      Map<String, Object> board = boc.quiesce(WAIT).noticeboard();
      assertEquals(8, board.size());
      assertEquals(70, board.get("cw_7"));
    }
  }

  @Test
  void n15_boardIsEmptyAfterARestart() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      boc.run(() -> nb.write("k", 1));
      assertEquals(Map.of("k", 1), boc.waitAll(WAIT).noticeboard());
      assertFalse(boc.isRunning());
      assertEquals(0, nb.size());
      assertEquals("{}/null", await(boc.when(() -> nb.snapshot() + "/" + nb.read("k"))));
    }
  }

  @Test
  void n16_eachThreadsMutationsCommitInPostingOrder() throws Exception {
    int threads = 4;
    int perThread = 200;
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        ts.add(new Thread(() -> {
          for (int j = 0; j < perThread; j++) {
            int seq = j;
            nb.write("t" + id, seq); // commits inline or in a round ...
            nb.update("log", old -> new Entry(id, seq, (Entry) old), null); // ... always in a round
          }
        }));
      }
      ts.forEach(Thread::start);
      for (Thread t : ts) {
        t.join();
      }
      Map<String, Object> board = boc.quiesce(WAIT).noticeboard();
      int[] next = new int[threads];
      List<Entry> inOrder = new ArrayList<>();
      for (Entry e = (Entry) board.get("log"); e != null; e = e.prev) {
        inOrder.add(0, e);
      }
      assertEquals(threads * perThread, inOrder.size());
      for (Entry e : inOrder) {
        assertEquals(next[e.thread]++, e.seq, "thread " + e.thread + "'s updates out of order");
      }
      for (int t = 0; t < threads; t++) {
        assertEquals(perThread - 1, board.get("t" + t));
      }
    }
  }

  /** An immutable log cell: the board's "log" value is the newest cell. */
  record Entry(int thread, int seq, Entry prev) {}

  // --- update ------------------------------------------------------------------------------------------

  @Test
  void n17_updateAppliesFnOnceAtomically() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      nb.seed("n", 10);
      AtomicInteger calls = new AtomicInteger();
      boc.run(() -> nb.update("n", v -> {
        calls.incrementAndGet();
        return (int) v + 1;
      }, 0));
      boc.run(() -> nb.update("m", v -> (int) v + 10, 0));
      Map<String, Object> board = boc.quiesce(WAIT).noticeboard();
      assertEquals(11, board.get("n"));
      assertEquals(10, board.get("m"));
      assertEquals(1, calls.get());
    }
  }

  @Test
  void n18_concurrentUpdatesLoseNothing() throws Exception {
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      for (int i = 0; i < 8; i++) {
        boc.run(Cown.of(i), c -> nb.update("count", v -> (int) v + 1, 0));
      }
      assertEquals(8, boc.quiesce(WAIT).noticeboard().get("count"));
    }
  }

  @Test
  void n19_nullKeyOrFunctionThrowsInTheCaller() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      assertThrows(NullPointerException.class, () -> nb.update(null, v -> v, 0));
      assertThrows(NullPointerException.class, () -> nb.update("k", null, 0));
      assertInstanceOf(NullPointerException.class, failureOf(boc.when(() -> {
        nb.update("k", null, 0);
        return null;
      })));
      assertEquals(0, nb.pendingMutations());
    }
  }

  @Test
  void n20_throwingFnKeepsTheOldValueIsLoggedAndNeverReachesTheCaller() throws Exception {
    try (Boc boc = newBoc(2);
        LogCapture log = new LogCapture()) {
      Noticeboard nb = boc.noticeboard();
      nb.seed("k", 42);
      ResultCown<Object> r = boc.when(() -> {
        nb.update("k", v -> {
          throw new IllegalStateException("fn boom");
        }, 0);
        return "body fine";
      });
      assertEquals("body fine", await(r));
      boc.run(() -> nb.update("k", v -> null, 0)); // null is not a value: a failure too
      boc.run(() -> nb.update("m", v -> Math.max(42, (int) v), 0));
      Map<String, Object> board = boc.quiesce(WAIT).noticeboard();
      assertEquals(42, board.get("k"));
      assertEquals(42, board.get("m"));
      assertEquals(2, nb.failedUpdates());
      assertTrue(log.has(Level.WARNING, "\"k\"", "threw"), "the failure is logged with its key");
    }
  }

  @Test
  void n21_removedDeletesAndOnlyRemovedDeletes() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      nb.seed("a", 50);
      nb.seed("b", 200);
      UnaryOperator<Object> bumpOrRemove =
          v -> (int) v < 100 ? (Object) ((int) v + 1) : Noticeboard.REMOVED;
      boc.run(() -> {
        nb.update("a", bumpOrRemove, 0);
        nb.update("b", bumpOrRemove, 0);
        nb.update("c", v -> "REMOVED", 0); // an equal-looking string is a value, not the marker
      });
      assertEquals(Map.of("a", 51, "c", "REMOVED"), boc.quiesce(WAIT).noticeboard());
      boc.run(() -> nb.update("b", v -> (int) v + 1, 0));
      assertEquals(1, boc.quiesce(WAIT).noticeboard().get("b"));
    }
  }

  @Test
  void n22_removedIsANonNullSingleton() {
    assertNotNull(Noticeboard.REMOVED);
    assertEquals("REMOVED", Noticeboard.REMOVED.toString());
    assertSame(Noticeboard.REMOVED, Noticeboard.REMOVED);
    assertFalse(Noticeboard.REMOVED.equals("REMOVED"));
  }

  @Test
  void n23_deleteRemovesAKeyAndDeletingAnAbsentKeyIsANoOp() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      nb.seed("k", 1);
      nb.delete("k");
      nb.sync();
      assertNull(nb.read("k"));
      long v = nb.version();
      nb.delete("k");
      nb.delete("never");
      nb.sync();
      assertEquals(v, nb.version());
      assertEquals(Map.of(), boc.quiesce(WAIT).noticeboard());
    }
  }

  // --- life cycle ------------------------------------------------------------------------------------

  @Test
  void n24_mutationsWithoutARuntimeThrowBeforeTheKeyIsChecked() throws Exception {
    Boc boc = newBoc(1);
    Noticeboard nb = boc.noticeboard();
    assertNotRunning(nb);
    boc.start();
    boc.waitAll(WAIT);
    assertNotRunning(nb); // and again after waitAll
    assertNull(nb.read("k")); // reads need no runtime
    assertEquals(Map.of(), nb.snapshot());
    boc.close();
    for (Runnable op : List.<Runnable>of(
        () -> nb.write("k", 1), () -> nb.update("k", v -> v, 0), () -> nb.delete("k"),
        () -> nb.seed("k", 1))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, op::run);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
  }

  private static void assertNotRunning(Noticeboard nb) {
    assertMessage("cannot write to the noticeboard", () -> nb.write("k", 1));
    assertMessage("cannot update the noticeboard", () -> nb.update("k", v -> v, 0));
    assertMessage("cannot delete from the noticeboard", () -> nb.delete("k"));
    assertMessage("cannot write to the noticeboard", () -> nb.write(null, null));
    assertMessage("cannot update the noticeboard", () -> nb.update("", null, 0));
    assertMessage("cannot delete from the noticeboard", () -> nb.delete("a\0"));
    assertMessage("cannot sync the noticeboard", nb::sync);
  }

  private static void assertMessage(String start, org.junit.jupiter.api.function.Executable op) {
    IllegalStateException e = assertThrows(IllegalStateException.class, op);
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
    assertTrue(e.getMessage().contains("no Boc runtime is running"), e.getMessage());
  }

  @Test
  void n25_cownsInEntriesStayUsable() throws Exception {
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      List<Cown<Integer>> ring = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ring.add(Cown.of(0));
      }
      boc.run(() -> nb.write("ring", ring));
      boc.quiesce(WAIT);
      for (int i = 0; i < 8; i++) {
        int at = i;
        boc.run(() -> {
          List<Cown<Integer>> r = nb.read("ring", List.of());
          boc.run(r.get(at), r.get((at + 1) % 8), (a, b) -> {
            a.set(a.get() + 1);
            b.set(b.get() + 1);
          });
        });
      }
      boc.quiesce(WAIT);
      assertEquals(16, (int) await(boc.whenAll(ring, all -> sumAll(all))));
      // Overwriting installs the new cown.
      boc.run(() -> {
        nb.write("c", Cown.of(1));
        nb.write("c", Cown.of(100));
      });
      boc.quiesce(WAIT);
      assertEquals(100, await(readCownThroughBoard(boc, nb)));
      // Delete, then rewrite.
      boc.run(() -> {
        nb.delete("c");
        nb.write("c", Cown.of(999));
      });
      boc.quiesce(WAIT);
      assertEquals(999, await(readCownThroughBoard(boc, nb)));
      // A cown taken from a snapshot stays valid after its entry is overwritten.
      Cown<Integer> old = nb.read("c", null);
      nb.write("c", Cown.of(5));
      nb.sync();
      assertEquals(20, (int) await(boc.when(old, c -> {
        c.set(20);
        return c.get();
      })));
    }
  }

  /** A body reads the cown stored under "c" and chains a behaviour on it; returns that result. */
  private static ResultCown<Integer> readCownThroughBoard(Boc boc, Noticeboard nb) throws Exception {
    ResultCown<ResultCown<Integer>> outer = boc.when(() -> {
      Cown<Integer> c = nb.read("c", null);
      return boc.when(c, x -> x.get());
    });
    return await(outer);
  }

  @Test
  void n26_aWriteMadeBeforeTheBodyThrowsIsStillApplied() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      IllegalStateException boom = new IllegalStateException("boom");
      ResultCown<Object> r = boc.when(() -> {
        nb.write("k", 42);
        throw boom;
      });
      assertSame(boom, failureOf(r));
      assertEquals(42, boc.quiesce(WAIT).noticeboard().get("k"));
    }
  }

  @Test
  void n27_seedCommitsBeforeReturningAndStartsTheRuntime() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      assertFalse(boc.isRunning());
      nb.seed("s", 7);
      assertTrue(boc.isRunning());
      assertEquals(7, nb.snapshot().get("s"));
      assertEquals(7, await(boc.when(() -> nb.read("s"))));
      nb.seed("last", 1);
      nb.seed("last", 2);
      assertEquals(2, nb.read("last"));
      assertEquals(2, await(boc.when(() -> nb.read("last"))));
      // After waitAll, seed starts a fresh runtime again.
      boc.waitAll(WAIT);
      nb.seed("again", true);
      assertTrue(boc.isRunning());
      assertEquals(Map.of("again", true), nb.snapshot());
    }
  }

  @Test
  void n28_seedIsRefusedOnWorkersAndKeepsCownsUsable() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      Throwable onWorker = failureOf(boc.when(() -> {
        nb.seed("x", 1);
        return null;
      }));
      assertInstanceOf(IllegalStateException.class, onWorker);
      assertTrue(onWorker.getMessage().contains("worker thread"), onWorker.getMessage());
      assertThrows(IllegalArgumentException.class, () -> nb.seed("", 1));
      List<Cown<Integer>> ring = List.of(Cown.of(0), Cown.of(0), Cown.of(0), Cown.of(0));
      nb.seed("ring", ring);
      ResultCown<Integer> r = boc.when(() -> {
        List<Cown<Integer>> seeded = nb.read("ring", List.of());
        assertEquals(4, seeded.size());
        boc.run(seeded.get(2), c -> c.set(20));
        return seeded.size();
      });
      assertEquals(4, await(r));
      boc.quiesce(WAIT);
      assertEquals(20, (int) await(boc.when(ring.get(2), c -> c.get())));
    }
  }

  @Test
  void n29_syncWaitsForThisThreadsMutations() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      assertThrows(IllegalStateException.class, nb::sync);
      boc.start();
      nb.sync(Duration.ZERO); // nothing posted: returns at once
      nb.update("u", v -> (int) v + 1, 0); // committed by a drain round
      nb.sync();
      assertEquals(1, nb.read("u"));
      // With the committer held inside a slow update, sync(timeout) times out.
      CountDownLatch inFn = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      nb.update("slow", v -> {
        inFn.countDown();
        awaitQuietly(release);
        return "done";
      }, "none");
      assertTrue(inFn.await(10, TimeUnit.SECONDS));
      nb.write("after", 1);
      TimeoutException e =
          assertThrows(TimeoutException.class, () -> nb.sync(Duration.ofMillis(50)));
      assertTrue(e.getMessage().contains("PT0.05S"), e.getMessage());
      release.countDown();
      nb.sync();
      assertEquals("done", nb.read("slow"));
      assertEquals(1, nb.read("after"));
      assertEquals(0, nb.pendingMutations());
      assertThrows(IllegalArgumentException.class, () -> nb.sync(Duration.ofMillis(-1)));
      assertThrows(NullPointerException.class, () -> nb.sync(null));
    }
  }

  @Test
  void n29_syncInsideABodyOnOneWorkerCommitsWithoutTheWorker() throws Exception {
    try (Boc boc = newBoc(1)) { // the drain round is queued behind the body on the only worker
      Noticeboard nb = boc.noticeboard();
      CountDownLatch synced = new CountDownLatch(1);
      CountDownLatch checked = new CountDownLatch(1);
      ResultCown<Object> r = boc.when(() -> {
        Object before = nb.read("x");
        nb.update("x", v -> (int) v + 1, 0);
        nb.sync();
        synced.countDown();
        assertTrue(checked.await(10, TimeUnit.SECONDS));
        return before + "/" + nb.read("x"); // sync does not move the body's view
      });
      assertTrue(synced.await(10, TimeUnit.SECONDS));
      assertEquals(1, nb.read("x"));
      checked.countDown();
      assertEquals("null/null", await(r));
    }
  }

  @Test
  void n30_aBehaviourOrderedAfterSyncSeesTheWrite() throws Exception {
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      Cown<Integer> c = Cown.of(0);
      for (int i = 0; i < 20; i++) {
        String key = "k" + i;
        ResultCown<Object> a = boc.when(c, x -> {
          Object own = nb.read(key);
          nb.update(key, v -> "set", "unset"); // an update: always committed by a drain round
          nb.sync();
          return own + "/" + nb.read(key);
        });
        ResultCown<Object> viaCown = boc.when(c, x -> nb.read(key));
        ResultCown<Object> viaResult = boc.when(a, x -> nb.read(key));
        assertEquals("null/null", await(a));
        assertEquals("set", await(viaCown));
        assertEquals("set", await(viaResult));
      }
    }
  }

  @Test
  void n31_versionCountsCommittedChangesOnlyAndNeverDecreases() throws Exception {
    try (Boc boc = newBoc(1);
        LogCapture expectedFailure = new LogCapture()) {
      Noticeboard nb = boc.noticeboard();
      long v = nb.version();
      nb.seed("a", 1);
      assertEquals(v + 1, nb.version());
      nb.delete("absent");
      nb.update("a", x -> {
        throw new IllegalStateException("no-op");
      }, 0);
      nb.update("absent", x -> Noticeboard.REMOVED, 0);
      nb.sync();
      assertEquals(v + 1, nb.version(), "no-ops do not count");
      nb.write("a", 2);
      nb.update("a", x -> 3, 0);
      nb.delete("a");
      nb.write("b", 1);
      nb.sync();
      assertEquals(v + 5, nb.version());
      long beforeRestart = nb.version();
      boc.waitAll(WAIT);
      assertTrue(nb.version() >= beforeRestart);
      nb.seed("c", 1);
      assertTrue(nb.version() > beforeRestart);
    }
  }

  @Test
  void n32_outsideABodyEachReadSeesTheLatestCommittedVersion() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      nb.seed("k", 1);
      assertEquals(1, nb.read("k"));
      nb.seed("k", 2);
      assertEquals(2, nb.read("k"));
      nb.update("k", v -> 3, 0);
      nb.sync();
      assertEquals(3, nb.read("k"));
      assertEquals(Map.of("k", 3), nb.snapshot());
      boc.run(() -> nb.write("k", 4));
      boc.quiesce(WAIT);
      assertEquals(4, nb.read("k"));
    }
  }

  @Test
  void o12_withoutSyncAChainedBehaviourMaySeeEitherState() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      Cown<Integer> c = Cown.of(0);
      boc.run(c, x -> nb.update("k", v -> "new", "old"));
      Object seen = await(boc.when(c, x -> nb.read("k", "absent")));
      assertTrue(seen.equals("absent") || seen.equals("new"), String.valueOf(seen));
      assertEquals("new", boc.quiesce(WAIT).noticeboard().get("k"));
    }
  }

  // --- the final board (L13, L14) -----------------------------------------------------------------

  @Test
  void l13_theReturnedMapIsTheFinalStateDetachedAndNeverNull() throws Exception {
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      assertEquals(Map.of(), boc.quiesce(WAIT).noticeboard()); // never started
      boc.run(() -> {});
      assertEquals(Map.of(), boc.quiesce(WAIT).noticeboard()); // started, nothing written
      Map<String, Object> nested = Map.of("inner", List.of(1, 2, Map.of("deep", true)));
      boc.run(() -> {
        nb.write("a", 1);
        nb.write("a", 2);
        nb.write("nested", nested);
        nb.write("gone", 1);
        nb.delete("gone");
      });
      Map<String, Object> fin = boc.quiesce(WAIT).noticeboard();
      assertEquals(Map.of("a", 2, "nested", nested), fin);
      assertSame(nested, fin.get("nested"));
      assertThrows(UnsupportedOperationException.class, () -> fin.put("x", 1));
      boc.run(() -> nb.write("a", 3));
      Map<String, Object> last = boc.waitAll(WAIT).noticeboard();
      assertEquals(2, fin.get("a"), "the earlier map is detached from the board");
      assertEquals(3, last.get("a"));
      assertEquals(Map.of(), boc.waitAll(WAIT).noticeboard()); // no runtime: the empty form
    }
  }

  @Test
  void l14_waitAllAndQuiesceCommitEveryPostedMutation() throws Exception {
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      for (int i = 0; i < 200; i++) {
        boc.run(() -> nb.update("sum", v -> (int) v + 1, 0));
      }
      for (int i = 0; i < 50; i++) {
        int v = i;
        boc.run(() -> nb.write("w" + v, v));
      }
      nb.update("main", v -> "last", "none"); // posted by this thread, no sync
      Map<String, Object> q = boc.quiesce(WAIT).noticeboard();
      assertEquals(200, q.get("sum"));
      assertEquals(52, q.size());
      assertEquals("last", q.get("main"));
      nb.update("main", v -> "final", "none");
      assertEquals("final", boc.waitAll(WAIT).noticeboard().get("main"));
    }
  }

  // --- re-entrance ---------------------------------------------------------------------------------

  @Test
  void updateFunctionsCannotChangeTheBoard() throws Exception {
    try (Boc boc = newBoc(1);
        LogCapture log = new LogCapture()) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      nb.update("k", v -> {
        nb.write("other", 1);
        return "unreachable";
      }, 0);
      nb.sync();
      assertNull(nb.read("k"));
      assertNull(nb.read("other"));
      assertEquals(1, nb.failedUpdates());
      assertTrue(log.has(Level.WARNING, "\"k\""));
    }
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
