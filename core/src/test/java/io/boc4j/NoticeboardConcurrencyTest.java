package io.boc4j;

import static io.boc4j.NoticeboardTestSupport.SCALE;
import static io.boc4j.NoticeboardTestSupport.STRESS_WAIT;
import static io.boc4j.NoticeboardTestSupport.WAIT;
import static io.boc4j.NoticeboardTestSupport.await;
import static io.boc4j.NoticeboardTestSupport.newBoc;
import static io.boc4j.NoticeboardTestSupport.stayBusy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The noticeboard under concurrency: lost updates, torn reads, serial order, capacity races,
 * early termination through the board, and the L16/F07 stop/retry scenario. Heavy parts are tagged
 * "stress" and grow with {@code -Dboc4j.stress.scale=N}; random tests log their seed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NoticeboardConcurrencyTest {

  // --- stop / retry (L16, F07) ---------------------------------------------------------------------

  @Test
  void l16_f07_aSlowUpdateMakesWaitAllTimeOutThenTheRuntimeRestarts() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      boc.run(() -> nb.update("slow", v -> {
        stayBusy(Duration.ofMillis(600));
        return (int) v + 1;
      }, 0));
      assertThrows(TimeoutException.class, () -> boc.waitAll(Duration.ofMillis(100)));
      assertTrue(boc.isRunning(), "a timed-out waitAll tears nothing down");
      assertEquals(Map.of("slow", 1), boc.waitAll(STRESS_WAIT).noticeboard());
      assertFalse(boc.isRunning());
      assertRestartsOnTwoWorkers(boc);
    }
  }

  @Test
  void l16_aSlowUpdatePostedByAPlainThreadAlsoCountsAsInFlight() throws Exception {
    try (Boc boc = newBoc(1)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      nb.update("slow", v -> {
        stayBusy(Duration.ofMillis(600));
        return "done";
      }, "none");
      assertThrows(TimeoutException.class, () -> boc.waitAll(Duration.ofMillis(100)));
      assertEquals(Map.of("slow", "done"), boc.waitAll(STRESS_WAIT).noticeboard());
      assertRestartsOnTwoWorkers(boc);
    }
  }

  private static void assertRestartsOnTwoWorkers(Boc boc) throws Exception {
    boc.start(2);
    assertEquals(2, boc.workerCount());
    assertEquals("ok", await(boc.when(() -> "ok")));
    Noticeboard nb = boc.noticeboard();
    assertEquals(Map.of(), nb.snapshot(), "the restarted runtime has an empty board");
    boc.run(() -> nb.update("after", v -> "restart", "none"));
    assertEquals(Map.of("after", "restart"), boc.quiesce(WAIT).noticeboard());
  }

  // --- no lost updates ------------------------------------------------------------------------------

  @Test
  @Tag("stress")
  void n18_eightBehaviourChainsTimesAThousandIncrementsLoseNothing() throws Exception {
    int chains = 8;
    int perChain = 1000 * SCALE;
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      for (int c = 0; c < chains; c++) {
        Cown<Integer> cown = Cown.of(c);
        for (int i = 0; i < perChain; i++) {
          boc.run(cown, x -> nb.update("count", v -> (int) v + 1, 0));
        }
      }
      assertEquals(chains * perChain, boc.quiesce(STRESS_WAIT).noticeboard().get("count"));
      assertEquals(0, nb.pendingMutations());
      assertEquals(0, nb.failedUpdates());
    }
  }

  @Test
  @Tag("stress")
  void n18_eightBehavioursEachPostingAThousandIncrementsLoseNothing() throws Exception {
    int behaviours = 8;
    int each = 1000 * SCALE;
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      for (int b = 0; b < behaviours; b++) {
        boc.run(Cown.of(b), x -> {
          for (int i = 0; i < each; i++) {
            nb.update("count", v -> (int) v + 1, 0);
            nb.update("sum", v -> (long) v + 2, 0L);
          }
        });
      }
      Map<String, Object> board = boc.quiesce(STRESS_WAIT).noticeboard();
      assertEquals(behaviours * each, board.get("count"));
      assertEquals(2L * behaviours * each, board.get("sum"));
    }
  }

  @Test
  @Tag("stress")
  void f14_eightWritersAndEightUpdatersThenTheCapacityAndKeyLengthEdges() throws Exception {
    int rounds = 100 * SCALE;
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      for (int w = 0; w < 8; w++) {
        int writer = w;
        boc.run(Cown.of(w), x -> {
          for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 4; k++) {
              nb.write("w" + writer + "_" + k, r);
            }
          }
        });
      }
      for (int u = 0; u < 8; u++) {
        boc.run(Cown.of(u), x -> {
          for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 8; k++) {
              nb.update("u" + k, v -> (int) v + 1, 0);
            }
          }
        });
      }
      Map<String, Object> board = boc.quiesce(STRESS_WAIT).noticeboard();
      assertEquals(40, board.size());
      for (int k = 0; k < 8; k++) {
        assertEquals(8 * rounds, board.get("u" + k));
        assertEquals(rounds - 1, board.get("w" + k + "_3"));
      }
      // Fill to exactly 64 with 63-byte keys of 3-byte characters; the 65th key fails.
      for (int i = 0; i < 24; i++) {
        nb.seed("€".repeat(20) + String.format("%03d", i), i); // 60 + 3 = 63 UTF-8 bytes
      }
      assertEquals(64, nb.size());
      assertThrows(IllegalStateException.class, () -> nb.write("sixty-fifth", 1));
      assertThrows(IllegalStateException.class, () -> nb.write("€".repeat(21), 1)); // 63 bytes
      assertThrows(IllegalArgumentException.class, () -> nb.write("€".repeat(21) + "a", 1));
      nb.write("€".repeat(20) + "000", "overwritten"); // an existing key still takes writes
      nb.sync();
      assertEquals("overwritten", nb.read("€".repeat(20) + "000"));
      assertEquals(64, nb.size());
    }
  }

  // --- consistency of what bodies see --------------------------------------------------------------

  /** An immutable pair that a single update changes as a whole. */
  record Pair(int a, int b) {}

  @Test
  @Tag("stress")
  void n04_aBodyNeverSeesATornPairOfKeys() throws Exception {
    int n = 20_000 * SCALE;
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicInteger intermediate = new AtomicInteger();
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      nb.seed("x", 0);
      nb.seed("y", 0);
      nb.seed("pair", new Pair(0, 0));
      CountDownLatch half = new CountDownLatch(1);
      CountDownLatch resume = new CountDownLatch(1);
      // One thread writes x then y (consecutive posts: every committed version has y <= x <= y + 1)
      // and moves the pair with single updates (every version has a == b).
      Thread writer = new Thread(() -> {
        for (int i = 1; i <= n; i++) {
          nb.write("x", i);
          nb.write("y", i);
          nb.update("pair", p -> new Pair(((Pair) p).a() + 1, ((Pair) p).b() + 1), null);
          if (i == n / 2) {
            half.countDown();
            NoticeboardTest.awaitQuietly(resume);
          }
        }
      }, "pair-writer");
      writer.start();
      assertTrue(half.await(30, TimeUnit.SECONDS));
      readBatch(boc, nb, violations, intermediate, n); // guaranteed to see a mid-way state
      resume.countDown();
      while (writer.isAlive()) {
        readBatch(boc, nb, violations, intermediate, n);
      }
      writer.join();
      assertTrue(violations.isEmpty(), () -> violations.size() + " torn reads, e.g. "
          + violations.peek());
      assertTrue(intermediate.get() > 0);
      Map<String, Object> fin = boc.quiesce(STRESS_WAIT).noticeboard();
      assertEquals(n, fin.get("x"));
      assertEquals(new Pair(n, n), fin.get("pair"));
      System.out.println("torn-pair readers that saw a mid-way state: " + intermediate.get());
    }
  }

  /** Eight reader bodies, awaited. Each reads x then y: a live (unfrozen) read could see y > x. */
  private static void readBatch(Boc boc, Noticeboard nb, ConcurrentLinkedQueue<String> violations,
      AtomicInteger intermediate, int n) throws Exception {
    List<ResultCown<Object>> readers = new ArrayList<>();
    for (int r = 0; r < 8; r++) {
      readers.add(boc.when(() -> {
        int x = nb.read("x", -1);
        Thread.onSpinWait();
        int y = nb.read("y", -1);
        Pair p = nb.read("pair", null);
        Map<String, Object> s = nb.snapshot();
        if (y > x || x > y + 1) {
          violations.add("x=" + x + " y=" + y);
        }
        if (p.a() != p.b()) {
          violations.add("pair " + p);
        }
        if (!s.get("x").equals(x) || !s.get("y").equals(y) || s.get("pair") != p) {
          violations.add("snapshot " + s + " differs from reads x=" + x + " y=" + y);
        }
        if (x > 0 && x < n) {
          intermediate.incrementAndGet();
        }
        return null;
      }));
    }
    for (ResultCown<Object> r : readers) {
      await(r);
    }
  }

  @Test
  @Tag("stress")
  void n16_oneSerialOrderAcrossThreadsAndEachThreadsOrderKept() throws Exception {
    int threads = 4;
    int perThread = 2000 * SCALE;
    long seed = NoticeboardTestSupport.seed("n16_oneSerialOrderAcrossThreadsAndEachThreadsOrderKept");
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Random random = new Random(seed + t);
        ts.add(new Thread(() -> {
          for (int j = 1; j <= perThread; j++) {
            int seq = j;
            nb.write("w" + id, seq); // first w, then u: every version has u <= w <= u + 1
            nb.update("u" + id, v -> seq, 0);
            if (random.nextInt(4) == 0) {
              nb.delete("scratch" + id); // noise between, in both commit paths
            } else if (random.nextInt(4) == 0) {
              nb.update("scratch" + id, v -> seq, 0);
            }
          }
        }, "poster-" + t));
      }
      AtomicLong snapshots = new AtomicLong();
      Thread observer = new Thread(() -> {
        long lastVersion = -1;
        int[] lastW = new int[threads];
        while (ts.stream().anyMatch(Thread::isAlive)) {
          long version = nb.version();
          Map<String, Object> s = nb.snapshot(); // outside a body: one committed version
          snapshots.incrementAndGet();
          if (version < lastVersion) {
            violations.add("version went back from " + lastVersion + " to " + version);
          }
          lastVersion = version;
          for (int t = 0; t < threads; t++) {
            int w = (int) s.getOrDefault("w" + t, 0);
            int u = (int) s.getOrDefault("u" + t, 0);
            if (u > w || w > u + 1) {
              violations.add("thread " + t + ": w=" + w + " u=" + u);
            }
            if (w < lastW[t]) {
              violations.add("thread " + t + ": w went back from " + lastW[t] + " to " + w);
            }
            lastW[t] = w;
          }
        }
      }, "observer");
      ts.forEach(Thread::start);
      observer.start();
      for (Thread t : ts) {
        t.join();
      }
      observer.join();
      assertTrue(violations.isEmpty(), () -> violations.size() + " violations, e.g. "
          + violations.peek());
      Map<String, Object> fin = boc.quiesce(STRESS_WAIT).noticeboard();
      for (int t = 0; t < threads; t++) {
        assertEquals(perThread, fin.get("w" + t));
        assertEquals(perThread, fin.get("u" + t));
      }
      System.out.println("serial-order observer took " + snapshots.get() + " snapshots");
    }
  }

  // --- sync ----------------------------------------------------------------------------------------

  @Test
  @Tag("stress")
  void n29_n30_afterSyncTheWriterAndBehavioursOrderedAfterItSeeTheWrite() throws Exception {
    int threads = 8;
    int each = 300 * SCALE;
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String key = "t" + t;
        ts.add(new Thread(() -> {
          try {
            for (int i = 1; i <= each; i++) {
              int v = i;
              nb.update(key, old -> v, 0);
              nb.sync();
              Object seen = nb.read(key);
              if (!Integer.valueOf(v).equals(seen)) {
                violations.add(key + ": wrote " + v + ", read " + seen + " after sync");
              }
            }
          } catch (TimeoutException e) {
            violations.add(key + ": " + e);
          }
        }));
      }
      // Behaviours: A updates and syncs, B is ordered after A through A's cown and must see it.
      List<ResultCown<Object>> checks = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        Cown<Integer> c = Cown.of(i);
        String key = "b" + (i % 8);
        int v = i;
        boc.run(c, x -> {
          nb.update(key, old -> Math.max((int) old, v), -1); // monotonic: others share the key
          nb.sync();
        });
        checks.add(boc.when(c, x -> {
          int seen = nb.read(key, -1);
          return seen >= v ? null : key + " saw " + seen + " after a sync of " + v;
        }));
      }
      ts.forEach(Thread::start);
      for (Thread t : ts) {
        t.join();
      }
      for (ResultCown<Object> r : checks) {
        Object bad = await(r);
        if (bad != null) {
          violations.add(bad.toString());
        }
      }
      assertTrue(violations.isEmpty(), () -> violations.size() + " violations, e.g. "
          + violations.peek());
    }
  }

  // --- capacity races (N11, N12) -------------------------------------------------------------------

  @Test
  @Tag("stress")
  void n12_aCapacityRaceNeverOverfillsAndNeverLosesAWriteSilently() throws Exception {
    int capacity = 16;
    int rounds = 10 * SCALE;
    try (Boc boc = Boc.builder().workers(4).noticeboardCapacity(capacity).build();
        BocTestSupport.LogCapture drops = new BocTestSupport.LogCapture()) {
      Noticeboard nb = boc.noticeboard();
      long lastVersion = -1;
      for (int round = 0; round < rounds; round++) {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        long rejectedBefore = nb.rejectedWrites();
        long droppedBefore = nb.droppedMutations();
        boc.start();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 8; t++) { // 8 plain threads ...
          int id = t;
          ts.add(new Thread(() -> attempt(nb, "p" + id + "_", accepted, rejected)));
        }
        for (int b = 0; b < 8; b++) { // ... and 8 behaviours, 4 new keys each
          int id = b;
          boc.run(() -> attempt(nb, "b" + id + "_", accepted, rejected));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
          t.join();
        }
        Map<String, Object> board = boc.waitAll(STRESS_WAIT).noticeboard();
        long dropped = nb.droppedMutations() - droppedBefore;
        assertEquals(64, accepted.get() + rejected.get());
        assertEquals(capacity, board.size(), "the board fills up and never overfills");
        assertEquals(accepted.get(), board.size() + dropped, "every accepted write landed or was"
            + " dropped, logged and counted");
        assertEquals(rejected.get(), nb.rejectedWrites() - rejectedBefore);
        assertTrue(dropped == 0 || drops.has(java.util.logging.Level.WARNING, "dropped"));
        assertTrue(nb.version() > lastVersion);
        lastVersion = nb.version();
        assertEquals(0, nb.size(), "waitAll empties the board");
      }
    }
  }

  private static void attempt(Noticeboard nb, String prefix, AtomicInteger accepted,
      AtomicInteger rejected) {
    for (int k = 0; k < 4; k++) {
      try {
        nb.write(prefix + k, k);
        accepted.incrementAndGet();
      } catch (IllegalStateException full) {
        rejected.incrementAndGet();
      }
    }
  }

  // --- early termination through the board ---------------------------------------------------------

  /**
   * bocpy's prime factorisation: ranges of divisors searched in parallel, each range first reading
   * the board and skipping its search once a range has published the factor. Which ranges start
   * before the publication is up to the scheduler (on a loaded machine the finding range can be
   * preempted while every other range starts), so the test asserts the rule itself: a range whose
   * first read comes after the finder's {@code sync()} returned skips its search. A ticket taken from
   * one counter orders each range's read against the publication; a second wave, scheduled after
   * the first quiesced, makes sure the rule is exercised on every run.
   */
  @Test
  void primeFactorisationStopsEarlyOnceOneRangeFindsTheFactor() throws Exception {
    long p = 10_007L;
    long q = 1_000_000_007L;
    long n = p * q;
    long limit = (long) Math.sqrt((double) n) + 1;
    int ranges = 64 * SCALE;
    long width = (limit - 1) / ranges + 1;
    AtomicLong clock = new AtomicLong();
    AtomicLong publishedAt = new AtomicLong(Long.MAX_VALUE);
    ConcurrentLinkedQueue<String> searchedAfterPublication = new ConcurrentLinkedQueue<>();
    AtomicInteger searched = new AtomicInteger();
    try (Boc boc = newBoc(4)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      Runnable wave = () -> {
        for (int r = 0; r < ranges; r++) {
          long lo = 2 + r * width;
          long hi = Math.min(limit + 1, lo + width);
          int range = r;
          boc.run(() -> {
            // The ticket is taken before the read: a ticket above the finder's means this read
            // began after the finder's sync() had returned, so the committed factor must be seen.
            long ticket = clock.incrementAndGet();
            if (nb.read("found") != null) {
              return; // another range found the factor: stop early
            }
            if (ticket > publishedAt.get()) {
              searchedAfterPublication.add("range " + range + " (ticket " + ticket
                  + ", factor published at " + publishedAt.get() + ")");
            }
            searched.incrementAndGet();
            for (long d = lo; d < hi; d++) {
              if (n % d == 0) {
                nb.write("found", d);
                nb.sync(); // publish now, not whenever the commit gets round to it (O12)
                publishedAt.compareAndSet(Long.MAX_VALUE, clock.incrementAndGet());
                return;
              }
            }
          });
        }
      };
      wave.run();
      Map<String, Object> board = boc.quiesce(STRESS_WAIT).noticeboard();
      long factor = (long) board.get("found");
      assertEquals(0, n % factor);
      assertEquals(p, factor, "the only factor below the square root");
      int firstWave = searched.get();
      assertTrue(firstWave >= 1 && firstWave <= ranges, "searched " + firstWave + " ranges");
      wave.run(); // every read of this wave comes after the publication
      boc.quiesce(STRESS_WAIT);
      assertEquals(firstWave, searched.get(),
          "ranges scheduled after the factor was published still searched");
      assertTrue(searchedAfterPublication.isEmpty(),
          "ranges read the board after the factor was published and still searched: "
              + searchedAfterPublication);
      System.out.println("prime factorisation searched " + firstWave + " of " + ranges
          + " ranges, then 0 of " + ranges + " after the factor was published");
    }
  }

  // --- writes racing with quiesce (L20) ------------------------------------------------------------

  @Test
  @Tag("stress")
  void l20_writesRacingWithQuiesceLandInOneOrderAndAllCommitEventually() throws Exception {
    int total = 5000 * SCALE;
    try (Boc boc = newBoc(2)) {
      Noticeboard nb = boc.noticeboard();
      boc.start();
      Thread writer = new Thread(() -> {
        for (int i = 1; i <= total; i++) {
          nb.write("n", i);
        }
      });
      writer.start();
      int last = 0;
      while (writer.isAlive()) {
        int seen = (int) boc.quiesce(WAIT).noticeboard().getOrDefault("n", 0);
        assertTrue(seen >= last, "quiesce went back from " + last + " to " + seen);
        last = seen;
      }
      writer.join();
      assertEquals(total, boc.quiesce(WAIT).noticeboard().get("n"));
    }
  }
}
