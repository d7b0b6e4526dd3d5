package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leak and soak: millions of behaviours of every kind through one runtime, across several {@code
 * waitAll} / restart cycles, and then {@code close()}: the heap after a full collection returns to
 * its baseline, and every thread the runtime started has ended.
 *
 * <p>The mix, drawn from a seeded generator per cycle: requests of 1 to 4 cowns from a pool of 64
 * (repeats included, which the runtime folds); results kept (one in 1,000, checked after the cycle)
 * and dropped; bodies that throw (one in 97 of those with a result); fire-and-forget bodies; pinned
 * behaviours (one in 50 requests a pinned cown), run by a separate main thread that pumps in a loop;
 * noticeboard updates and mailbox sends (one in 100 each), the messages taken by a receiver thread.
 *
 * <p>Invariants checked after every cycle: each cown holds exactly the number of bodies that named it;
 * every kept result holds its value or its very exception; scheduled equals completed (at least
 * the behaviours drawn, plus the noticeboard's internal commit rounds), failures and pumped pinned
 * behaviours are exactly those drawn; the board's counters sum to the updates
 * made. At the end: every message arrived once; heap used after GC is within {@link
 * #HEAP_TOLERANCE_BYTES} of the baseline taken after a warm-up cycle; the live threads are those of
 * before the runtime was built.
 *
 * <p>The 1-million run is part of {@code mvn verify}; the 10-million run is tagged {@code soak},
 * which the build excludes, and runs with {@code mvn -B -pl core -am verify -Psoak} (see README).
 */
class SoakTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** How far heap used after GC may end above its baseline: allocator and GC noise, not growth. */
  static final long HEAP_TOLERANCE_BYTES = 4L * 1024 * 1024;

  private static final int COWNS = 64;
  private static final int PINNED = 4;
  private static final int BOARD_KEYS = 8;
  private static final String TAG = "soak";
  private static final String STOP = "soak-stop";

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void f03_aMillionMixedBehavioursInFourCycles_heapAndThreadsReturnToTheirBaselines()
      throws Exception {
    soak(1_000_000, 4);
  }

  @Test
  @Tag("soak")
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void f03_tenMillionMixedBehavioursInTenCycles_heapAndThreadsReturnToTheirBaselines()
      throws Exception {
    soak(10_000_000, 10);
  }

  private void soak(int behaviours, int cycles) throws Exception {
    long t0 = System.nanoTime();
    Set<Thread> threadsBefore = liveThreads();
    List<Cown<Long>> cowns = new ArrayList<>();
    for (int i = 0; i < COWNS; i++) {
      cowns.add(Cown.of(0L));
    }
    List<PinnedCown<long[]>> pinned = new ArrayList<>();
    for (int i = 0; i < PINNED; i++) {
      pinned.add(PinnedCown.of(new long[1]));
    }
    long[] expected = new long[COWNS];
    // Both watchdogs on, so their timer threads are part of what close() must end.
    Boc boc = Boc.builder().name("soak").workers(2).slowBodyThreshold(Duration.ofSeconds(5))
        .pumpWatchdog(Duration.ofSeconds(5), null, null).build();
    MainLoop main = new MainLoop(boc);
    Receiver receiver = new Receiver(boc.mailbox());
    Run run = new Run(boc, cowns, pinned, expected);

    run.cycle(0, 100_000, 0xC0C0); // warm-up: classes loaded, code compiled, pools at size
    long baseline = heapAfterGc();
    System.out.printf("soak: %,d behaviours in %d cycles; heap baseline after GC %.1f MB; %d threads"
        + " before the runtime%n", behaviours, cycles, mb(baseline), threadsBefore.size());
    long steady = System.nanoTime();
    for (int c = 1; c <= cycles; c++) {
      long tc = System.nanoTime();
      run.cycle(c, behaviours / cycles, 0xC0C0 + c);
      System.out.printf("soak: cycle %d: %,d behaviours in %d ms; heap after GC %.1f MB%n", c,
          behaviours / cycles, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tc),
          mb(heapAfterGc()));
    }
    long steadyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - steady);

    main.finish();
    boc.close();
    boc.mailbox().send(STOP, "done");
    receiver.join();
    assertEquals(run.sent.get(), receiver.received.get(), "every message arrived once");
    assertNull(receiver.failure.get());
    assertNull(main.failure.get());
    BocStats end = boc.stats();
    assertTrue(end.closed());
    assertEquals(end.scheduled(), end.completed());

    long heapAfter = heapAfterGc();
    Set<Thread> threadsAfter = liveThreads();
    Set<Thread> extra = new HashSet<>(threadsAfter);
    extra.removeAll(threadsBefore);
    System.out.printf("soak: %,d behaviours (and %,d of warm-up) in %d ms, %.0f per second;"
            + " heap after GC %.1f MB against a baseline of %.1f MB (%+.1f MB); threads %d before,"
            + " %d after close%s; slow bodies reported: %d%n",
        behaviours, 100_000, steadyMs, behaviours * 1000.0 / Math.max(1, steadyMs), mb(heapAfter),
        mb(baseline), mb(heapAfter - baseline), threadsBefore.size(), threadsAfter.size(),
        extra.isEmpty() ? "" : " (new: " + extra + ")", end.slowBodies());
    assertTrue(extra.isEmpty(), "threads left running after close(): " + extra);
    assertTrue(heapAfter <= baseline + HEAP_TOLERANCE_BYTES, String.format(
        "heap after GC %.1f MB, baseline %.1f MB: grew by more than %.0f MB", mb(heapAfter),
        mb(baseline), mb(HEAP_TOLERANCE_BYTES)));
    System.out.printf("soak: done in %d ms in all%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /** One runtime's workload and what it is expected to leave behind. */
  private static final class Run {
    final Boc boc;
    final List<Cown<Long>> cowns;
    final List<PinnedCown<long[]>> pinned;
    final long[] expected;
    final long[] pinnedExpected = new long[PINNED];
    final AtomicLong sent = new AtomicLong();

    Run(Boc boc, List<Cown<Long>> cowns, List<PinnedCown<long[]>> pinned, long[] expected) {
      this.boc = boc;
      this.cowns = cowns;
      this.pinned = pinned;
      this.expected = expected;
    }

    /** Schedules {@code n} behaviours drawn from {@code seed}, waits them out, checks everything. */
    void cycle(int cycle, int n, long seed) throws Exception {
      SplittableRandom r = new SplittableRandom(seed);
      BocStats before = boc.stats();
      List<ResultCown<Long>> kept = new ArrayList<>();
      List<Long> keptValue = new ArrayList<>(); // the value, or -1 for the exception
      long throwing = 0;
      long pinnedRun = 0;
      long updates = 0;
      for (int i = 0; i < n; i++) {
        int size = 1 + r.nextInt(4);
        int[] at = new int[size];
        List<Acquirable<?>> request = new ArrayList<>(size + 1);
        for (int k = 0; k < size; k++) {
          at[k] = r.nextInt(COWNS);
          request.add(cowns.get(at[k]));
          expected[at[k]]++;
        }
        int pin = -1;
        if (r.nextInt(50) == 0) {
          pin = r.nextInt(PINNED);
          request.add(pinned.get(pin));
          pinnedExpected[pin]++;
          pinnedRun++;
        }
        boolean update = r.nextInt(100) == 0;
        boolean send = r.nextInt(100) == 0;
        updates += update ? 1 : 0;
        long id = (long) cycle << 32 | i;
        boolean fireAndForget = r.nextInt(4) == 0;
        boolean fails = !fireAndForget && r.nextInt(97) == 0;
        throwing += fails ? 1 : 0;
        Body.OfAll<Long> body = all -> {
          for (int k = 0; k < size; k++) {
            Cown<Long> c = Delivered.cown(all, k);
            c.set(c.get() + 1);
          }
          if (all.size() > size) {
            Cown<long[]> p = Delivered.cown(all, size);
            p.get()[0]++;
          }
          if (update) {
            boc.noticeboard().update("k" + (id % BOARD_KEYS), v -> (Long) v + 1, 0L);
          }
          if (send) {
            boc.mailbox().send(TAG, id);
          }
          if (fails) {
            throw new IllegalStateException("soak: behaviour " + id + " fails on purpose");
          }
          return id;
        };
        if (send) {
          sent.incrementAndGet();
        }
        if (fireAndForget) {
          boc.runAll(request, all -> body.apply(all));
        } else if (i % 1_000 == 0) {
          kept.add(boc.whenAll(request, body));
          keptValue.add(fails ? -1 : id);
        } else {
          boc.whenAll(request, body); // dropped at once: only the runtime holds it
        }
      }
      WaitResult w = boc.waitAll(WAIT); // teardown; the checks below restart the runtime

      BocStats after = boc.stats();
      long completed = after.completed() - before.completed();
      // The noticeboard commits its updates in rounds of internal behaviours: counted here too.
      assertTrue(completed >= n, "cycle " + cycle + ": completed " + completed + " of " + n);
      assertEquals(after.scheduled() - before.scheduled(), completed, "cycle " + cycle);
      assertEquals(throwing, after.failed() - before.failed(), "cycle " + cycle + ": failed");
      assertEquals(pinnedRun, after.pinned().pumped() - before.pinned().pumped(), "pumped");
      long board = 0;
      for (Map.Entry<String, Object> e : w.noticeboard().entrySet()) {
        board += (Long) e.getValue();
      }
      assertEquals(updates, board, "cycle " + cycle + ": noticeboard updates");
      for (int k = 0; k < kept.size(); k++) {
        ResultCown<Long> res = kept.get(k);
        if (keptValue.get(k) < 0) {
          IllegalStateException e = assertThrows(IllegalStateException.class, res::unwrap);
          assertTrue(e.getMessage().startsWith("soak: behaviour"), e.getMessage());
        } else {
          assertEquals(keptValue.get(k), res.unwrap());
        }
      }
      try (HeldGroup<Long> all = boc.acquire(Cown.group(cowns), WAIT)) {
        for (int k = 0; k < COWNS; k++) {
          assertEquals(expected[k], all.get(k), "cycle " + cycle + ": cown " + k);
        }
      }
      for (int k = 0; k < PINNED; k++) {
        long want = pinnedExpected[k];
        ResultCown<Long> seen = boc.when(pinned.get(k), p -> p.get()[0]);
        boc.quiesce(WAIT);
        assertEquals(want, seen.unwrap(), "cycle " + cycle + ": pinned cown " + k);
      }
    }
  }

  /** The main thread: binds, then pumps in a loop, as a UI or game loop would, until stopped. */
  private static final class MainLoop extends Thread {
    private final Boc boc;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final CountDownLatch bound = new CountDownLatch(1);

    MainLoop(Boc boc) throws InterruptedException {
      super("soak-main");
      this.boc = boc;
      setDaemon(true);
      start();
      // Bound before any pinned work exists: otherwise the test thread's waitAll, finding pinned
      // work and no main thread, would become the main thread itself.
      assertTrue(bound.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the main loop did not bind");
    }

    @Override
    public void run() {
      try {
        boc.mainThread().bind();
        bound.countDown();
        while (running.get()) {
          if (boc.mainThread().pump().executed() == 0) {
            LockSupport.parkNanos(100_000); // the loop's idle tick, as a frame timer would give
          }
        }
        boc.mainThread().release();
      } catch (Throwable t) {
        failure.set(t);
      }
    }

    void finish() throws InterruptedException {
      running.set(false);
      join(WAIT.toMillis());
      assertFalse(isAlive());
    }
  }

  /** Takes every message sent on the soak tag, parking while none is there, until told to stop. */
  private static final class Receiver extends Thread {
    private final Mailbox mailbox;
    final AtomicLong received = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Receiver(Mailbox mailbox) {
      super("soak-receiver");
      this.mailbox = mailbox;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      try {
        while (true) {
          Message m = mailbox.receive(List.of(TAG, STOP));
          if (m.tag().equals(STOP)) {
            return;
          }
          received.incrementAndGet();
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }
  }

  /** Heap used after full collections, once two in a row agree within 1 MB (at most ten). */
  private static long heapAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = mem.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - last) < 1024 * 1024) {
        return Math.min(used, last);
      }
      last = used;
    }
    return last;
  }

  private static Set<Thread> liveThreads() {
    Set<Thread> live = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        live.add(t);
      }
    }
    return live;
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
