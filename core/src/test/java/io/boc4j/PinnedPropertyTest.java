package io.boc4j;

import static io.boc4j.PinSupport.onOtherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.boc4j.internal.FaultInjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded property tests over random request sets mixing pinned and ordinary cowns and groups
 * (F11, P03, O01, O11), and random fault injection around the pump. Every run prints its seed;
 * rerun one with {@code -Dboc4j.seed=N}; {@code -Dboc4j.stress.scale=N} multiplies the sizes (F18).
 */
@Tag("stress")
@Timeout(180)
class PinnedPropertyTest {

  private static final int SCALE = Integer.getInteger("boc4j.stress.scale", 1);
  private static final Duration LONG_WAIT = Duration.ofSeconds(30);

  private final Boc boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void tearDown() {
    FaultInjection.reset();
    boc.close();
  }

  /** A cown's value: detects overlapping holders and logs the behaviours that held it. */
  static final class Slot {
    final int index;
    final boolean pinned;
    boolean busy;
    final List<Integer> log = new ArrayList<>();

    Slot(int index, boolean pinned) {
      this.index = index;
      this.pinned = pinned;
    }
  }

  private static long seed() {
    long seed = Long.getLong("boc4j.seed", System.nanoTime());
    System.out.println("PinnedPropertyTest seed=" + seed + " (rerun with -Dboc4j.seed=" + seed + ")");
    return seed;
  }

  private static List<Cown<Slot>> cowns(int pinned, int plain) {
    List<Cown<Slot>> out = new ArrayList<>();
    for (int i = 0; i < pinned + plain; i++) {
      boolean p = i < pinned;
      Slot s = new Slot(i, p);
      out.add(p ? PinnedCown.of(s) : Cown.of(s));
    }
    return out;
  }

