package io.boc4j;

import io.boc4j.internal.BodyCall;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What building one behaviour allocates, as the hot scheduling paths build it (SPEC section 8's
 * allocation figures): a fire-and-forget {@code run} over one cown is the behaviour alone (48
 * bytes), over two cowns too (64 bytes: the behaviour is the queue node of both requests); a {@code
 * when} is a 72-byte wide behaviour that embeds up to two requests, plus its result cown with its
 * core, and a request object for the result only when its two cowns take both embedded ones; three
 * cowns and more add a request each after the first and the array that lists them. Measured with
 * the thread's allocation counter, which counts every byte the calling thread allocates, so a field
 * added to a behaviour, or a temporary on the path, fails here. The sizes are those of the JVM's
 * default layout (compressed class pointers and references, 8-byte alignment).
 */
@Timeout(value = 30, unit = SECONDS)
class BehaviourFootprintTest {

  private static final int N = 2_000;
  private static final Action.Of1<Cown<Integer>> ONE = c -> { };
  private static final Action.Of2<Cown<Integer>, Cown<Integer>> TWO = (x, y) -> { };
  private static final Body.Of1<Cown<Integer>, Integer> WHEN = c -> 1;
  private static final Body.Of2<Cown<Integer>, Cown<Integer>, Integer> TWO_WHEN = (x, y) -> 1;

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
    com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) mx;
    assumeTrue(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled(),
        "per-thread allocation counting is off");
    return sun;
  }

  /** Bytes the calling thread allocates per call of {@code build}, over N calls into a kept array. */
  private static long bytesPerBehaviour(java.util.function.IntFunction<Object> build) {
    com.sun.management.ThreadMXBean mx = threads();
    long id = Thread.currentThread().getId();
    Object[] kept = new Object[N]; // kept reachable: nothing is optimised away
    buildAll(build, kept); // a first pass loads and links the classes
    long before = mx.getThreadAllocatedBytes(id);
    buildAll(build, kept);
    long after = mx.getThreadAllocatedBytes(id);
    return Math.round((after - before) / (double) N);
  }

  /** Gives {@code b} its result cown, as {@code when} does before submitting it; returns it. */
  private static UserBehaviour withResult(UserBehaviour b) {
    b.withResult();
    return b;
  }

  private static void buildAll(java.util.function.IntFunction<Object> build, Object[] kept) {
    for (int i = 0; i < N; i++) {
      kept[i] = build.apply(i);
    }
  }

  @Test
  void aOneCownRunIsTheBehaviourAlone48Bytes() {
    Cown<Integer> c = Cown.of(0);
    assertEquals(48, bytesPerBehaviour(i -> OneCownRun.of(ONE, c)));
  }

  @Test
  void aOneCownRunThroughAReadOnlyViewIsAlso48Bytes() {
    Cown<Integer> c = Cown.of(0);
    Cown<Integer> view = Cown.read(c);
    assertEquals(48, bytesPerBehaviour(i -> OneCownRun.of(ONE, view)));
  }

  @Test
  void aTwoCownRunIsOne64ByteObjectThatIsTheNodeOfBothRequests() {
    Cown<Integer> x = Cown.of(0);
    Cown<Integer> y = Cown.of(1);
    Cown<Integer> view = Cown.read(x);
    assertEquals(64, bytesPerBehaviour(i -> TwoCownRun.of(TWO, x, y)));
    assertEquals(64, bytesPerBehaviour(i -> TwoCownRun.of(TWO, y, view)));
  }

  @Test
  void aTwoCownWhenEmbedsBothRequestsInIts72ByteBehaviour() {
    Cown<Integer> x = Cown.of(0);
    Cown<Integer> y = Cown.of(1);
    assertEquals(72,
        bytesPerBehaviour(i -> UserBehaviour.ofTwo(BodyCall.RUN2, TWO, x, y)));
  }

  @Test
  void aOneCownWhenEmbedsItsResultsRequestAndAddsOnlyTheResultCownAndItsCore() {
    Cown<Integer> c = Cown.of(0);
    // behaviour 72 (the result's request in its second request's fields) + result cown 40 + its
    // core 48
    assertEquals(160,
        bytesPerBehaviour(i -> withResult(UserBehaviour.ofOne(BodyCall.WHEN1, WHEN, c))));
  }

  @Test
  void aTwoCownWhenAddsItsResultCownCoreAndRequestToThe72ByteBehaviour() {
    Cown<Integer> x = Cown.of(0);
    Cown<Integer> y = Cown.of(1);
    // behaviour 72 (both requests embedded) + result cown 40 + its core 48 + the result's request 32
    assertEquals(192,
        bytesPerBehaviour(i -> withResult(UserBehaviour.ofTwo(BodyCall.WHEN2, TWO_WHEN, x, y))));
  }

  @Test
  void aThreeCownWhenEmbedsItsResultsRequestBesideItsSeparateOnes() {
    Cown<Integer> x = Cown.of(0);
    Cown<Integer> y = Cown.of(1);
    Cown<Integer> z = Cown.of(2);
    Body.Of3<Cown<Integer>, Cown<Integer>, Cown<Integer>, Integer> three = (a, b, c) -> 1;
    Acquirable<?>[] args = {z, x, y};
    // behaviour 72 + two requests 64 + the cores sorted and kept 32 + the delivered arguments 32 +
    // result cown 40 + its core 48: the result's request takes the unused second set of fields
    assertEquals(288,
        bytesPerBehaviour(i -> withResult(UserBehaviour.ofMany(BodyCall.WHEN3, three, args))));
  }

  @Test
  void aGroupOfTwoBesideACownCostsTheBehaviourItsTwoRequestsAndOneArray() {
    Cown<Integer> state = Cown.of(0);
    List<Cown<Integer>> members = List.of(Cown.of(1), Cown.of(2));
    CownGroup<Integer> group = Cown.group(members);
    // behaviour 72 + two requests 64 + one array of 3 refs 32: the cores are sorted in it, and the
    // behaviour keeps it for its requests
    assertEquals(168, bytesPerBehaviour(
        i -> UserBehaviour.of(BodyCall.RUN2, TWO, state, group)));
  }

  @Test
  void threeCownsNamedSeparatelyCostTheBehaviourItsRequestsAndOneArray() {
    Cown<Integer> x = Cown.of(0);
    Cown<Integer> y = Cown.of(1);
    Cown<Integer> z = Cown.of(2);
    Action.Of3<Cown<Integer>, Cown<Integer>, Cown<Integer>> three = (a, b, c) -> { };
    Acquirable<?>[] args = {z, x, y};
    // behaviour 72 + two requests 64 + the cores sorted and kept (3 refs) 32 + the delivered
    // arguments (3 refs) 32; the argument array itself is the caller's
    assertEquals(200, bytesPerBehaviour(
        i -> UserBehaviour.ofMany(BodyCall.RUN3, three, args)));
  }
}
