package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC section 3 (ordering, safety, progress): CONTRACT.md area O. O06 and O11 need pinned cowns and
 * O12 the noticeboard; they are tested with those features.
 */
@Timeout(value = 30, unit = SECONDS)
class OrderingTest extends BocTestSupport {

  // --- O01 ----------------------------------------------------------------------------------

  @Test
  void o01_overlappingBehavioursRunInSchedulingOrder() throws Exception {
    newBoc(2);
    Cown<Integer> a = Cown.of(100);
    Cown<Integer> b = Cown.of(0);
    ResultCown<List<Integer>> pairBefore = boc.when(a, b, (x, y) -> List.of(x.get(), y.get()));
    ResultCown<Integer> aBefore = boc.when(a, x -> x.get());
    ResultCown<Integer> bBefore = boc.when(b, y -> y.get());
    boc.run(a, b, (x, y) -> {
      x.set(x.get() - 50);
      y.set(y.get() + 50);
    });
    ResultCown<List<Integer>> pairAfter = boc.when(b, a, (y, x) -> List.of(x.get(), y.get()));
    ResultCown<Integer> aAfter = boc.when(a, x -> x.get());
    ResultCown<Integer> bAfter = boc.when(b, y -> y.get());

    assertEquals(List.of(100, 0), valueOf(pairBefore));
    assertEquals(100, valueOf(aBefore).intValue());
    assertEquals(0, valueOf(bBefore).intValue());
    assertEquals(List.of(50, 50), valueOf(pairAfter));
    assertEquals(50, valueOf(aAfter).intValue());
    assertEquals(50, valueOf(bAfter).intValue());
  }

  // --- O02 ----------------------------------------------------------------------------------

