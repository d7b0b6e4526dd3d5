package io.boc4j.bench.jmh;

import io.boc4j.Boc;
import java.time.Duration;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A boc4j runtime per trial, with the worker count as a parameter; shared by the chain benchmarks. */
@State(Scope.Benchmark)
public class Chains {

  /** Hops per benchmark invocation. */
  public static final int HOPS = 10_000;

  /** Worker threads of the runtime. */
  @Param({"1", "2"})
  public int workers;

  /** The runtime. */
  public Boc boc;

  /** Starts the runtime. */
  @Setup(Level.Trial)
  public void start() {
    boc = Boc.builder().workers(workers).threadNamePrefix("jmh-boc4j-").build();
    boc.start();
  }

  /**
   * Shuts the runtime down.
   *
   * @throws Exception if it does not quiesce
   */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
    boc.waitAll(Duration.ofSeconds(30));
    boc.close();
  }
}
