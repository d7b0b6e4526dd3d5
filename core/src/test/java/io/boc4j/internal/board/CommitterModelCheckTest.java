package io.boc4j.internal.board;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.boc4j.internal.ModelChecker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The noticeboard committer's drain-flag handshake under the Lincheck model checker (see {@link
 * io.boc4j.internal.ModelChecker}): a poster offers, then reads the flag; the flag holder clears the
 * flag, then looks at the queue again. In every interleaving at least one of them must see the
 * other, or a mutation stays in the queue with nobody responsible for committing it.
 */
@Tag("model-checking")
@Timeout(value = 300, unit = SECONDS)
class CommitterModelCheckTest {

  /**
   * Two threads post one write each to a board whose runtime takes no round, so whoever holds the
   * flag commits on its own thread. When both have returned, both writes are committed: nothing is
   * pending, without anybody calling {@code sync} or {@code commitAll}.
   */
  @Test
  void twoPostersLeaveNothingBehind() {
    ModelChecker.explore("committerDrainFlag", 60, () -> {
      Committer c = new Committer(16, new Object(), round -> false);
      c.onStart();
      long epoch = c.liveEpoch();
      Thread first = new Thread(() -> c.postWrite("a", 1, epoch));
      Thread second = new Thread(() -> c.postWrite("b", 2, epoch));
      first.start();
      second.start();
      try {
        first.join();
        second.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      if (c.pending() != 0) {
        throw new AssertionError(c.pending() + " mutation(s) left in the queue with nobody to commit"
            + " them");
      }
      Snapshot s = c.latest();
      if (!Integer.valueOf(1).equals(s.get("a")) || !Integer.valueOf(2).equals(s.get("b"))) {
        throw new AssertionError("both writes committed, but the board shows " + s.entries());
      }
    });
  }
}
