package io.boc4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * SPEC section 2, read-only requests: CONTRACT.md RO01–RO06. A read-only request is made by passing
 * {@link Cown#read} (or a {@link Cown#readGroup}) wherever a cown (or group) goes.
 */
@Timeout(value = 60, unit = SECONDS)
class ReadOnlyTest extends BocTestSupport {

  private static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  /**
   * Checks, inside a body, that {@code view} is a working read-only view of {@code cown} holding
   * {@code expected}, and that the body cannot touch {@code cown} itself. Returns "ok" or what failed.
   */
  private static String probe(Cown<Integer> view, Cown<Integer> cown, int expected) {
    try {
      if (!view.isReadOnly() || cown.isReadOnly()) {
        return "isReadOnly: view " + view.isReadOnly() + ", cown " + cown.isReadOnly();
      }
      if (view.id() != cown.id() || view.isPinned() != cown.isPinned()) {
        return "the view has another identity: " + view + " vs " + cown;
      }
      if (view.get() != expected) {
        return "view.get() = " + view.get() + ", expected " + expected;
      }
      if (view.isException() || view.exception() != null) {
        return "the view carries an exception";
      }
      String set = refusal(() -> view.set(expected + 1), "read-only");
      String mark = refusal(() -> view.setException(new RuntimeException()), "read-only");
      String direct = refusal(cown::get, "read-only");
      String directSet = refusal(() -> cown.set(0), "read-only");
      for (String s : new String[] {set, mark, direct, directSet}) {
        if (s != null) {
          return s;
        }
      }
      return view.get() == expected ? "ok" : "a refused write changed the value";
    } catch (RuntimeException e) {
      return "unexpected " + e;
    }
  }

  /** Null if {@code code} throws IllegalStateException mentioning {@code fragment}, else why not. */
  private static String refusal(Executable code, String fragment) {
    try {
      code.execute();
      return "expected IllegalStateException, nothing was thrown";
    } catch (IllegalStateException e) {
      return e.getMessage().contains(fragment) ? null : "message lacks \"" + fragment + "\": " + e;
    } catch (Throwable t) {
      return "expected IllegalStateException, got " + t;
    }
  }

  // --- RO01 ---------------------------------------------------------------------------------

  @Test
  void ro01_aViewReadsAndRefusesWritesInEveryShape() throws Exception {
    newBoc(2);
    Cown<Integer> a = Cown.of(1);
    Cown<Integer> b = Cown.of(2);
    Cown<Integer> c = Cown.of(3);
    Cown<Integer> d = Cown.of(4);
    Cown<Integer> e = Cown.of(5);
    Cown<Integer> w = Cown.of(0);
    Cown<Integer> ra = Cown.read(a);
    List<ResultCown<String>> results = new ArrayList<>();
    results.add(boc.when(ra, v -> probe(v, a, 1)));
    results.add(boc.when(w, Cown.read(b), (x, v) -> {
      x.set(x.get() + 1); // the writable argument still writes
      return probe(v, b, 2);
    }));
    results.add(boc.when(a, Cown.read(b), Cown.read(c), (x, y, z) ->
        x.get() == 1 ? probe(y, b, 2) + probe(z, c, 3) : "writable a reads " + x.get()));
    results.add(boc.when(w, a, b, Cown.read(d), (p, q, r, s) -> probe(s, d, 4)));
    results.add(boc.when(w, a, b, c, Cown.read(e), (p, q, r, s, t) -> probe(t, e, 5)));
    results.add(boc.when(Cown.readGroup(List.of(a, b, c)), vs ->
        probe(vs.get(0), a, 1) + probe(vs.get(1), b, 2) + probe(vs.get(2), c, 3)));
    results.add(boc.when(Cown.group(List.of(Cown.read(d), w)), vs -> {
      vs.get(1).set(vs.get(1).get() + 1);
      return probe(vs.get(0), d, 4);
    }));
    results.add(boc.whenAll(List.of(Cown.read(a), Cown.readGroup(List.of(b, c)), w), all -> {
      Cown<Integer> x = Delivered.cown(all, 0);
      List<Cown<Integer>> g = Delivered.group(all, 1);
      Cown<Integer> y = Delivered.cown(all, 2);
      y.set(y.get() + 1);
      return probe(x, a, 1) + probe(g.get(0), b, 2) + probe(g.get(1), c, 3);
    }));
    Queue<String> fromRuns = new ConcurrentLinkedQueue<>();
    boc.run(Cown.read(e), v -> fromRuns.add(probe(v, e, 5)));
    boc.run(Cown.read(a), Cown.read(b), (x, y) -> fromRuns.add(probe(x, a, 1) + probe(y, b, 2)));
    boc.runAll(List.of(Cown.readGroup(List.of(d, e))), all -> {
      List<Cown<Integer>> g = Delivered.group(all, 0);
      fromRuns.add(probe(g.get(0), d, 4) + probe(g.get(1), e, 5));
    });
    for (ResultCown<String> r : results) {
      String report = valueOf(r);
      assertTrue(report.matches("(ok)+"), report);
    }
    boc.quiesce(WAIT);
    assertEquals(3, fromRuns.size());
    for (String report : fromRuns) {
      assertTrue(report.matches("(ok)+"), report);
    }
    assertEquals(3, read(w).intValue(), "three writable requests incremented w");
  }

  @Test
  void ro01_aViewIsARequestNotAHold() throws Exception {
    newBoc(2);
    Cown<Integer> a = Cown.of(1);
    Cown<Integer> view = Cown.read(a);
    assertSame(view, Cown.read(view), "a view of a view is the view");
    assertNotEquals(a, view);
    assertTrue(view.toString().contains("read-only"), view.toString());
    IllegalStateException outside = assertThrows(IllegalStateException.class, view::get);
    assertTrue(outside.getMessage().contains("does not hold"), outside.getMessage());
    IllegalStateException set = assertThrows(IllegalStateException.class, () -> view.set(2));
    assertTrue(set.getMessage().contains("read-only"), set.getMessage());
    // After the body, a view it received is dead like the cown.
    ResultCown<Cown<Integer>> leaked = boc.when(view, v -> v);
    Cown<Integer> escaped = valueOf(leaked);
    assertThrows(IllegalStateException.class, escaped::get);
    NullPointerException npe = assertThrows(NullPointerException.class, () -> Cown.read(null));
    assertTrue(npe.getMessage().contains("Cown.read"), npe.getMessage());
    npe = assertThrows(NullPointerException.class, () -> Cown.readGroup(null));
    assertTrue(npe.getMessage().contains("Cown.readGroup"), npe.getMessage());
    List<Cown<Integer>> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> Cown.readGroup(withNull));
  }

  @Test
  void ro01_aSynchronousTakeMayBeReadOnly() throws Exception {
    newBoc(2);
    Cown<Integer> a = Cown.of(1);
    Cown<Integer> b = Cown.of(2);
    try (Held<Integer> h = boc.acquire(Cown.read(a))) {
      assertEquals(1, h.get().intValue());
      assertTrue(h.cown().isReadOnly());
      assertEquals("ok", probe(h.cown(), a, 1));
      assertNull(refusal(() -> h.set(5), "read-only"));
    }
    try (HeldGroup<Integer> g = boc.acquire(Cown.readGroup(List.of(a, b)), WAIT)) {
      assertEquals(1, g.get(0).intValue());
      assertEquals(2, g.get(1).intValue());
      assertEquals("ok", probe(g.cowns().get(1), b, 2));
    }
    assertThrows(IllegalStateException.class, () -> Cown.read(a).get(), "closed: no longer held");
    assertEquals(1, read(a).intValue());
  }

  @Test
  void ro01_aHeldCownIsClosedOnlyByItsThread() throws Exception {
    newBoc(2);
    Cown<Integer> a = Cown.of(1);
    try (Held<Integer> h = boc.acquire(Cown.read(a))) {
      Throwable t = PinSupport.onOtherThread("closer", h::close);
      assertTrue(t instanceof IllegalStateException, String.valueOf(t));
      assertTrue(t.getMessage().contains("only that thread"), t.getMessage());
      assertEquals(1, h.get().intValue(), "still held after the refused close");
    }
    assertEquals(1, read(a).intValue(), "closed by its own thread");
  }

  // --- RO02 ---------------------------------------------------------------------------------

  /** Two readers that each wait for the other to start: both finish only if they overlap. */
  @Test
  void ro02_readersOfOneCownRunAtOnce() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(7);
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    ResultCown<Boolean> r1 = boc.when(Cown.read(c), v -> {
      second.countDown();
      return first.await(WAIT.toMillis(), MILLISECONDS)
          && v.get() == 7;
    });
    ResultCown<Boolean> r2 = boc.when(Cown.read(c), v -> {
      first.countDown();
      return second.await(WAIT.toMillis(), MILLISECONDS)
          && v.get() == 7;
    });
    assertTrue(valueOf(r1), "the first reader never saw the second start");
    assertTrue(valueOf(r2), "the second reader never saw the first start");
  }

  @Test
  void ro02_readOnlyGroupsAndMixedSetsSharingOnlyReadCownsRunAtOnce() throws Exception {
    newBoc(2);
    List<Cown<Integer>> accounts = cowns(3, 10);
    Cown<Integer> left = Cown.of(0);
    Cown<Integer> right = Cown.of(0);
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    // Each writes its own cown and reads the shared accounts.
    ResultCown<Boolean> r1 = boc.when(Cown.readGroup(accounts), left, (vs, x) -> {
      second.countDown();
      x.set(1);
      return first.await(WAIT.toMillis(), MILLISECONDS);
    });
    ResultCown<Boolean> r2 = boc.when(right, Cown.readGroup(accounts), (x, vs) -> {
      first.countDown();
      x.set(1);
      return second.await(WAIT.toMillis(), MILLISECONDS);
    });
    assertTrue(valueOf(r1));
    assertTrue(valueOf(r2));
  }

  @Test
  void ro02_aReadOnlyTakeSharesTheCownWithReaderBodies() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(3);
    try (Held<Integer> h = boc.acquire(Cown.read(c))) {
      ResultCown<Integer> reader = boc.when(Cown.read(c), v -> v.get());
      assertEquals(3, valueOf(reader).intValue(), "a reader ran while the take held the cown");
      assertEquals(3, h.get().intValue());
    }
  }

  // --- RO03 ---------------------------------------------------------------------------------

  @Test
  void ro03_aWriterAfterReadersStartsOnlyAfterAllOfThemFinished() throws Exception {
    newBoc(4);
    Cown<Integer> c = Cown.of(0);
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    AtomicBoolean writerStarted = new AtomicBoolean();
    List<ResultCown<Boolean>> readers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      readers.add(boc.when(Cown.read(c), v -> {
        started.countDown();
        awaitLatch(gate);
        boolean clean = !writerStarted.get() && v.get() == 0;
        finished.incrementAndGet();
        return clean;
      }));
    }
    awaitLatch(started);
    ResultCown<Integer> writer = boc.when(c, x -> {
      writerStarted.set(true);
      x.set(42);
      return finished.get();
    });
    // A behaviour scheduled after the writer on another cown runs on a free worker first (two of
    // four are free); only then do the readers finish.
    unrelatedBehaviourRuns();
    assertFalse(writer.isDone(), "the writer finished while readers held the cown");
    gate.countDown();
    assertEquals(2, valueOf(writer).intValue(), "readers finished before the writer started");
    for (ResultCown<Boolean> r : readers) {
      assertTrue(valueOf(r), "a reader overlapped the writer or saw its write");
    }
    assertEquals(42, read(c).intValue());
  }

  @Test
  void ro03_readersAfterAWriterStartOnlyAfterItAndSeeItsWrite() throws Exception {
    newBoc(4);
    Cown<Integer> c = Cown.of(0);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicBoolean writerDone = new AtomicBoolean();
    boc.run(c, x -> {
      writing.countDown();
      awaitLatch(gate);
      x.set(42);
      writerDone.set(true);
    });
    awaitLatch(writing);
    List<ResultCown<Integer>> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(boc.when(Cown.read(c), v -> writerDone.get() ? v.get() : -1));
    }
    unrelatedBehaviourRuns();
    for (ResultCown<Integer> r : readers) {
      assertFalse(r.isDone(), "a reader finished while the writer held the cown");
    }
    gate.countDown();
    for (ResultCown<Integer> r : readers) {
      assertEquals(42, valueOf(r).intValue());
    }
    try (Held<Integer> h = boc.acquire(Cown.read(c))) {
      assertEquals(42, h.get().intValue(), "a read-only take sees the write");
    }
  }

  /** Alternating runs of readers and writers: each reader sees the last write scheduled before it. */
  @Test
  void ro03_everyReaderSeesTheLastWriteScheduledBeforeIt() throws Exception {
    newBoc(4);
    Cown<Integer> c = Cown.of(-1);
    Random rnd = new Random(1234);
    int lastWriter = -1;
    List<ResultCown<Integer>> readers = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      if (rnd.nextInt(4) == 0) {
        int me = i;
        boc.run(c, x -> {
          spinMicros(5);
          x.set(me);
        });
        lastWriter = i;
      } else {
        readers.add(boc.when(Cown.read(c), v -> {
          int seen = v.get();
          spinMicros(5);
          return seen == v.get() ? seen : Integer.MIN_VALUE; // no write while it reads
        }));
        expected.add(lastWriter);
      }
    }
    for (int i = 0; i < readers.size(); i++) {
      assertEquals(expected.get(i), valueOf(readers.get(i)), "reader " + i);
    }
  }

  // --- RO04 ---------------------------------------------------------------------------------

  @Test
  void ro04_aCownNamedBothWaysIsAcquiredWritableOnce() throws Exception {
    newBoc(4);
    Cown<Integer> c = Cown.of(1);
    CountDownLatch readerIn = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicBoolean readerDone = new AtomicBoolean();
    boc.run(Cown.read(c), v -> {
      readerIn.countDown();
      awaitLatch(gate);
      readerDone.set(true);
    });
    awaitLatch(readerIn);
    // Were c taken read-only here, this would run beside the reader above; were it taken twice, it
    // would wait for itself and never run.
    ResultCown<String> both = boc.when(Cown.read(c), c, (v, x) -> {
      if (!readerDone.get()) {
        return "ran beside a reader: c was not acquired writable";
      }
      x.set(x.get() + 1);
      if (v.get() != 2) {
        return "the view does not see the write: " + v.get();
      }
      String refused = refusal(() -> v.set(0), "read-only");
      return refused == null ? "ok" : refused;
    });
    unrelatedBehaviourRuns();
    assertFalse(both.isDone(), "ran while the reader held c");
    gate.countDown();
    assertEquals("ok", valueOf(both));

    ResultCown<Integer> reversed = boc.when(c, Cown.read(c), (x, v) -> {
      x.set(x.get() + 1);
      return v.get();
    });
    assertEquals(3, valueOf(reversed).intValue());
    ResultCown<Integer> grouped = boc.when(Cown.group(List.of(Cown.read(c), c)), vs -> {
      vs.get(1).set(vs.get(1).get() + 1);
      return vs.get(0).get();
    });
    assertEquals(4, valueOf(grouped).intValue());
    ResultCown<Integer> dynamic = boc.whenAll(List.of(Cown.readGroup(List.of(c, c)), c), all -> {
      Cown<Integer> x = Delivered.cown(all, 1);
      x.set(x.get() + 1);
      return Delivered.<Integer>group(all, 0).get(1).get();
    });
    assertEquals(5, valueOf(dynamic).intValue());
  }

  @Test
  void ro04_aTakeNamingACownBothWaysHoldsItWritable() throws Exception {
    newBoc(2);
    Cown<Integer> c = Cown.of(1);
    AtomicBoolean held = new AtomicBoolean(true);
    ResultCown<Boolean> reader;
    try (HeldGroup<Integer> g = boc.acquire(Cown.group(List.of(Cown.read(c), c)), WAIT)) {
      g.cowns().get(1).set(2);
      assertEquals(2, g.get(0).intValue());
      assertNull(refusal(() -> g.cowns().get(0).set(3), "read-only"));
      reader = boc.when(Cown.read(c), v -> !held.get() && v.get() == 2);
      unrelatedBehaviourRuns();
      assertFalse(reader.isDone(), "a reader ran while the take held c writable");
      held.set(false);
    }
    assertTrue(valueOf(reader));
  }

  // --- RO05 ---------------------------------------------------------------------------------

  /** Per cown: who is inside a body on it now, and the log of the writers that have run. */
  private static final class Slot {
    final Cown<List<Integer>> cown = Cown.of(new ArrayList<>());
    final Cown<List<Integer>> view = Cown.read(cown);
    final AtomicInteger readers = new AtomicInteger();
    final AtomicBoolean writer = new AtomicBoolean();
  }

  /** One fuzzed behaviour: its distinct cowns and whether each is effectively read-only. */
  private static final class Plan {
    final int index;
    final int[] slots;
    final boolean[] readOnly;
    final int[] seen;
    final int work;

    Plan(int index, int[] slots, boolean[] readOnly, int work) {
      this.index = index;
      this.slots = slots;
      this.readOnly = readOnly;
      this.seen = new int[slots.length];
      this.work = work;
    }
  }

  /**
   * 20,000 behaviours (times {@code boc4j.stress.scale}) over random mixes of read-only and writable
   * requests on 16 cowns, in every shape, some with a cown named both ways, plus a few synchronous
   * takes. Checks: no reader overlaps a writer and writers never overlap (per cown, in the bodies);
   * every behaviour runs exactly once; each cown's write log is its writers in scheduling order; each
   * reader saw exactly the writes scheduled before it.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 180, unit = SECONDS)
  void ro05_mixedReadWriteFuzzKeepsOrderAndExclusivity() throws Exception {
    newBoc(4);
    long seed = Long.getLong("boc4j.stress.seed", System.nanoTime());
    System.out.println("ReadOnlyTest.ro05 seed=" + seed + " (replay: -Dboc4j.stress.seed=" + seed
        + ")");
    Random rnd = new Random(seed);
    int n = 20_000 * SCALE;
    int m = 16;
    Slot[] slots = new Slot[m];
    for (int i = 0; i < m; i++) {
      slots[i] = new Slot();
    }
    Plan[] plans = new Plan[n];
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    AtomicReference<String> violation = new AtomicReference<>();
    for (int i = 0; i < n; i++) {
      double readShare = rnd.nextInt(4) == 0 ? 0.3 : 0.85; // mostly readers, some write-heavy
      int k = 1 + rnd.nextInt(4);
      int[] occurrence = new int[k];
      boolean[] occurrenceRead = new boolean[k];
      for (int j = 0; j < k; j++) {
        occurrence[j] = rnd.nextInt(m);
        occurrenceRead[j] = rnd.nextDouble() < readShare;
      }
      plans[i] = plan(i, occurrence, occurrenceRead, rnd.nextInt(20));
      Plan p = plans[i];
      if (rnd.nextInt(200) == 0) {
        take(p, slots, runs, violation, rnd.nextBoolean());
        continue;
      }
      submit(rnd, p, occurrence, occurrenceRead, slots, runs, violation);
    }
    boc.quiesce(Duration.ofSeconds(120L * SCALE));
    assertNull(violation.get(), violation.get() + " (seed " + seed + ")");
    for (int i = 0; i < n; i++) {
      assertEquals(1, runs.get(i), "behaviour " + i + " runs (seed " + seed + ")");
    }
    for (int s = 0; s < m; s++) {
      List<Integer> writers = new ArrayList<>();
      for (Plan p : plans) {
        for (int j = 0; j < p.slots.length; j++) {
          if (p.slots[j] == s && !p.readOnly[j]) {
            writers.add(p.index);
          } else if (p.slots[j] == s && p.seen[j] != writers.size()) {
            fail("behaviour " + p.index + " read cown " + s + " after " + p.seen[j]
                + " writes; " + writers.size() + " were scheduled before it (seed " + seed + ")");
          }
        }
      }
      assertEquals(writers, read(slots[s].cown), "write log of cown " + s + " (seed " + seed + ")");
    }
  }

  /** The distinct cowns of a request and their effective modes: writable if named writable once. */
  private static Plan plan(int index, int[] occurrence, boolean[] occurrenceRead, int work) {
    boolean[] named = new boolean[16];
    boolean[] written = new boolean[16];
    int distinct = 0;
    for (int j = 0; j < occurrence.length; j++) {
      if (!named[occurrence[j]]) {
        named[occurrence[j]] = true;
        distinct++;
      }
      written[occurrence[j]] |= !occurrenceRead[j];
    }
    int[] s = new int[distinct];
    boolean[] ro = new boolean[distinct];
    int i = 0;
    for (int c = 0; c < 16; c++) {
      if (named[c]) {
        s[i] = c;
        ro[i++] = !written[c];
      }
    }
    return new Plan(index, s, ro, work);
  }

  /** Schedules {@code p} in a random shape: typed arities, groups, dynamic; when or run. */
  private void submit(Random rnd, Plan p, int[] occurrence, boolean[] occurrenceRead, Slot[] slots,
      AtomicIntegerArray runs, AtomicReference<String> violation) {
    List<Acquirable<?>> args = new ArrayList<>();
    int j = 0;
    while (j < occurrence.length) {
      int groupSize = rnd.nextInt(3) == 0 ? Math.min(occurrence.length - j, 1 + rnd.nextInt(3)) : 0;
      if (groupSize == 0) {
        Cown<List<Integer>> c = slots[occurrence[j]].cown;
        args.add(occurrenceRead[j] ? Cown.read(c) : c);
        j++;
        continue;
      }
      List<Cown<List<Integer>>> members = new ArrayList<>();
      boolean allRead = true;
      for (int g = j; g < j + groupSize; g++) {
        allRead &= occurrenceRead[g];
        Cown<List<Integer>> c = slots[occurrence[g]].cown;
        members.add(occurrenceRead[g] ? Cown.read(c) : c);
      }
      args.add(allRead && rnd.nextBoolean() ? Cown.readGroup(members) : Cown.group(members));
      j += groupSize;
    }
    Runnable body = () -> runBody(p, slots, runs, violation);
    boolean withResult = rnd.nextBoolean();
    switch (args.size()) {
      case 1:
        if (withResult) {
          boc.when(args.get(0), x -> {
            body.run();
            return null;
          });
        } else {
          boc.run(args.get(0), x -> body.run());
        }
        return;
      case 2:
        if (withResult) {
          boc.when(args.get(0), args.get(1), (x, y) -> {
            body.run();
            return null;
          });
        } else {
          boc.run(args.get(0), args.get(1), (x, y) -> body.run());
        }
        return;
      case 3:
        boc.run(args.get(0), args.get(1), args.get(2), (x, y, z) -> body.run());
        return;
      default:
        if (withResult) {
          boc.whenAll(args, all -> {
            body.run();
            return null;
          });
        } else {
          boc.runAll(args, all -> body.run());
        }
    }
  }

  /** A synchronous take of the plan's cowns on the test thread, read-only where the plan reads. */
  private void take(Plan p, Slot[] slots, AtomicIntegerArray runs,
      AtomicReference<String> violation, boolean readView) throws Exception {
    List<Cown<List<Integer>>> members = new ArrayList<>();
    for (int j = 0; j < p.slots.length; j++) {
      Cown<List<Integer>> c = slots[p.slots[j]].cown;
      members.add(p.readOnly[j] && readView ? Cown.read(c) : c);
    }
    if (!readView) { // taken writable throughout: record it so
      Arrays.fill(p.readOnly, false);
    }
    try (HeldGroup<List<Integer>> g = boc.acquire(Cown.group(members), WAIT)) {
      runBody(p, slots, runs, violation);
    }
  }

  /** The body of a fuzzed behaviour: enter every cown, read or append to its log, leave. */
  private static void runBody(Plan p, Slot[] slots, AtomicIntegerArray runs,
      AtomicReference<String> violation) {
    for (int j = 0; j < p.slots.length; j++) {
      Slot s = slots[p.slots[j]];
      if (p.readOnly[j]) {
        s.readers.incrementAndGet(); // then read the writer flag: a writer sets it, then reads us
        if (s.writer.get()) {
          violation.compareAndSet(null, "behaviour " + p.index + " read cown " + p.slots[j]
              + " while a writer held it");
        }
      } else if (!s.writer.compareAndSet(false, true) || s.readers.get() != 0) {
        violation.compareAndSet(null, "behaviour " + p.index + " wrote cown " + p.slots[j]
            + " while another behaviour held it");
      }
    }
    runs.incrementAndGet(p.index);
    for (int j = 0; j < p.slots.length; j++) {
      Slot s = slots[p.slots[j]];
      if (p.readOnly[j]) {
        p.seen[j] = s.view.get().size();
      } else {
        s.cown.get().add(p.index);
      }
    }
    spinMicros(p.work);
    for (int j = p.slots.length - 1; j >= 0; j--) {
      Slot s = slots[p.slots[j]];
      if (p.readOnly[j]) {
        s.readers.decrementAndGet();
      } else {
        s.writer.set(false);
      }
    }
  }

  // --- RO06 ---------------------------------------------------------------------------------

  @Test
  void ro06_aPinnedCownMayBeReadOnlyAndItsBodyStillRunsOnTheMainThread() throws Exception {
    newBoc(2);
    boc.mainThread().bind();
    Thread main = Thread.currentThread();
    PinnedCown<Integer> p = PinnedCown.of(5);
    Cown<Integer> w = Cown.of(0);
    ResultCown<String> alone = boc.when(Cown.read(p), v ->
        Thread.currentThread() == main ? probe(v, p, 5) : "ran on " + Thread.currentThread());
    ResultCown<Boolean> mixed = boc.when(Cown.read(p), w, (v, x) -> {
      x.set(v.get());
      return Thread.currentThread() == main;
    });
    ResultCown<Boolean> grouped = boc.when(Cown.readGroup(List.of(p, w)), vs ->
        Thread.currentThread() == main && vs.get(0).get() == 5);
    boc.quiesce(WAIT); // pumps: this is the main thread
    assertEquals("ok", valueOf(alone));
    assertTrue(valueOf(mixed));
    assertTrue(valueOf(grouped));
    try (Held<Integer> h = boc.acquire(Cown.read(p))) {
      assertEquals(5, h.get().intValue());
      assertTrue(h.cown().isPinned());
    }
    assertEquals(5, read(w).intValue());
  }

  // --- helpers ------------------------------------------------------------------------------

  /**
   * Runs a behaviour on a cown nobody else uses and waits for it: scheduled after the one under test,
   * it shows that a free worker had its chance to run that one too.
   */
  private void unrelatedBehaviourRuns() throws Exception {
    assertEquals(1, valueOf(boc.when(Cown.of(1), x -> x.get())).intValue());
  }

  private static List<Cown<Integer>> cowns(int n, int initial) {
    List<Cown<Integer>> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cs.add(Cown.of(initial));
    }
    return cs;
  }
}
