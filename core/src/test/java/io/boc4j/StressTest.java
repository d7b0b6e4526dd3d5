package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stress and fuzz tests (CONTRACT.md F01–F05, F09, F10, F19) plus randomized request sets, bank
 * conservation and deadlock freedom. Sizes are CI minimums multiplied by the system property {@code
 * boc4j.stress.scale} (default 1); every random test prints its seed, and {@code boc4j.stress.seed}
 * replays one.
 */
@Tag("stress")
@Timeout(value = 120, unit = SECONDS)
class StressTest extends BocTestSupport {

  private static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  /**
   * Quiescence and result waits in stress tests (F17: at least 30 s), scaled with the sizes; it
   * stands in for {@link BocTestSupport#WAIT} here.
   */
  private static final Duration WAIT = Duration.ofSeconds(30L * SCALE);

  /** Stress runtimes get a 10 s shutdown timeout. */
  StressTest() {
    super(Duration.ofSeconds(10));
  }

  private static long seed(String test) {
    long seed = Long.getLong("boc4j.stress.seed", System.nanoTime());
    System.out.println("StressTest." + test + " seed=" + seed + " (replay: -Dboc4j.stress.seed="
        + seed + ")");
    return seed;
  }

  // --- F01 ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "n={0}, m={1}")
  @CsvSource({"1000, 32", "200, 4", "500, 1"})
  void f01_disjointFanOutCountsExactly(int baseN, int m) throws Exception {
    newBoc(2);
    int n = baseN * SCALE;
    List<Cown<Integer>> cs = cowns(m, 0);
    for (int j = 0; j < n; j++) {
      boc.run(cs.get(j % m), x -> x.set(x.get() + 1));
    }
    boc.quiesce(WAIT);
    for (int i = 0; i < m; i++) {
      assertEquals(n / m + (i < n % m ? 1 : 0), read(cs.get(i)).intValue(), "cown " + i);
    }
  }

  // --- F02 ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "n={0}, m={1}")
  @CsvSource({"500, 8", "1000, 16"})
  void f02_overlappingFanOutOverPairsTotals2n(int baseN, int m) throws Exception {
    newBoc(2);
    int n = baseN * SCALE;
    List<Cown<Integer>> cs = cowns(m, 0);
    for (int i = 0; i < n; i++) {
      boc.run(cs.get(i % m), cs.get((i + 1) % m), (x, y) -> {
        x.set(x.get() + 1);
        y.set(y.get() + 1);
      });
    }
    boc.quiesce(WAIT);
    assertEquals(2L * n, sumOf(cs));
  }

  // --- F03 ----------------------------------------------------------------------------------

  @Test
  void f03_sustainedLoadOnEightCowns() throws Exception {
    newBoc(2);
    int n = 100_000 * SCALE;
    List<Cown<Integer>> cs = cowns(8, 0);
    for (int i = 0; i < n; i++) {
      boc.run(cs.get(i & 7), x -> x.set(x.get() + 1));
    }
    boc.quiesce(WAIT);
    assertEquals(0, boc.stats().inFlight());
    assertEquals(n, sumOf(cs));
  }

  // --- F04 ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} workers")
  @ValueSource(ints = {1, 2, 4, 8})
  void f04_chainRing(int workers) throws Exception {
    newBoc(workers);
    int ringSize = 64;
    int chains = 8;
    int total = 10_000 * SCALE;
    int steps = total / chains;
    List<Cown<Integer>> ring = cowns(ringSize, 0);
    for (int k = 0; k < chains; k++) {
      chainStep(ring, k * (ringSize / chains), steps);
    }
    WaitResult result = boc.quiesce(WAIT);
    assertEquals(0, boc.stats().inFlight());
    assertEquals(workers, result.stats().size());
    long pops = sum(result.stats(), s -> s.poppedLocal() + s.poppedViaSteal());
    assertTrue(pops >= (long) chains * steps,
        "pops " + pops + " < " + chains * steps + " behaviours: " + result.stats());
    assertEquals(2L * chains * steps, sumOf(ring));
  }

  /** One step of a chain: takes the window (p, p+1) and reschedules itself one cown on. */
  private void chainStep(List<Cown<Integer>> ring, int p, int remaining) {
    int m = ring.size();
    boc.run(ring.get(p % m), ring.get((p + 1) % m), (x, y) -> {
      x.set(x.get() + 1);
      y.set(y.get() + 1);
      if (remaining > 1) {
        chainStep(ring, p + 1, remaining - 1);
      }
    });
  }

  // --- F05 ----------------------------------------------------------------------------------

