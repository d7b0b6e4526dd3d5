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
 * Two-cown acquisition: a chain of fire-and-forget behaviours over the same two cowns (the bank's
 * transfer shape without the bank). Compare with {@link RunRoundTrip} for the cost of the second
 * request and the ordered two-phase acquisition.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TwoCownAcquire {

  private static final class Hop implements Action.Of2<Cown<long[]>, Cown<long[]>> {
    private final Chains rt;
    private final CountDownLatch done = new CountDownLatch(1);
    private int left = Chains.HOPS;

    Hop(Chains rt) {
      this.rt = rt;
    }

    @Override
    public void run(Cown<long[]> a, Cown<long[]> b) {
      a.get()[0]--;
      b.get()[0]++;
      if (--left > 0) {
        rt.boc.run(a, b, this);
      } else {
        done.countDown();
      }
    }
  }

  private final Cown<long[]> a = Cown.of(new long[1]);
  private final Cown<long[]> b = Cown.of(new long[1]);

  /**
   * One chain of {@link Chains#HOPS} two-cown hops.
   *
   * @param rt the runtime
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  @OperationsPerInvocation(Chains.HOPS)
  public void twoCownChain(Chains rt) throws InterruptedException {
    Hop hop = new Hop(rt);
    rt.boc.run(a, b, hop);
    hop.done.await();
  }
}
