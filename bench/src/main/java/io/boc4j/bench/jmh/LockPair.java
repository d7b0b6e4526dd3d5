package io.boc4j.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline for {@link TwoCownAcquire}: take two {@link ReentrantLock}s in order, update both
 * values, release. Uncontended (one thread): the floor of exclusive access to two objects, with no
 * hand-off to another thread at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LockPair {

  private final ReentrantLock first = new ReentrantLock();
  private final ReentrantLock second = new ReentrantLock();
  private long a;
  private long b;

  /**
   * One ordered two-lock critical section.
   *
   * @return a value, so the work is not dead code
   */
  @Benchmark
  public long lockPair() {
    first.lock();
    try {
      second.lock();
      try {
        a--;
        return ++b;
      } finally {
        second.unlock();
      }
    } finally {
      first.unlock();
    }
  }
}
