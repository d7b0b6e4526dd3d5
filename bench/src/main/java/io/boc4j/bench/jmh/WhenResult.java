package io.boc4j.bench.jmh;

import io.boc4j.Body;
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
 * {@code when} with a result cown: the {@link RunRoundTrip} chain, but every hop is a {@code when}
 * whose result cown is created (held by the behaviour, filled with the body's value, released). The
 * difference to {@link RunRoundTrip} is the price of the result.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WhenResult {

  private static final class Hop implements Body.Of1<Cown<long[]>, Long> {
    private final Chains rt;
    private final CountDownLatch done = new CountDownLatch(1);
    private int left = Chains.HOPS;

    Hop(Chains rt) {
      this.rt = rt;
    }

    @Override
    public Long apply(Cown<long[]> c) {
      long v = ++c.get()[0];
      if (--left > 0) {
        rt.boc.when(c, this);
      } else {
        done.countDown();
      }
      return v;
    }
  }

  private final Cown<long[]> cown = Cown.of(new long[1]);

  /**
   * One chain of {@link Chains#HOPS} {@code when} hops.
   *
   * @param rt the runtime
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  @OperationsPerInvocation(Chains.HOPS)
  public void whenChain(Chains rt) throws InterruptedException {
    Hop hop = new Hop(rt);
    rt.boc.when(cown, hop);
    hop.done.await();
  }
}
