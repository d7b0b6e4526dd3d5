package io.boc4j.internal.board;

import static io.boc4j.internal.Racers.SCALE;
import static io.boc4j.internal.Racers.race;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.Racers;
import io.boc4j.internal.Timeouts;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The noticeboard's commit engine ({@link Committer}) driven directly, without a runtime: posting
 * threads race each other, the drain rounds (run on a one-thread executor standing in for the
 * runtime, or on the posters themselves when it refuses) and readers of the published snapshot.
 * Checked: each poster's writes become visible in the order it posted them (N16), every update
 * function runs exactly once (N17), a poster's {@code sync()} makes its own writes visible (N30),
 * versions never go back, and when everyone has stopped nothing is stranded in the queue: the drain
 * flag's handshake left no mutation behind without anybody calling {@code sync} or {@code
 * commitAll}.
 */
class CommitterConcurrencyTest {

  private static final Object REMOVED = new Object();

  private final ExecutorService runtime = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "drain-rounds");
    t.setDaemon(true);
    return t;
  });

  /** Rounds handed to the stand-in runtime, to know when the last one has run. */
  private final AtomicLong roundsScheduled = new AtomicLong();

  @AfterEach
  void stopRuntime() {
    runtime.shutdownNow();
  }

  /** Rounds run on the stand-in runtime, as a drain round does on a worker. */
  private Committer withRuntime() {
    Committer c = new Committer(1_000, REMOVED, round -> {
      // Queued first, counted second: a round that awaitRounds() counted is then queued ahead of
      // its marker. Counted first, a round could be counted before the marker was submitted and
      // queued after it, and the check would run while that round still had work to commit.
      runtime.execute(round);
      roundsScheduled.incrementAndGet();
      return true;
    });
    c.onStart();
    return c;
  }

  /** A runtime that takes no rounds (down or closing): the drain-flag holder commits itself. */
  private static Committer withoutRuntime() {
    Committer c = new Committer(1_000, REMOVED, round -> false);
    c.onStart();
    return c;
  }

  /** Three posters, their drain rounds on the stand-in runtime, and a reader. */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void postersRaceTheDrainRoundsAndNothingIsStranded() throws Exception {
    Committer c = withRuntime();
    int n = 10_000 * SCALE;
    AtomicInteger calls = postersAndReader(c, 3, n, false);
    awaitRounds();
    assertFinal(c, 3, n, calls);
  }

  /**
   * The runtime takes no round (a writer racing a teardown): whichever poster holds the drain flag
   * commits every round on its own thread, updates included, while the others keep posting.
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void postersCommitThemselvesWhenTheRuntimeTakesNoRound() {
    Committer c = withoutRuntime();
    int n = 10_000 * SCALE;
    AtomicInteger calls = postersAndReader(c, 3, n, false);
    assertFinal(c, 3, n, calls);
  }

  /**
   * Posters that {@code sync()} every tenth write commit on their own thread under the commit lock,
   * racing the scheduled rounds for it, and then read their own write (N30).
   */
  @Test
  @Tag("stress")
  @Timeout(value = 120, unit = SECONDS)
  void postersThatSyncSeeTheirOwnWrites() throws Exception {
    Committer c = withRuntime();
    int n = 3_000 * SCALE;
    AtomicInteger calls = postersAndReader(c, 3, n, true);
    awaitRounds();
    assertFinal(c, 3, n, calls);
  }

  /**
   * {@code posters} threads each write their own key {@code 1..n} in order and add 1 to a shared
   * counter by an update function, {@code n} times; one thread reads the latest snapshot throughout.
   * Afterwards (and once the rounds have run) each key holds its poster's last write and the counter
   * the number of updates, each function having run once.
   */
  private static AtomicInteger postersAndReader(Committer c, int posters, int n, boolean sync) {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean postersDone = new AtomicBoolean();
    AtomicInteger running = new AtomicInteger(posters);
    Racers.Body[] bodies = new Racers.Body[posters + 1];
    for (int p = 0; p < posters; p++) {
      String key = "poster-" + p;
      bodies[p] = () -> {
        long epoch = c.liveEpoch();
        for (int i = 1; i <= n; i++) {
          c.postWrite(key, i, epoch);
          c.postUpdate("count", v -> {
            calls.incrementAndGet();
            return (Integer) v + 1;
          }, 0, epoch);
          if (sync && i % 10 == 0) {
            if (!c.sync(Timeouts.FOREVER)) {
              throw new AssertionError("sync without a deadline returned false");
            }
            Object seen = c.latest().get(key);
            if (!(seen instanceof Integer) || (Integer) seen < i) {
              throw new AssertionError(key + " wrote " + i + " and synced, then read " + seen);
            }
          }
        }
        if (running.decrementAndGet() == 0) {
          postersDone.set(true);
        }
      };
    }
    bodies[posters] = () -> {
      int[] last = new int[posters];
      long version = -1;
      while (!postersDone.get()) {
        Snapshot s = c.latest();
        if (s.version() < version) {
          throw new AssertionError("version went back from " + version + " to " + s.version());
        }
        version = s.version();
        for (int p = 0; p < posters; p++) {
          Object v = s.get("poster-" + p);
          int now = v == null ? 0 : (Integer) v;
          if (now < last[p]) {
            throw new AssertionError("poster-" + p + "'s writes committed out of order: "
                + last[p] + " then " + now);
          }
          last[p] = now;
        }
      }
    };
    race("board", 100, bodies);
    return calls;
  }

  /**
   * Waits until the stand-in runtime has run every round handed to it, including rounds that rounds
   * scheduled: a marker task runs after everything queued before it, so when no new round was
   * handed over while it waited, none is left.
   */
  private void awaitRounds() throws Exception {
    long before;
    do {
      before = roundsScheduled.get();
      runtime.submit(() -> {}).get(30, SECONDS);
    } while (roundsScheduled.get() != before);
  }

  /**
   * Once everyone has stopped: nothing is left in the queue (no {@code sync} or {@code commitAll} ran
   * to hide a stranded mutation), each poster's key holds its last write, and the counter holds one
   * increment per update, each function having run once.
   */
  private static void assertFinal(Committer c, int posters, int n, AtomicInteger calls) {
    assertEquals(0, c.pending(), "mutations left in the queue with no round to commit them");
    Snapshot s = c.latest();
    for (int p = 0; p < posters; p++) {
      assertEquals(n, s.get("poster-" + p), "poster-" + p + "'s last write");
    }
    assertEquals(posters * n, s.get("count"), "updates applied");
    assertEquals(posters * n, calls.get(), "update functions run exactly once each");
    assertTrue(s.version() > 0, "versions were published");
  }
}
