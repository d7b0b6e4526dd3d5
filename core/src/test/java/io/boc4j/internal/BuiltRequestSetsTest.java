package io.boc4j.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.boc4j.Acquirable;
import io.boc4j.Cown;
import io.boc4j.RequestSets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC section 2: the requests a behaviour is built with, whichever scheduling path built it — the
 * two-argument path for a group ({@code run(a, group, ...)}) and the argument-array path ({@code
 * runAll}) — are the distinct cowns by ascending id, read-only only if every mention is a view
 * (CONTRACT.md RO04). A wrong set would either break exclusion or queue a behaviour behind itself.
 */
@Timeout(value = 30, unit = SECONDS)
class BuiltRequestSetsTest {

  private static Map<Long, Boolean> built(Behaviour b) {
    Map<Long, Boolean> byId = new TreeMap<>();
    long last = Long.MIN_VALUE;
    for (int i = 0; i < b.requestCount(); i++) {
      long id = b.cownAt(i).id();
      assertEquals(true, id > last, "requests not strictly ascending by id");
      last = id;
      assertEquals(b, b.request(i).behaviour(), "a request of another behaviour");
      byId.put(id, b.readOnlyAt(i));
    }
    return byId;
  }

  @Test
  void theTwoArgumentPathAndTheArrayPathBuildTheSameSortedFoldedRequests() {
    Random rnd = new Random(3_12_2026L);
    List<Cown<Integer>> pool = RequestSets.pool(24);
    for (int round = 0; round < 2_000; round++) {
      Acquirable<?> a = RequestSets.randomArgument(rnd, pool, 20);
      Acquirable<?> b = RequestSets.randomArgument(rnd, pool, 20);
      Map<Long, Boolean> expected = RequestSets.expected(a, b);
      assertEquals(expected, built(RequestSets.of(a, b)), "run(a, b) in round " + round);
      assertEquals(expected, built(RequestSets.ofAll(a, b)), "runAll(a, b) in round " + round);
    }
  }
}
