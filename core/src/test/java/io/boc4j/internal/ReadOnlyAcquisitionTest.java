package io.boc4j.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read-only half of the acquisition protocol ({@link Acquisition}), driven directly: behaviours
 * whose "dispatch" only records that they are ready, enqueued and released by the test. First fixed
 * sequences for each way a reader is activated and a writer granted (SPEC §2, read-only requests;
 * CONTRACT RO02, RO03), then the races: the stale reader release (held at a pause point), and many
 * threads enqueuing, running and releasing readers and writers on shared cowns while checking
 * exclusivity, exactly-once and that nothing is stranded.
 */
@Timeout(value = 60, unit = SECONDS)
class ReadOnlyAcquisitionTest {

  /** A behaviour without a runtime: becoming ready records it (and queues it, if asked to). */
  private static final class Probe extends WideBehaviour {

    final AtomicInteger ready = new AtomicInteger();
    final Queue<Probe> readyQueue;

    Probe(Queue<Probe> readyQueue) {
      this.readyQueue = readyQueue;
    }

    @Override
    void becomeReady(boolean handedOver) {
      ready.incrementAndGet();
      if (readyQueue != null) {
        readyQueue.add(this);
      }
    }

    boolean isReady() {
      return ready.get() == 1;
    }

    @Override
    protected Object invoke() {
      throw new AssertionError("probes have no body");
    }

    @Override
    protected void publishResult(Object value, Throwable failure) {}

    @Override
    protected void afterRelease(Object value, Throwable failure) {}
  }

  @AfterEach
  void resetHooks() {
    FaultInjection.reset();
  }

  private static Probe reader(CownCore c) {
    return single(c, true, null);
  }

  private static Probe writer(CownCore c) {
    return single(c, false, null);
  }

  private static Probe single(CownCore c, boolean readOnly, Queue<Probe> q) {
    Probe p = new Probe(q);
    p.setCown(c, readOnly);
    Acquisition.enqueue(p);
    return p;
  }

  /** A behaviour over several cowns, given in ascending id order with their modes. */
  private static Probe multi(CownCore[] sorted, boolean[] readOnly) {
    Probe p = new Probe(null);
    p.setCowns(sorted, readOnly, sorted.length);
    Acquisition.enqueue(p);
    return p;
  }

  private static void release(Probe p) {
    assertTrue(p.isReady(), "released before it was ready");
    Acquisition.release(p);
  }

  /** A cown is idle: no active reader, no waiting writer, and a new writer is granted at once. */
  private static void assertIdle(CownCore c) {
    assertEquals(0, c.lvReaders(), "active readers");
    assertNull(c.lvNextWriter(), "registered writer");
    Probe w = writer(c);
    assertTrue(w.isReady(), "a writer on an idle cown is granted at once");
    release(w);
  }

  // --- fixed sequences ------------------------------------------------------------------------

  @Test
  void consecutiveReadersAreGrantedTogetherAndAWriterWaitsForAllOfThem() {
    CownCore c = new CownCore(false);
    Probe r1 = reader(c); // (a): empty queue
    Probe r2 = reader(c); // (c): behind an ACTIVE reader
    Probe r3 = reader(c);
    assertTrue(r1.isReady() && r2.isReady() && r3.isReady());
    assertEquals(3, c.lvReaders());
    Probe w = writer(c); // registered behind r3 at once
    assertFalse(w.isReady());
    release(r2);
    release(r3);
    assertFalse(w.isReady(), "r1 is still reading");
    release(r1);
    assertTrue(w.isReady(), "the last reader's release grants the writer");
    assertEquals(1, w.ready.get());
    release(w);
    assertIdle(c);
  }