  @Test
  void o02_incrementsOnOneCownSerialise() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(0);
    for (int i = 0; i < 50; i++) {
      boc.run(c, x -> {
        int v = x.get(); // read-modify-write with a gap: a second body inside would lose an update
        Thread.onSpinWait();
        x.set(v + 1);
      });
    }
    ResultCown<Integer> reader = boc.when(c, x -> x.get());
    assertEquals(50, valueOf(reader).intValue());
  }

  // --- O03 ----------------------------------------------------------------------------------

  @Test
  void o03_eachCownIsFifo() throws Exception {
    newBoc(2);
    int k = 200;
    List<Cown<List<Integer>>> cs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cs.add(Cown.of(new ArrayList<>()));
    }
    for (int i = 0; i < k; i++) {
      int item = i;
      for (Cown<List<Integer>> c : cs) {
        boc.run(c, x -> x.get().add(item));
      }
    }
    List<Integer> expected = IntStream.range(0, k).boxed().collect(Collectors.toList());
    for (Cown<List<Integer>> c : cs) {
      assertEquals(expected, valueOf(boc.when(c, x -> new ArrayList<>(x.get()))));
    }
  }

  // --- O04 ----------------------------------------------------------------------------------

  @Test
  void o04_aResultCownOrdersALaterBehaviourAfterTheProducingBody() throws Exception {
    newBoc(2);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicBoolean producerFinished = new AtomicBoolean();
    try {
      ResultCown<Integer> produced = boc.when(() -> {
        awaitLatch(gate);
        producerFinished.set(true);
        return 7;
      });
      ResultCown<Boolean> consumer = boc.when(produced, p -> producerFinished.get() && p.get() == 7);
      gate.countDown(); // the consumer was scheduled while the producer was still running
      assertTrue(valueOf(consumer), "the consumer ran before the producing body finished");
    } finally {
      gate.countDown();
    }
  }

  // --- O05 ----------------------------------------------------------------------------------

  @Test
  void o05_aChildOnTheParentsCownRunsAfterTheParentReleasesIt() throws Exception {
    newBoc(2);
    Cown<List<String>> c = Cown.of(new ArrayList<>());
    ResultCown<ResultCown<List<String>>> parent = boc.when(c, x -> {
      x.get().add("parent-start");
      ResultCown<List<String>> child = boc.when(x, y -> {
        y.get().add("child");
        return new ArrayList<>(y.get());
      });
      spinMillis(5); // a child running in parallel would now see the list without parent-end
      x.get().add("parent-end");
      return child;
    });
    assertEquals(List.of("parent-start", "parent-end", "child"), valueOf(valueOf(parent)));
  }

  // --- O07 ----------------------------------------------------------------------------------

  @Test
  void o07_aRingOfPairRequestsNeverDeadlocks() throws Exception {
    newBoc(2);
    int m = 16;
    int n = 2_000;
    List<Cown<Integer>> ring = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      ring.add(Cown.of(0));
    }
    for (int i = 0; i < n; i++) {
      boc.run(ring.get(i % m), ring.get((i + 1) % m), (x, y) -> {
        x.set(x.get() + 1);
        y.set(y.get() + 1);
      });
    }
    boc.quiesce(WAIT);
    assertEquals(2 * n, valueOf(boc.whenAll(ring, OrderingTest::sumAll)).intValue());
  }

  // --- O08 ----------------------------------------------------------------------------------

  @Test
  void o08_diningPhilosophersAllFinish() throws Exception {
    newBoc(2);
    int p = 5;
    int hunger = 4;
    List<Cown<Integer>> forks = new ArrayList<>();
    List<Cown<Integer>> hungers = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      forks.add(Cown.of(0));
      hungers.add(Cown.of(hunger));
    }
    for (int i = 0; i < p; i++) {
      eat(hungers.get(i), forks.get(i), forks.get((i + 1) % p));
    }
    boc.quiesce(WAIT);
    for (int i = 0; i < p; i++) {
      assertEquals(2 * hunger, read(forks.get(i)).intValue(), "uses of fork " + i);
      assertEquals(0, read(hungers.get(i)).intValue(), "hunger of philosopher " + i);
    }
  }

  // --- O09 ----------------------------------------------------------------------------------

  @Test
  void o09_everyScheduledBehaviourRunsExactlyOnce() throws Exception {
    newBoc(2);
    int n = 1_000;
    int m = 8;
    AtomicInteger[] runs = new AtomicInteger[n];
    List<Cown<Integer>> cs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      cs.add(Cown.of(0));
    }
    for (int i = 0; i < n; i++) {
      runs[i] = new AtomicInteger();
      AtomicInteger mine = runs[i];
      if (i % 2 == 0) {
        boc.run(cs.get(i % m), x -> {
          mine.incrementAndGet();
          x.set(x.get() + 1);
        });
      } else {
        boc.when(cs.get(i % m), cs.get((i + 3) % m), (x, y) -> {
          mine.incrementAndGet();
          x.set(x.get() + 1);
          y.set(y.get() + 1);
          return null;
        });
      }
    }
    boc.quiesce(WAIT);
    for (int i = 0; i < n; i++) {
      assertEquals(1, runs[i].get(), "runs of behaviour " + i);
    }
    assertEquals(n / 2 + 2 * (n / 2), valueOf(boc.whenAll(cs, OrderingTest::sumAll)).intValue());
  }

  // --- O10 ----------------------------------------------------------------------------------

  @Test
  void o10_disjointBehavioursRunOnSeveralWorkers() throws Exception {
    newBoc(2);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 16; i++) {
      boc.run(Cown.of(i), x -> {
        threads.add(Thread.currentThread());
        spinMillis(10);
      });
    }
    boc.quiesce(WAIT);
    assertTrue(threads.size() >= 2, "16 disjoint 10 ms bodies ran on " + threads);
  }

  @Test
  void o10_disjointBehavioursRunAtTheSameTime() throws Exception {
    newBoc(2);
    // Each body waits for the other at a barrier: they can only both finish if they run in parallel.
    CyclicBarrier meet = new CyclicBarrier(2);
    ResultCown<Integer> x = boc.when(Cown.of(1), c -> meet.await(WAIT.toSeconds(), SECONDS));
    ResultCown<Integer> y = boc.when(Cown.of(2), c -> meet.await(WAIT.toSeconds(), SECONDS));
    valueOf(x);
    valueOf(y);
  }

  // --- O13 ----------------------------------------------------------------------------------

  @Test
  void o13_fibonacciOverResultCownsMatchesTheSequentialValue() throws Exception {
    newBoc(2);
    assertEquals(1L, valueOf(fib(1)).longValue());
    assertEquals(55L, valueOf(fib(10)).longValue());
    assertEquals(610L, valueOf(fib(15)).longValue());
  }

  private ResultCown<Long> fib(int n) {
    if (n < 2) {
      return boc.when(() -> (long) n);
    }
    return boc.when(fib(n - 1), fib(n - 2), (a, b) -> a.get() + b.get());
  }

  // --- O14 ----------------------------------------------------------------------------------

  /** Plain, non-volatile fields: only the runtime's ordering makes them visible. */
  static final class Counters {
    int hits;
    long sum;
    final int[] slots = new int[8];
    String last;
  }

  @Test
  void o14_plainFieldsWrittenInABodyAreVisibleToTheNextHolderAndToObservers() throws Exception {
    newBoc(2);
    int m = 4;
    int n = 4_000;
    List<Cown<Counters>> cs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      cs.add(Cown.of(new Counters()));
    }
    for (int i = 0; i < n; i++) {
      int item = i;
      // Pairs of cowns, so that bodies hop between workers.
      boc.run(cs.get(i % m), cs.get((i + 1) % m), (x, y) -> {
        for (Counters c : List.of(x.get(), y.get())) {
          c.hits++;
          c.sum += item;
          c.slots[item % 8]++;
          c.last = "item-" + item;
        }
      });
    }
    // Observed through a completion stage: a fresh object filled in by a body.
    ResultCown<Counters> snapshot = boc.when(cs.get(0), x -> {
      Counters copy = new Counters();
      copy.hits = x.get().hits;
      copy.sum = x.get().sum;
      System.arraycopy(x.get().slots, 0, copy.slots, 0, 8);
      copy.last = x.get().last;
      return copy;
    });
    Counters seen = valueOf(snapshot);
    assertEquals(2 * n / m, seen.hits);
    assertEquals("item-" + (n - 1), seen.last); // the last pair, (n-1) % m and 0, includes cs[0]

    // Observed through a synchronous take.
    boc.quiesce(WAIT);
    long totalHits = 0;
    long totalSum = 0;
    int[] slots = new int[8];
    for (Cown<Counters> c : cs) {
      Counters v = read(c);
      totalHits += v.hits;
      totalSum += v.sum;
      for (int s = 0; s < 8; s++) {
        slots[s] += v.slots[s];
      }
    }
    assertEquals(2L * n, totalHits);
    assertEquals(2L * n * (n - 1) / 2, totalSum);
    for (int s = 0; s < 8; s++) {
      assertEquals(2 * n / 8, slots[s], "slot " + s);
    }
  }
}
