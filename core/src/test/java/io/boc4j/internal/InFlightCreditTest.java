package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker counts the behaviours its bodies schedule on the shared terminator a batch at a time
 * (its credit), so that it touches the counter shared by all workers once per batch; the count
 * stays an upper bound, and the credit stays small against the back-pressure limit.
 */
@Timeout(10)
class InFlightCreditTest {

  @Test
  void creditIsAtMost64AndTheWorkersTogetherHoldAtMostAnEighthOfTheLimit() {
    assertEquals(64, Terminator.creditFor(16_384, 2));
    assertEquals(64, Terminator.creditFor(Long.MAX_VALUE, 1));
    assertEquals(6, Terminator.creditFor(100, 2), "100 / (8 x 2)");
    assertEquals(1, Terminator.creditFor(2, 1), "no credit below 8 per worker");
    assertEquals(1, Terminator.creditFor(16_384, 4096));
  }

  @Test
  void aWorkerCountsOneBatchThenSpendsItBeforeTouchingTheSharedCounterAgain() {
    Generation g = Generation.unstarted(2); // an unlimited back-pressure: the full credit of 64
    Worker w = g.workers[0];
    w.onScheduled(new Item(0, 0));
    assertEquals(64, g.terminator.inFlight(), "the first schedule counts a batch ahead");
    for (int i = 1; i < 64; i++) {
      w.onScheduled(new Item(0, i));
    }
    assertEquals(64, g.terminator.inFlight(), "the next 63 spend the credit");
    w.onScheduled(new Item(0, 64));
    assertEquals(128, g.terminator.inFlight(), "the 65th counts the next batch");
    g.workers[1].onScheduled(new Item(1, 0));
    assertEquals(192, g.terminator.inFlight(), "each worker has its own credit");
  }
}
