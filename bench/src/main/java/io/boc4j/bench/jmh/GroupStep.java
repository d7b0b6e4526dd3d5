package io.boc4j.bench.jmh;

import io.boc4j.Action;
import io.boc4j.Cown;
import io.boc4j.CownGroup;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The chain ring's step without the ring: a chain of fire-and-forget behaviours over a state cown and
 * a group of two cowns, each bumping the group's members. {@code freshGroup} builds a new group per
 * hop, as the chain ring does for its sliding window; otherwise one group is reused. Compare with
 * {@link TwoCownAcquire} (two plain cowns) for the cost of the group argument and the third request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class GroupStep {

  /** Whether each hop builds its group anew (the chain ring's window) or reuses one. */
  @Param({"true", "false"})
  public boolean freshGroup;

  private final Cown<long[]> state = Cown.of(new long[1]);
  private final List<Cown<long[]>> members = List.of(Cown.of(new long[1]), Cown.of(new long[1]));
  private final CownGroup<long[]> shared = Cown.group(members);

  /** One hop of the chain; the same action object is reused. */
  private final class Hop implements Action.Of2<Cown<long[]>, List<Cown<long[]>>> {
    private final Chains rt;
    private final CountDownLatch done = new CountDownLatch(1);
    private int left = Chains.HOPS;

    Hop(Chains rt) {
      this.rt = rt;
    }

    void next() {
      rt.boc.run(state, freshGroup ? Cown.group(members) : shared, this);
    }

    @Override
    public void run(Cown<long[]> s, List<Cown<long[]>> window) {
      s.get()[0]++;
      for (Cown<long[]> c : window) {
        c.get()[0]++;
      }
      if (--left > 0) {
        next();
      } else {
        done.countDown();
      }
    }
  }

  /**
   * One chain of {@link Chains#HOPS} hops.
   *
   * @param rt the runtime
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  @OperationsPerInvocation(Chains.HOPS)
  public void groupChain(Chains rt) throws InterruptedException {
    Hop hop = new Hop(rt);
    hop.next();
    hop.done.await();
  }
}
