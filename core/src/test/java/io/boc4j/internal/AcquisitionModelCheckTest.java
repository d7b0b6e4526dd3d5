package io.boc4j.internal;

import static io.boc4j.internal.AcquisitionModel.RUN;
import static io.boc4j.internal.AcquisitionModel.STEAL;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.boc4j.Cown;
import io.boc4j.RequestSets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §3 (atomicity, order, no deadlock) for the acquisition protocol itself, under the Lincheck
 * model checker: each scenario is a small {@link AcquisitionModel} (one to three cowns, two or three
 * threads, a handful of behaviours) whose interleavings Lincheck explores systematically, those with
 * fewer context switches first and none twice, until it has run out of new ones or reached the
 * scenario's bound. In each it checks exclusivity, order, exactly-once dispatch and that every queue
 * is empty at the end (see {@link AcquisitionModel}); a failure prints the interleaving that broke
 * it.
 *
 * <p>Behaviours are built as the runtime builds them ({@link Behaviour#setCowns}, or through the
 * public API's own sort and fold for the folding scenario) and driven only through {@link
 * Acquisition#enqueue} and {@link Acquisition#release}; the checks read the cowns' state accessors.
 *
 * <p>Each test prints how many interleavings it explored ("all" when Lincheck ran out of new ones
 * before the bound; see {@link ModelChecker}). The bounds keep the whole class within CI's budget on
 * a 2-core machine; {@code -Dboc4j.stress.scale=N} multiplies them for a deeper local run.
 */
@Tag("model-checking")
@Timeout(value = 300, unit = SECONDS)
class AcquisitionModelCheckTest {

  /**
   * The single-cown fast path, and an enqueue racing a release: two writers of one cown, each
   * enqueued by its own thread, which then runs what it was handed. Explores B swapping in before,
   * during and after A's release (the CAS of {@code last} back to empty failing, and the releaser
   * waiting for B's link).
   */
  @Test
  void singleCownWritersRaceARelease() {
    AcquisitionModel m = new AcquisitionModel("singleCownWritersRaceARelease", 1);
    int a = m.behaviour("A", "wx");
    int b = m.behaviour("B", "wx");
    m.thread(a, RUN).thread(b, STEAL);
    check(m, 300);
  }

  /**
   * Two writers of the same two cowns: B may swap into x behind A while A is still between its two
   * swaps, and must then wait for A's phase 1 before it goes on to y, or it could overtake A there and
   * the two would wait for each other. Without that wait ({@code awaitScheduled}) this deadlocks.
   */
  @Test
  void twoCownWritersCrossPhaseOne() {
    AcquisitionModel m = new AcquisitionModel("twoCownWritersCrossPhaseOne", 2);
    int a = m.behaviour("A", "wx wy");
    int b = m.behaviour("B", "wx wy");
    m.thread(a, RUN).thread(b, STEAL);
    check(m, 300);
  }

  /**
   * Three writers over three cowns in a ring of overlaps (xy, yz, xz), each on its own thread: every
   * pair shares one cown, so any inconsistency in the per-cown orders would close a cycle.
   */
  @Test
  void threeWritersInARingOfOverlaps() {
    AcquisitionModel m = new AcquisitionModel("threeWritersInARingOfOverlaps", 3);
    int a = m.behaviour("A", "wx wy");
    int b = m.behaviour("B", "wy wz");
    int c = m.behaviour("C", "wx wz");
    m.thread(a, RUN).thread(b, STEAL, RUN).thread(c, STEAL);
    check(m, 300);
  }

  /**
   * Two readers and a writer of one cown, each on its own thread: the readers' activations (at once,
   * or behind an active reader: the Dekker pair between the linker and the activator), the writer's
   * registration behind them, and the last reader's release racing that registration (the second
   * Dekker pair, on {@code readers} and {@code nextWriter}). A reader that linked behind an active
   * reader and did not start itself would be stranded here.
   */
  @Test
  void readersRaceAWritersRegistration() {
    AcquisitionModel m = new AcquisitionModel("readersRaceAWritersRegistration", 1);
    int r1 = m.behaviour("R1", "rx");
    int r2 = m.behaviour("R2", "rx");
    int w = m.behaviour("W", "wx");
    m.thread(r1, RUN).thread(r2, RUN).thread(w, STEAL);
    check(m, 300);
  }

  /**
   * A writer's release hands the cown to a run of readers that are still linking: W is held by one
   * thread while R1 and R2 queue behind it from two others; W's release activates R1 and passes
   * activation along the run, racing R2's linker for it.
   */
  @Test
  void aWritersReleaseActivatesReadersThatAreStillLinking() {
    AcquisitionModel m =
        new AcquisitionModel("aWritersReleaseActivatesReadersThatAreStillLinking", 1);
    int w = m.behaviour("W", "wx");
    int r1 = m.behaviour("R1", "rx");
    int r2 = m.behaviour("R2", "rx");
    m.thread(w, RUN).thread(r1, STEAL).thread(r2, RUN);
    check(m, 300);
  }

  /**
   * A reader stolen the moment it is activated: one thread holds W and has queued R1 and R2 behind
   * it; W's release activates R1 and goes on along the run to R2, while another thread steals R1 and
   * runs and releases it. The activator must have read R1's successor before granting R1, since
   * R1's release drops that link: granting first strands R2.
   */
  @Test
  void aReaderIsStolenAndReleasedWhileItsActivatorGoesOn() {
    AcquisitionModel m = new AcquisitionModel("aReaderIsStolenAndReleasedWhileItsActivatorGoesOn", 1);
    int w = m.behaviour("W", "wx");
    int r1 = m.behaviour("R1", "rx");
    int r2 = m.behaviour("R2", "rx");
    m.thread(w, r1, r2, RUN).thread(STEAL);
    check(m, 300);
  }

  /**
   * The stale reader release: R1's release takes the reader count to 0; meanwhile W1 registers
   * behind R1, sees 0 and grants itself, runs, and hands the cown to R2, behind which W2 registers.
   * When R1's release goes on it finds W2 in {@code nextWriter} while R2 reads: it must read the count
   * again and leave W2 to R2's release, or W2 runs before R2 (two context switches reach it; the
   * mixed-modes scenario and the readers-still-linking one find the same fault).
   */
  @Test
  void aStaleReaderReleaseMeetsALaterWriter() {
    AcquisitionModel m = new AcquisitionModel("aStaleReaderReleaseMeetsALaterWriter", 1);
    int r1 = m.behaviour("R1", "rx");
    int w1 = m.behaviour("W1", "wx");
    int r2 = m.behaviour("R2", "rx");
    int w2 = m.behaviour("W2", "wx");
    m.thread(r1, RUN).thread(w1, r2, w2, RUN);
    check(m, 600);
  }

  /**
   * A writer whose swap finds the queue empty while readers are still active: one thread enqueues two
   * readers and releases the later (the tail) first, so {@code last} goes back to empty while the
   * earlier reader still reads; the writer, racing, must register and wait for it.
   */
  @Test
  void aWriterFindsAnEmptyQueueWithActiveReaders() {
    AcquisitionModel m = new AcquisitionModel("aWriterFindsAnEmptyQueueWithActiveReaders", 1);
    int r1 = m.behaviour("R1", "rx");
    int r2 = m.behaviour("R2", "rx");
    int w = m.behaviour("W", "wx");
    m.thread(r1, r2, RUN).thread(w, STEAL);
    check(m, 300);
  }

  /**
   * Readers and writers mixed over two cowns, one behaviour per thread: A reads x and writes y, B
   * writes x and reads y, C reads both. Every pair conflicts on one cown and shares the other
   * read-only or not at all.
   */
  @Test
  void mixedModesOverTwoCowns() {
    AcquisitionModel m = new AcquisitionModel("mixedModesOverTwoCowns", 2);
    int a = m.behaviour("A", "rx wy");
    int b = m.behaviour("B", "wx ry");
    int c = m.behaviour("C", "rx ry");
    m.thread(a, RUN).thread(b, STEAL, RUN).thread(c, RUN);
    check(m, 300);
  }

  /**
   * Program order: one thread enqueues A (writes x) and then B (reads x, writes y) before running
   * anything, so B must run after A; another thread's C (writes both) falls anywhere consistent.
   */
  @Test
  void oneThreadsEnqueuesKeepTheirOrder() {
    AcquisitionModel m = new AcquisitionModel("oneThreadsEnqueuesKeepTheirOrder", 2);
    int a = m.behaviour("A", "wx");
    int b = m.behaviour("B", "rx wy");
    int c = m.behaviour("C", "wx wy");
    m.thread(a, b, RUN).thread(c, STEAL);
    check(m, 300);
  }

  /**
   * Duplicate folding: request sets built by the public API's own sort and fold, then raced. {@code
   * run(x, x)} and {@code run(read(x), x)} fold to one writable request for x; {@code runAll(x,
   * read(y), y, read(x))} to writable x and y; {@code run(read(x), read(x))} to one read-only
   * request. A behaviour left with two requests for one cown would queue behind itself and never run.
   */
  @Test
  void foldedDuplicateRequestsRace() {
    Cown<Integer> x = Cown.of(0);
    Cown<Integer> y = Cown.of(1);
    CownCore[] cores = {RequestSets.core(x), RequestSets.core(y)};
    Behaviour twice = RequestSets.ofTwo(x, x);
    Behaviour viewAndCown = RequestSets.ofTwo(Cown.read(x), x);
    Behaviour mixed = RequestSets.ofAll(Cown.read(y), y, x, Cown.read(x));
    Behaviour readTwice = RequestSets.ofTwo(Cown.read(x), Cown.read(x));
    assertFolded(twice, cores, new int[] {0}, new boolean[] {false});
    assertFolded(viewAndCown, cores, new int[] {0}, new boolean[] {false});
    assertFolded(mixed, cores, new int[] {0, 1}, new boolean[] {false, false});
    assertFolded(readTwice, cores, new int[] {0}, new boolean[] {true});

    AcquisitionModel m = new AcquisitionModel("foldedDuplicateRequestsRace", 2);
    int a = m.behaviour("run(x, x)", slotsOf(twice, cores), modesOf(twice));
    int b = m.behaviour("runAll(read(y), y, x, read(x))", slotsOf(mixed, cores), modesOf(mixed));
    int c = m.behaviour("run(read(x), read(x))", slotsOf(readTwice, cores), modesOf(readTwice));
    int d = m.behaviour("run(read(x), x)", slotsOf(viewAndCown, cores), modesOf(viewAndCown));
    m.thread(a, c, RUN).thread(b, d, STEAL);
    check(m, 300);
  }

  private static void assertFolded(
      Behaviour built, CownCore[] cores, int[] expectedSlots, boolean[] expectedReadOnly) {
    assertArrayEquals(expectedSlots, slotsOf(built, cores), "folded cowns");
    assertArrayEquals(expectedReadOnly, modesOf(built), "folded modes");
  }

  /** The slots (indices into {@code cores}) of a built behaviour's requests, in request order. */
  private static int[] slotsOf(Behaviour built, CownCore[] cores) {
    int[] s = new int[built.requestCount()];
    for (int i = 0; i < s.length; i++) {
      s[i] = List.of(cores).indexOf(built.cownAt(i));
    }
    return s;
  }

  /** Whether each of a built behaviour's requests is read-only, in request order. */
  private static boolean[] modesOf(Behaviour built) {
    boolean[] ro = new boolean[built.requestCount()];
    for (int i = 0; i < ro.length; i++) {
      ro[i] = built.readOnlyAt(i);
    }
    return ro;
  }

  private static void check(AcquisitionModel model, int bound) {
    ModelChecker.explore(model.name, bound, model::runOnce);
  }
}
