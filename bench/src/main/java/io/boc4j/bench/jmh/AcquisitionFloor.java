package io.boc4j.bench.jmh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under any behaviour over k cowns: the atomic read-modify-write instructions that the
 * acquisition protocol (boc4j's, and verona-rt's, which it follows) cannot do without, and nothing
 * else. One thread, every line in its own cache, no queue, no body.
 *
 * <p>A behaviour over k cowns that nobody else wants swaps itself into each cown's queue tail (k
 * swaps), subtracts its grants from its counter once (one get-and-add), and on release hands each
 * cown back with a compare-and-set of the tail (k CASes): 2k + 1 locked instructions, which x86
 * runs one after the other, each a full fence. A behaviour that queues behind another trades a
 * release CAS for the get-and-add that grants it, the same count. The release stores of the
 * protocol (the scheduled mark, a link) are plain moves on x86 and are left out.
 *
 * <p>Compare a workload's time per behaviour with this: the chain ring's step is one behaviour over
 * three cowns, a bank transaction three behaviours over four cowns in all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AcquisitionFloor {

  private static final VarHandle LAST;
  private static final VarHandle COUNT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LAST = lookup.findVarHandle(Tail.class, "last", Object.class);
      COUNT = lookup.findVarHandle(Counter.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How many cowns the behaviour requests. */
  @Param({"1", "2", "3"})
  public int cowns;

  /** A cown's queue tail, on a line of its own (padding both sides), as a cown's core would be. */
  @SuppressWarnings("unused")
  static final class Tail {
    long p0, p1, p2, p3, p4, p5, p6, p7;
    volatile Object last;
    long q0, q1, q2, q3, q4, q5, q6, q7;
  }

  /** A behaviour's counter of missing grants, on a line of its own. */
  @SuppressWarnings("unused")
  static final class Counter {
    long p0, p1, p2, p3, p4, p5, p6, p7;
    int count;
    long q0, q1, q2, q3, q4, q5, q6, q7;
  }

  private Tail[] tails;
  private final Counter counter = new Counter();
  private final Object request = new Object();

  /** Makes the cowns' tails. */
  @Setup(Level.Trial)
  public void setUp() {
    tails = new Tail[cowns];
    for (int i = 0; i < cowns; i++) {
      tails[i] = new Tail();
    }
  }

  /**
   * One behaviour's acquisition and release, reduced to its locked instructions.
   *
   * @return how many tails were found taken (0): consumed so the instructions are kept
   */
  @Benchmark
  public int acquireAndRelease() {
    Tail[] t = tails;
    int k = t.length;
    int taken = 0;
    COUNT.set(counter, k + 1); // plain: published by the first swap, as in the protocol
    for (int i = 0; i < k; i++) {
      if (LAST.getAndSet(t[i], request) != null) {
        taken++;
      }
    }
    if ((int) COUNT.getAndAdd(counter, -(k + 1)) != k + 1) {
      taken++;
    }
    for (int i = 0; i < k; i++) {
      if (!LAST.compareAndSet(t[i], request, null)) {
        taken++;
      }
    }
    return taken;
  }
}