  @Test
  void readersAfterAWriterWaitForItAndItsReleaseActivatesTheWholeRun() {
    CownCore c = new CownCore(false);
    Probe w1 = writer(c);
    Probe r1 = reader(c);
    Probe r2 = reader(c);
    Probe r3 = reader(c);
    Probe w2 = writer(c);
    Probe r4 = reader(c);
    assertTrue(w1.isReady());
    assertFalse(r1.isReady() || r2.isReady() || r3.isReady() || w2.isReady() || r4.isReady());
    release(w1); // (b) for r1, then (d) along the run, then w2 registered
    assertTrue(r1.isReady() && r2.isReady() && r3.isReady(), "the whole run starts");
    assertFalse(w2.isReady());
    assertFalse(r4.isReady());
    assertEquals(RequestsOf.of(w2)[0], c.lvNextWriter());
    release(r3);
    release(r1);
    assertFalse(w2.isReady());
    release(r2);
    assertTrue(w2.isReady());
    assertFalse(r4.isReady(), "a reader behind a writer waits for it");
    release(w2);
    assertTrue(r4.isReady());
    release(r4);
    assertIdle(c);
  }

  @Test
  void aWriterThatFindsTheQueueEmptyStillWaitsForReadersWhoseTailLeft() {
    CownCore c = new CownCore(false);
    Probe r1 = reader(c);
    Probe r2 = reader(c);
    release(r2); // the tail leaves: last is null, r1 still reads
    Probe w = writer(c);
    assertFalse(w.isReady(), "r1 is still active");
    assertEquals(RequestsOf.of(w)[0], c.lvNextWriter());
    Probe r3 = reader(c);
    assertFalse(r3.isReady(), "behind the waiting writer");
    release(r1);
    assertTrue(w.isReady());
    release(w);
    assertTrue(r3.isReady());
    release(r3);
    assertIdle(c);
  }

  @Test
  void aReaderThatFindsTheQueueEmptyJoinsReadersWhoseTailLeft() {
    CownCore c = new CownCore(false);
    Probe r1 = reader(c);
    Probe r2 = reader(c);
    release(r2);
    Probe r3 = reader(c);
    assertTrue(r3.isReady());
    assertEquals(2, c.lvReaders());
    Probe w = writer(c);
    release(r3);
    assertFalse(w.isReady(), "r1, scheduled before w, still reads");
    release(r1);
    assertTrue(w.isReady());
    release(w);
    assertIdle(c);
  }

  @Test
  void aReaderReleasedFromTheMiddleOfTheQueueKeepsNoLink() {
    CownCore c = new CownCore(false);
    Probe r1 = reader(c);
    Probe r2 = reader(c);
    Probe w = writer(c); // registered behind r2
    // Release r1 while the queue's tail is w: r1 leaves from the middle of the queue.
    release(r1);
    assertFalse(w.isReady());
    release(r2);
    assertTrue(w.isReady());
    for (Request link : RequestsOf.links(r1)) {
      assertNull(link, "a released reader keeps no link");
    }
    for (Request link : RequestsOf.links(r2)) {
      assertNull(link, "a released reader keeps no link");
    }
    release(w);
    assertIdle(c);
  }

  @Test
  void releasedRequestsKeepNoLinkToLaterBehaviours() {
    CownCore c = new CownCore(false);
    List<Probe> all = new ArrayList<>();
    Probe w1 = writer(c);
    all.add(w1);
    for (int i = 0; i < 3; i++) {
      all.add(reader(c));
    }
    Probe w2 = writer(c);
    all.add(w2);
    all.add(reader(c));
    Probe w3 = writer(c);
    all.add(w3);
    // Release in an order that makes every kind of hand-off happen: w1's hand-off to a run, readers
    // out of order, the registered writer's grant, its hand-off to a single reader.
    int released = 0;
    while (released < all.size()) {
      for (int i = all.size() - 1; i >= 0; i--) {
        Probe p = all.get(i);
        if (p != null && p.isReady()) {
          release(p);
          all.set(i, null);
          released++;
          for (Request link : RequestsOf.links(p)) {
            assertNull(link, "released request " + i + " still links a successor");
          }
        }
      }
    }
    assertIdle(c);
  }

  @Test
  void aCownNamedBothWaysInOneRequestIsAcquiredWritableOnce() {
    CownCore x = new CownCore(false);
    CownCore y = new CownCore(false);
    Probe rx = reader(x);
    // Read x, write y: runs alongside rx.
    Probe b1 = multi(new CownCore[] {x, y}, new boolean[] {true, false});
    assertTrue(b1.isReady());
    Probe b2 = multi(new CownCore[] {x, y}, new boolean[] {true, true});
    assertFalse(b2.isReady(), "b2 reads y, which b1 writes");
    Probe b3 = multi(new CownCore[] {x, y}, new boolean[] {false, true});
    release(b1);
    assertTrue(b2.isReady());
    assertFalse(b3.isReady(), "b3 writes x, read by rx and b2");
    release(rx);
    release(b2);
    assertTrue(b3.isReady());
    release(b3);
    assertIdle(x);
    assertIdle(y);
  }

