package io.boc4j.bench.jmh;

import io.boc4j.Action;
import io.boc4j.Cown;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-cown {@code run} round trip: a behaviour over one cown schedules the next over the same cown
 * (fire-and-forget, no result cown). Time per hop = schedule, enqueue, dispatch, run, release.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RunRoundTrip {

  /** One hop of the chain; the same action object is reused so the benchmark allocates nothing. */
  private static final class Hop implements Action.Of1<Cown<long[]>> {
    private final Chains rt;
    private final CountDownLatch done = new CountDownLatch(1);
    private int left = Chains.HOPS;

    Hop(Chains rt) {
      this.rt = rt;
    }

    @Override
    public void run(Cown<long[]> c) {
      c.get()[0]++;
      if (--left > 0) {
        rt.boc.run(c, this);
      } else {
        done.countDown();
      }
    }
  }

  private final Cown<long[]> cown = Cown.of(new long[1]);

  /**
   * One chain of {@link Chains#HOPS} hops.
   *
   * @param rt the runtime
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  @OperationsPerInvocation(Chains.HOPS)
  public void runChain(Chains rt) throws InterruptedException {
    Hop hop = new Hop(rt);
    rt.boc.run(cown, hop);
    hop.done.await();
  }
}