  @Test
  void f05_duplicatesInFlightAndFailuresAtVolume() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    int dup = 100 * SCALE;
    for (int i = 0; i < dup; i++) {
      boc.when(c, c, (x, y) -> {
        x.set(y.get() + 1);
        return null;
      });
    }
    boc.quiesce(WAIT);
    assertEquals(dup, read(c).intValue());

    List<Cown<Integer>> eight = cowns(8, 0);
    for (int i = 0; i < 256 * SCALE; i++) {
      boc.run(eight.get(i % 8), x -> x.set(x.get() + 1));
    }
    boc.quiesce(WAIT);
    assertEquals(0, boc.stats().inFlight());
    assertEquals(256L * SCALE, sumOf(eight));

    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.boc4j");
    boolean parents = jul.getUseParentHandlers();
    jul.setUseParentHandlers(false); // 200 expected failures: keep them off the console
    try {
      for (int i = 0; i < 200 * SCALE; i++) {
        boc.when(eight.get(i % 8), x -> {
          throw new IllegalStateException("f05");
        });
      }
      List<ResultCown<Integer>> followUps = new ArrayList<>();
      for (int i = 0; i < 50 * SCALE; i++) {
        followUps.add(boc.when(eight.get(i % 8), x -> x.get()));
      }
      for (ResultCown<Integer> r : followUps) {
        valueOf(r, WAIT);
      }
      boc.quiesce(WAIT);
      assertEquals(200L * SCALE, boc.stats().failed());
    } finally {
      jul.setUseParentHandlers(parents);
    }
  }

  // --- F09 ----------------------------------------------------------------------------------

  @Test
  void f09_fibonacciPhilosophersAndContention() throws Exception {
    newBoc(2);
    int big = 15 + 2 * (SCALE - 1);
    for (int n : new int[] {1, 10, big}) {
      assertEquals(seqFib(n), valueOf(fib(n), WAIT).longValue(), "fib(" + n + ")");
    }

    int p = 5;
    int hunger = 4 * SCALE;
    List<Cown<Integer>> forks = cowns(p, 0);
    List<Cown<Integer>> hungers = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      hungers.add(Cown.of(hunger));
    }
    for (int i = 0; i < p; i++) {
      eat(hungers.get(i), forks.get(i), forks.get((i + 1) % p));
    }
    boc.quiesce(WAIT);
    for (int i = 0; i < p; i++) {
      assertEquals(2 * hunger, read(forks.get(i)).intValue());
      assertEquals(0, read(hungers.get(i)).intValue());
    }

    int contention = 50 * SCALE;
    Cown<Integer> hot = Cown.of(0);
    for (int i = 0; i < contention; i++) {
      boc.run(hot, x -> {
        int v = x.get();
        Thread.onSpinWait();
        x.set(v + 1);
      });
    }
    boc.quiesce(WAIT);
    assertEquals(contention, read(hot).intValue());
  }

  /** Fibonacci over result cowns; sequential inside one behaviour for n ≤ 4. */
  private ResultCown<Long> fib(int n) {
    if (n <= 4) {
      return boc.when(() -> seqFib(n));
    }
    return boc.when(fib(n - 1), fib(n - 2), (a, b) -> a.get() + b.get());
  }

  private static long seqFib(int n) {
    long a = 0;
    long b = 1;
    for (int i = 0; i < n; i++) {
      long t = a + b;
      a = b;
      b = t;
    }
    return a;
  }

  // --- F10 ----------------------------------------------------------------------------------

  @Test
  void f10_crossWorkerSpinsAndRingHandOff() throws Exception {
    newBoc(2);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 16 * SCALE; i++) {
      boc.run(Cown.of(i), x -> {
        threads.add(Thread.currentThread());
        spinMillis(10);
      });
    }
    boc.quiesce(WAIT);
    assertTrue(threads.size() >= 2, "16 disjoint 10 ms spins ran on " + threads);

    // Tokens hop around a ring of cowns, each hop scheduled by the previous one's body.
    int ringSize = 8;
    int tokens = 4;
    int hops = 500 * SCALE;
    List<Cown<List<Long>>> ring = new ArrayList<>();
    for (int i = 0; i < ringSize; i++) {
      ring.add(Cown.of(new ArrayList<>()));
    }
    Set<Thread> hopThreads = ConcurrentHashMap.newKeySet();
    for (int t = 0; t < tokens; t++) {
      hop(ring, t, 2 * t, 0, hops, hopThreads);
    }
    boc.quiesce(WAIT);
    long entries = 0;
    for (Cown<List<Long>> c : ring) {
      List<Long> log = read(c);
      entries += log.size();
      long[] lastHop = new long[tokens];
      java.util.Arrays.fill(lastHop, -1);
      for (long e : log) {
        int token = (int) (e >>> 32);
        long hop = e & 0xffffffffL;
        assertTrue(hop > lastHop[token], "token " + token + " hops out of order on a cown");
        lastHop[token] = hop;
      }
    }
    assertEquals(2L * tokens * hops, entries, "every hop ran exactly once");
    System.out.println("StressTest.f10: ring hops ran on " + hopThreads.size() + " workers");
  }

  private void hop(List<Cown<List<Long>>> ring, int token, int pos, int hop, int hops,
      Set<Thread> hopThreads) {
    int m = ring.size();
    boc.run(ring.get(pos % m), ring.get((pos + 1) % m), (x, y) -> {
      hopThreads.add(Thread.currentThread());
      long entry = ((long) token << 32) | hop;
      x.get().add(entry);
      y.get().add(entry);
      if (hop + 1 < hops) {
        hop(ring, token, pos + 1, hop + 1, hops, hopThreads);
      }
    });
  }

  // --- F19 ----------------------------------------------------------------------------------

  /** Plain fields only: their visibility comes from the runtime alone. */
  static final class Plain {
    long a;
    int b;
    final long[] slots = new long[4];
  }

  @Test
  void f19_plainFieldsLoseNoUpdate() throws Exception {
    newBoc(Math.max(2, Runtime.getRuntime().availableProcessors()));
    Random rnd = new Random(seed("f19"));
    int m = 16;
    int n = 100_000 * SCALE;
    List<Cown<Plain>> cs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      cs.add(Cown.of(new Plain()));
    }
    AtomicLong touches = new AtomicLong();
    for (int i = 0; i < n / 2; i++) {
      int x = rnd.nextInt(m);
      int y = rnd.nextInt(m);
      int child = rnd.nextInt(m);
      int slot = i & 3;
      boc.run(cs.get(x), cs.get(y), (p, q) -> {
        bump(p.get(), slot);
        touches.incrementAndGet();
        if (p != q) {
          bump(q.get(), slot);
          touches.incrementAndGet();
        }
        // Half of the work is scheduled from bodies, so it starts on the worker that made it.
        boc.run(cs.get(child), r -> {
          bump(r.get(), slot);
          touches.incrementAndGet();
        });
      });
    }
    boc.quiesce(WAIT);
    long a = 0;
    long b = 0;
    long slots = 0;
    for (Cown<Plain> c : cs) {
      Plain p = read(c);
      a += p.a;
      b += p.b;
      for (long s : p.slots) {
        slots += s;
      }
    }
    assertEquals(touches.get(), a);
    assertEquals(touches.get(), b);
    assertEquals(touches.get(), slots);
  }

  private static void bump(Plain p, int slot) {
    p.a++;
    p.b++;
    p.slots[slot]++;
  }

  // --- randomized request sets --------------------------------------------------------------

  /** A cown's state in the randomized test: its index and the last behaviour id that held it. */
  static final class Slot {
    final int index;
    int last = -1;
    int count;

    Slot(int index) {
      this.index = index;
    }
  }

  @Test
  void randomRequestSetsKeepExclusivityOrderAndExactlyOnce() throws Exception {
    newBoc(2);
    Random rnd = new Random(seed("randomRequestSets"));
    int m = 32;
    int n = 50_000 * SCALE;
    List<Cown<Slot>> cs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      cs.add(Cown.of(new Slot(i)));
    }
    AtomicIntegerArray inUse = new AtomicIntegerArray(m);
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    AtomicInteger exclusivityViolations = new AtomicInteger();
    AtomicInteger orderViolations = new AtomicInteger();
    AtomicInteger deliveryViolations = new AtomicInteger();
    int[] expectedCount = new int[m];

    for (int id = 0; id < n; id++) {
      // 0..8 cowns drawn with replacement, split into single arguments and groups.
      int k = rnd.nextInt(9);
      List<Cown<Slot>> picks = new ArrayList<>();
      Set<Integer> distinctIndices = new java.util.HashSet<>();
      for (int i = 0; i < k; i++) {
        int index = rnd.nextInt(m);
        picks.add(cs.get(index));
        distinctIndices.add(index);
      }
      List<Acquirable<?>> args = new ArrayList<>();
      List<Object> expected = new ArrayList<>();
      int i = 0;
      while (i < picks.size()) {
        if (rnd.nextInt(3) == 0) {
          int len = Math.min(picks.size() - i, rnd.nextInt(4)); // 0..3 members
          List<Cown<Slot>> members = new ArrayList<>(picks.subList(i, i + len));
          args.add(Cown.group(members));
          expected.add(members);
          i += len;
        } else {
          args.add(picks.get(i));
          expected.add(picks.get(i));
          i++;
        }
      }
      Set<Cown<Slot>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
      distinct.addAll(picks);
      for (int index : distinctIndices) {
        expectedCount[index]++;
      }
      int me = id;
      Probe probe = new Probe(me, expected, distinct, runs, inUse, exclusivityViolations,
          orderViolations, deliveryViolations);
      schedule(rnd, args, probe);
    }
    boc.quiesce(WAIT);

    assertEquals(0, exclusivityViolations.get(), "a cown was held by two bodies at once");
    assertEquals(0, orderViolations.get(), "a cown saw behaviours out of scheduling order");
    assertEquals(0, deliveryViolations.get(), "a body received other cowns than requested");
    for (int id = 0; id < n; id++) {
      assertEquals(1, runs.get(id), "runs of behaviour " + id);
    }
    for (int c = 0; c < m; c++) {
      assertEquals(expectedCount[c], read(cs.get(c)).count, "behaviours that held cown " + c);
    }
  }

  /** Schedules {@code body} over {@code args} through a random form: typed, dynamic, when or run. */
  private void schedule(Random rnd, List<Acquirable<?>> args, Probe body) {
    boolean withResult = rnd.nextBoolean();
    boolean typed = args.size() <= 5 && rnd.nextBoolean();
    if (!typed) {
      if (withResult) {
        boc.whenAll(args, body::check);
      } else {
        boc.runAll(args, body::check);
      }
      return;
    }
    switch (args.size()) {
      case 0:
        if (withResult) {
          boc.when(() -> body.check(List.of()));
        } else {
          boc.run(() -> body.check(List.of()));
        }
        break;
      case 1:
        if (withResult) {
          boc.when(args.get(0), x -> body.check(List.of(x)));
        } else {
          boc.run(args.get(0), x -> body.check(List.of(x)));
        }
        break;
      case 2:
        if (withResult) {
          boc.when(args.get(0), args.get(1), (x, y) -> body.check(List.of(x, y)));
        } else {
          boc.run(args.get(0), args.get(1), (x, y) -> body.check(List.of(x, y)));
        }
        break;
      case 3:
        if (withResult) {
          boc.when(args.get(0), args.get(1), args.get(2), (x, y, z) -> body.check(List.of(x, y, z)));
        } else {
          boc.run(args.get(0), args.get(1), args.get(2), (x, y, z) -> body.check(List.of(x, y, z)));
        }
        break;
      case 4:
        if (withResult) {
          boc.when(args.get(0), args.get(1), args.get(2), args.get(3),
              (x, y, z, w) -> body.check(List.of(x, y, z, w)));
        } else {
          boc.run(args.get(0), args.get(1), args.get(2), args.get(3),
              (x, y, z, w) -> body.check(List.of(x, y, z, w)));
        }
        break;
      default:
        if (withResult) {
          boc.when(args.get(0), args.get(1), args.get(2), args.get(3), args.get(4),
              (x, y, z, w, v) -> body.check(List.of(x, y, z, w, v)));
        } else {
          boc.run(args.get(0), args.get(1), args.get(2), args.get(3), args.get(4),
              (x, y, z, w, v) -> body.check(List.of(x, y, z, w, v)));
        }
        break;
    }
  }

  /** The body of one randomized behaviour: records violations instead of throwing. */
  private static final class Probe {
    private final int id;
    private final List<Object> expected;
    private final Set<Cown<Slot>> distinct;
    private final AtomicIntegerArray runs;
    private final AtomicIntegerArray inUse;
    private final AtomicInteger exclusivity;
    private final AtomicInteger order;
    private final AtomicInteger delivery;

    Probe(int id, List<Object> expected, Set<Cown<Slot>> distinct, AtomicIntegerArray runs,
        AtomicIntegerArray inUse, AtomicInteger exclusivity, AtomicInteger order,
        AtomicInteger delivery) {
      this.id = id;
      this.expected = expected;
      this.distinct = distinct;
      this.runs = runs;
      this.inUse = inUse;
      this.exclusivity = exclusivity;
      this.order = order;
      this.delivery = delivery;
    }

    Object check(List<?> delivered) {
      runs.incrementAndGet(id);
      if (!delivered.equals(expected)) { // cowns compare by identity, groups as lists
        delivery.incrementAndGet();
      }
      for (Cown<Slot> c : distinct) {
        if (inUse.incrementAndGet(c.get().index) != 1) {
          exclusivity.incrementAndGet();
        }
      }
      for (Cown<Slot> c : distinct) {
        Slot s = c.get();
        if (s.last >= id) {
          order.incrementAndGet();
        }
        s.last = id;
        s.count++;
      }
      Thread.onSpinWait(); // widen the window in which an overlapping body would be caught
      for (Cown<Slot> c : distinct) {
        inUse.decrementAndGet(c.get().index);
      }
      return null;
    }
  }

  // --- bank ---------------------------------------------------------------------------------

  @Test
  void bankTransfersConserveTheTotal() throws Exception {
    newBoc(2);
    Random rnd = new Random(seed("bank"));
    int accounts = 64;
    int transfers = 200_000 * SCALE;
    long initial = 1_000;
    List<Cown<Long>> acc = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      acc.add(Cown.of(initial));
    }
    long total = initial * accounts;
    List<ResultCown<long[]>> audits = new ArrayList<>();
    for (int t = 0; t < transfers; t++) {
      int from = rnd.nextInt(accounts);
      int to = rnd.nextInt(accounts - 1);
      if (to >= from) {
        to++;
      }
      long amount = 1 + rnd.nextInt(50);
      boc.run(acc.get(from), acc.get(to), (a, b) -> {
        if (a.get() >= amount) {
          a.set(a.get() - amount);
          b.set(b.get() + amount);
        }
      });
      if (t % 20_000 == 0) {
        audits.add(boc.whenAll(acc, StressTest::audit)); // an atomic snapshot of every account
      }
    }
    boc.quiesce(WAIT);
    for (ResultCown<long[]> r : audits) {
      long[] sumAndMin = valueOf(r, WAIT);
      assertEquals(total, sumAndMin[0], "an audit saw money created or destroyed");
      assertTrue(sumAndMin[1] >= 0, "an account went negative");
    }
    long[] last = valueOf(boc.whenAll(acc, StressTest::audit), WAIT);
    assertEquals(total, last[0]);
    assertTrue(last[1] >= 0);
  }

  private static long[] audit(List<Object> delivered) {
    long sum = 0;
    long min = Long.MAX_VALUE;
    for (Object o : delivered) {
      @SuppressWarnings("unchecked")
      long v = ((Cown<Long>) o).get();
      sum += v;
      min = Math.min(min, v);
    }
    return new long[] {sum, min};
  }

  // --- deadlock freedom ---------------------------------------------------------------------

  @Test
  void ringsOfPairRequestsFromTwoThreadsNeverDeadlock() throws Exception {
    newBoc(2);
    int m = 64;
    int rounds = 20 * SCALE;
    List<Cown<Integer>> ring = cowns(m, 0);
    // The test thread requests each pair as (i, i+1); another thread as (i+1, i), concurrently.
    CompletableFuture<Void> reversed = new CompletableFuture<>();
    Thread other = new Thread(() -> {
      try {
        scheduleRing(ring, rounds, true);
        reversed.complete(null);
      } catch (Throwable t) {
        reversed.completeExceptionally(t);
      }
    });
    other.start();
    scheduleRing(ring, rounds, false);
    reversed.get(WAIT.toSeconds(), SECONDS);
    boc.quiesce(WAIT);
    assertEquals(2L * 2 * m * rounds, sumOf(ring));
  }

  private void scheduleRing(List<Cown<Integer>> ring, int rounds, boolean reverse) {
    int m = ring.size();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < m; i++) {
        Cown<Integer> x = ring.get(reverse ? (i + 1) % m : i);
        Cown<Integer> y = ring.get(reverse ? i : (i + 1) % m);
        boc.run(x, y, (a, b) -> {
          a.set(a.get() + 1);
          b.set(b.get() + 1);
        });
      }
    }
  }

  // --- support ------------------------------------------------------------------------------

  private static List<Cown<Integer>> cowns(int n, int initial) {
    List<Cown<Integer>> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cs.add(Cown.of(initial));
    }
    return cs;
  }

  /** The sum of the cowns' values, read in one behaviour (an atomic snapshot). */
  private long sumOf(List<Cown<Integer>> cs) throws Exception {
    return valueOf(boc.whenAll(cs, delivered -> {
      long s = 0;
      for (Object o : delivered) {
        @SuppressWarnings("unchecked")
        Cown<Integer> c = (Cown<Integer>) o;
        s += c.get();
      }
      return s;
    }), WAIT);
  }
}