  /**
   * The stale release: a reader's release takes the count to 0 and stalls before reading {@code
   * nextWriter}. Meanwhile the writer behind it registers, sees 0 and grants itself; it runs, hands
   * the cown to a new reader, and a second writer registers behind that reader. When the stalled
   * release resumes it finds the second writer in {@code nextWriter}: it must not grant it while the
   * new reader is active.
   */
  @Test
  void aStaleReaderReleaseDoesNotGrantALaterWriter() throws Exception {
    CownCore c = new CownCore(false);
    Probe r1 = reader(c);
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    FaultInjection.readersDrained = () -> {
      if (stalled.getCount() > 0) {
        stalled.countDown();
        await(resume);
      }
    };
    AtomicReference<Throwable> releaserFailure = new AtomicReference<>();
    Thread releaser = new Thread(() -> {
      try {
        Acquisition.release(r1);
      } catch (Throwable t) {
        releaserFailure.set(t);
      }
    }, "stalled-reader-release");
    releaser.start();
    await(stalled);
    FaultInjection.readersDrained = null;

    Probe w1 = writer(c); // links behind r1 (its CAS of last has not run), registers, sees 0
    assertTrue(w1.isReady(), "the writer grants itself: the count is already 0");
    Probe r2 = reader(c);
    Probe w2 = writer(c);
    release(w1); // activates r2, registers w2 behind it
    assertTrue(r2.isReady());
    assertFalse(w2.isReady());
    assertEquals(RequestsOf.of(w2)[0], c.lvNextWriter());

    resume.countDown();
    releaser.join(SECONDS.toMillis(10));
    assertFalse(releaser.isAlive());
    assertNull(releaserFailure.get());
    assertFalse(w2.isReady(), "the stale release granted a writer while a reader is active");
    release(r2);
    assertTrue(w2.isReady());
    release(w2);
    assertIdle(c);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, SECONDS)) {
        throw new AssertionError("latch not opened in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // --- races: many threads --------------------------------------------------------------------

  /** Per cown: who is inside a "body" now. */
  private static final class Occupancy {
    final AtomicInteger readers = new AtomicInteger();
    final AtomicInteger writers = new AtomicInteger();
  }

  /** A probe that knows its cowns' occupancy slots and modes, to check exclusivity when it runs. */
  private static final class Job {
    final Probe probe;
    final int[] slots;
    final boolean[] readOnly;
    final int work;

    Job(Probe probe, int[] slots, boolean[] readOnly, int work) {
      this.probe = probe;
      this.slots = slots;
      this.readOnly = readOnly;
      this.work = work;
    }
  }

  /** Sizes of the races are CI minimums times {@code boc4j.stress.scale} (default 1). */
  private static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  @Test
  @Tag("stress")
  @Timeout(value = 600, unit = SECONDS)
  void manyThreadsEnqueueAndReleaseReadersAndWritersOnOneCown() throws Exception {
    race(1, 1, 4, 20_000 * SCALE, 0.7);
  }

  @Test
  @Tag("stress")
  @Timeout(value = 600, unit = SECONDS)
  void manyThreadsEnqueueAndReleaseMixedRequestsOnThreeCowns() throws Exception {
    race(3, 3, 4, 20_000 * SCALE, 0.6);
  }

  @Test
  @Tag("stress")
  @Timeout(value = 600, unit = SECONDS)
  void mostlyReadersWithRareWriters() throws Exception {
    race(2, 2, 4, 20_000 * SCALE, 0.95);
  }

  /**
   * {@code threads} threads each enqueue {@code perThread} behaviours over up to {@code maxK} of
   * {@code cowns} cowns (readers with probability {@code readShare}), and between enqueues run and
   * release whatever became ready, checking in each "body" that no writer overlaps anyone on its
   * cowns. At the end every behaviour ran exactly once and every cown is idle.
   */
  private static void race(int cowns, int maxK, int threads, int perThread, double readShare)
      throws Exception {
    CownCore[] cs = new CownCore[cowns];
    Occupancy[] occ = new Occupancy[cowns];
    for (int i = 0; i < cowns; i++) {
      cs[i] = new CownCore(false);
      occ[i] = new Occupancy();
    }
    ConcurrentLinkedQueue<Probe> readyQueue = new ConcurrentLinkedQueue<>();
    Map<Probe, Job> jobs = new ConcurrentHashMap<>();
    AtomicInteger ran = new AtomicInteger();
    AtomicReference<String> violation = new AtomicReference<>();
    int total = threads * perThread;
    long seed = Long.getLong("boc4j.stress.seed", System.nanoTime());
    System.out.println("ReadOnlyAcquisitionTest.race(" + cowns + "," + maxK + ") seed=" + seed);
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> ts = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    long deadline = System.nanoTime() + SECONDS.toNanos(45L * SCALE);
    for (int t = 0; t < threads; t++) {
      Random rnd = new Random(seed + t);
      Thread th = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            int k = 1 + rnd.nextInt(maxK);
            boolean[] chosen = new boolean[cowns];
            boolean[] mode = new boolean[cowns];
            for (int j = 0; j < k; j++) {
              int s = rnd.nextInt(cowns);
              chosen[s] = true;
              mode[s] = rnd.nextDouble() < readShare;
            }
            int n = 0;
            for (boolean b : chosen) {
              n += b ? 1 : 0;
            }
            CownCore[] sorted = new CownCore[n];
            boolean[] ro = new boolean[n];
            int[] slots = new int[n];
            int m = 0;
            for (int s = 0; s < cowns; s++) { // cores are created in slot order: ids ascend
              if (chosen[s]) {
                sorted[m] = cs[s];
                ro[m] = mode[s];
                slots[m++] = s;
              }
            }
            Probe p = new Probe(readyQueue);
            p.setCowns(sorted, ro, n);
            jobs.put(p, new Job(p, slots, ro, rnd.nextInt(40)));
            Acquisition.enqueue(p);
            runReady(readyQueue, jobs, occ, ran, violation, 2);
          }
          while (ran.get() < total && System.nanoTime() < deadline) {
            runReady(readyQueue, jobs, occ, ran, violation, Integer.MAX_VALUE);
            Thread.onSpinWait();
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "race-" + t);
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join(SECONDS.toMillis(50L * SCALE));
      assertFalse(th.isAlive(), th.getName() + " is stuck");
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("a racing thread failed", failures.get(0));
    }
    assertNull(violation.get());
    assertEquals(total, ran.get(), "behaviours run (seed " + seed + ")");
    for (Job j : jobs.values()) {
      if (j.probe.ready.get() != 1) {
        fail("a behaviour became ready " + j.probe.ready.get() + " times (seed " + seed + ")");
      }
    }
    for (CownCore c : cs) {
      assertIdle(c);
    }
  }

  private static void runReady(
      Queue<Probe> readyQueue, Map<Probe, Job> jobs, Occupancy[] occ, AtomicInteger ran,
      AtomicReference<String> violation, int max) {
    Probe p;
    for (int i = 0; i < max && (p = readyQueue.poll()) != null; i++) {
      Job j = jobs.get(p);
      for (int s = 0; s < j.slots.length; s++) {
        Occupancy o = occ[j.slots[s]];
        if (j.readOnly[s]) {
          o.readers.incrementAndGet();
          if (o.writers.get() != 0) {
            violation.compareAndSet(null, "a reader overlapped a writer on cown " + j.slots[s]);
          }
        } else {
          if (o.writers.incrementAndGet() != 1 || o.readers.get() != 0) {
            violation.compareAndSet(null, "a writer overlapped another holder on cown " + j.slots[s]);
          }
        }
      }
      for (int w = 0; w < j.work; w++) {
        Thread.onSpinWait();
      }
      for (int s = 0; s < j.slots.length; s++) {
        Occupancy o = occ[j.slots[s]];
        if (j.readOnly[s]) {
          o.readers.decrementAndGet();
        } else {
          o.writers.decrementAndGet();
        }
      }
      ran.incrementAndGet();
      Acquisition.release(p);
    }
  }
}