  /** A random request: 0..4 arguments, each a single cown or a group of 1..3 (repeats allowed). */
  private static List<Acquirable<?>> randomRequest(Random rnd, List<Cown<Slot>> pool) {
    int k = rnd.nextInt(5);
    List<Acquirable<?>> args = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      if (rnd.nextInt(10) < 7) {
        args.add(pool.get(rnd.nextInt(pool.size())));
      } else {
        List<Cown<Slot>> members = new ArrayList<>();
        int m = 1 + rnd.nextInt(3);
        for (int x = 0; x < m; x++) {
          members.add(pool.get(rnd.nextInt(pool.size())));
        }
        args.add(Cown.group(members));
      }
    }
    return args;
  }

  /** The distinct cowns of a request, in first-seen order. */
  private static List<Cown<?>> distinct(List<Acquirable<?>> args) {
    Map<Cown<?>, Boolean> seen = new IdentityHashMap<>();
    List<Cown<?>> out = new ArrayList<>();
    for (Acquirable<?> a : args) {
      Object d = a.delivered();
      List<?> members = d instanceof List ? (List<?>) d : List.of(d);
      for (Object m : members) {
        if (seen.put((Cown<?>) m, Boolean.TRUE) == null) {
          out.add((Cown<?>) m);
        }
      }
    }
    return out;
  }

  /** The distinct slots a body received. */
  @SuppressWarnings("unchecked")
  private static List<Slot> slots(List<Object> delivered) {
    Map<Slot, Boolean> seen = new IdentityHashMap<>();
    List<Slot> out = new ArrayList<>();
    for (Object d : delivered) {
      List<?> members = d instanceof List ? (List<?>) d : List.of(d);
      for (Object m : members) {
        Slot s = ((Cown<Slot>) m).get();
        if (seen.put(s, Boolean.TRUE) == null) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** Runs a body over the slots it holds: checks exclusivity and logs {@code id} on each. */
  private static void touch(List<Slot> held, int id, ConcurrentLinkedQueue<String> errors) {
    for (Slot s : held) {
      if (s.busy) {
        errors.add("behaviour " + id + " entered cown " + s.index + " while another held it");
      }
      s.busy = true;
      s.log.add(id);
    }
    for (Slot s : held) {
      s.busy = false;
    }
  }

  /** Reads every slot's log through one behaviour over all cowns (on main: some are pinned). */
  private List<List<Integer>> logs(List<Cown<Slot>> pool) throws Exception {
    ResultCown<List<List<Integer>>> r = boc.whenAll(pool, delivered -> {
      List<List<Integer>> out = new ArrayList<>();
      for (Slot s : slots(delivered)) {
        out.add(new ArrayList<>(s.log));
      }
      return out;
    });
    boc.quiesce(LONG_WAIT);
    return r.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void f11_randomMixedRequestSets_bodyOnMainIffPinned_orderExclusivityAndExactlyOnce()
      throws Exception {
    long seed = seed();
    Random rnd = new Random(seed);
    List<Cown<Slot>> pool = cowns(4, 8);
    int n = 2_000 * SCALE;
    Thread main = Thread.currentThread();
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    List<List<Integer>> expected = new ArrayList<>();
    for (int c = 0; c < pool.size(); c++) {
      expected.add(new ArrayList<>());
    }
    int pinnedSets = 0;
    for (int i = 0; i < n; i++) {
      List<Acquirable<?>> args = randomRequest(rnd, pool);
      boolean hasPinned = false;
      for (Cown<?> c : distinct(args)) {
        hasPinned |= c.isPinned();
        expected.get(pool.indexOf(c)).add(i);
      }
      pinnedSets += hasPinned ? 1 : 0;
      int id = i;
      boolean wantMain = hasPinned;
      boc.runAll(args, delivered -> {
        if ((Thread.currentThread() == main) != wantMain) {
          errors.add("behaviour " + id + " ran on " + Thread.currentThread().getName()
              + (wantMain ? " but holds a pinned cown" : " but holds no pinned cown"));
        }
        runs.incrementAndGet(id);
        touch(slots(delivered), id, errors);
      });
      if (rnd.nextInt(97) == 0) { // interleave pumps with random bounds
        PumpLimits limits = PumpLimits.NONE;
        if (rnd.nextBoolean()) {
          limits = limits.andDeadline(Duration.ofNanos(1 + rnd.nextInt(200_000)));
        }
        if (rnd.nextBoolean()) {
          limits = limits.andMaxBehaviours(1 + rnd.nextInt(8));
        }
        boc.mainThread().pump(limits);
      }
    }
    boc.quiesce(LONG_WAIT);
    assertTrue(errors.isEmpty(), () -> "seed " + seed + ": " + errors);
    for (int i = 0; i < n; i++) {
      assertEquals(1, runs.get(i), "seed " + seed + ": behaviour " + i + " runs");
    }
    assertEquals(expected, logs(pool), "seed " + seed + ": per-cown order is scheduling order");
    assertTrue(pinnedSets > n / 4 && pinnedSets < n, "seed " + seed + ": mixed sample");
    assertEquals(0, boc.stats().inFlight());
    assertEquals(0, boc.mainThread().stats().depth());
  }

  @Test
  void f11_concurrentProducersAndChildBehaviours_keepPerProducerOrderAndRunOnce()
      throws Exception {
    long seed = seed();
    List<Cown<Slot>> pool = cowns(3, 6);
    int perProducer = 1_000 * SCALE;
    int producers = 2;
    int total = perProducer * producers;
    Thread main = Thread.currentThread();
    AtomicIntegerArray runs = new AtomicIntegerArray(total);
    AtomicIntegerArray childRuns = new AtomicIntegerArray(total);
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    boc.start();
    for (int t = 0; t < producers; t++) {
      int producer = t;
      Random rnd = new Random(seed + t);
      threads.add(new Thread(() -> {
        for (int s = 0; s < perProducer; s++) {
          int id = producer * perProducer + s;
          List<Acquirable<?>> args = randomRequest(rnd, pool);
          boolean wantMain = distinct(args).stream().anyMatch(Cown::isPinned);
          List<Acquirable<?>> childArgs = randomRequest(rnd, pool);
          boolean childMain = distinct(childArgs).stream().anyMatch(Cown::isPinned);
          boc.runAll(args, delivered -> {
            if ((Thread.currentThread() == main) != wantMain) {
              errors.add("behaviour " + id + " ran on the wrong thread");
            }
            runs.incrementAndGet(id);
            touch(slots(delivered), id, errors);
            // A child scheduled from the body (worker or main) routes by its own request set.
            boc.runAll(childArgs, d -> {
              if ((Thread.currentThread() == main) != childMain) {
                errors.add("child of " + id + " ran on the wrong thread");
              }
              childRuns.incrementAndGet(id);
              touch(slots(d), -1, errors);
            });
          });
        }
      }, "producer-" + t));
    }
    threads.forEach(Thread::start);
    boolean alive = true;
    while (alive) { // the main thread pumps while the producers schedule
      boc.mainThread().pump(PumpLimits.deadline(Duration.ofMillis(2)));
      alive = false;
      for (Thread t : threads) {
        t.join(1);
        alive |= t.isAlive();
      }
    }
    boc.quiesce(LONG_WAIT);
    assertTrue(errors.isEmpty(), () -> "seed " + seed + ": " + errors);
    for (int i = 0; i < total; i++) {
      assertEquals(1, runs.get(i), "seed " + seed + ": behaviour " + i);
      assertEquals(1, childRuns.get(i), "seed " + seed + ": child of " + i);
    }
    for (List<Integer> log : logs(pool)) {
      int[] last = new int[producers];
      java.util.Arrays.fill(last, -1);
      for (int id : log) {
        if (id < 0) {
          continue; // children have no order relative to other producers' work
        }
        int p = id / perProducer;
        assertTrue(id > last[p], "seed " + seed + ": producer " + p + " order on a cown: " + log);
        last[p] = id;
      }
    }
    assertEquals(0, boc.stats().inFlight());
  }

  @Test
  void randomFaultsAroundPinnedAcquireAndRelease_leaveBindingCountAndQueueRight()
      throws Exception {
    long seed = seed();
    Random rnd = new Random(seed);
    List<Cown<Slot>> pool = cowns(3, 5);
    int n = 1_000 * SCALE;
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    List<ResultCown<Integer>> results = new ArrayList<>();
    Random faults = new Random(seed ^ 0x5EED);
    FaultInjection.pinnedAcquire = () -> {
      if (faults.nextInt(20) == 0) {
        throw new InjectedFault("acquire");
      }
    };
    FaultInjection.pinnedRelease = () -> {
      if (faults.nextInt(20) == 0) {
        throw new InjectedError("release");
      }
    };
    for (int i = 0; i < n; i++) {
      List<Acquirable<?>> args = randomRequest(rnd, pool);
      int id = i;
      results.add(boc.whenAll(args, delivered -> {
        runs.incrementAndGet(id);
        touch(slots(delivered), id, errors);
        return id;
      }));
    }
    int injected = 0;
    while (true) { // the main thread drains, surviving every injected fault
      try {
        boc.quiesce(LONG_WAIT);
        break;
      } catch (InjectedFault | InjectedError e) {
        injected++;
      }
    }
    FaultInjection.reset();
    assertTrue(errors.isEmpty(), () -> "seed " + seed + ": " + errors);
    assertEquals(0, boc.stats().inFlight(), "seed " + seed + ": in-flight count");
    assertEquals(0, boc.mainThread().stats().depth());
    int unrun = 0;
    for (int i = 0; i < n; i++) {
      ResultCown<Integer> r = results.get(i);
      try {
        assertEquals(i, r.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(1, runs.get(i), "seed " + seed + ": behaviour " + i);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof InjectedFault)) {
          fail("seed " + seed + ": unexpected failure of " + i, e.getCause());
        }
        assertEquals(0, runs.get(i), "seed " + seed + ": released unrun");
        unrun++;
      }
    }
    System.out.println("faults injected: " + injected + ", released unrun: " + unrun);
    // The binding is free for the taking and the pump still works.
    boc.mainThread().release();
    assertNull(onOtherThread("new-main", () -> {
      boc.mainThread().bind();
      boc.run(pool.get(0), c -> {});
      assertEquals(new PumpResult(1, false, 0), boc.mainThread().pump());
      boc.mainThread().release();
    }));
  }

  static final class InjectedFault extends RuntimeException {
    InjectedFault(String m) {
      super(m);
    }
  }

  static final class InjectedError extends Error {
    InjectedError(String m) {
      super(m);
    }
  }
}
