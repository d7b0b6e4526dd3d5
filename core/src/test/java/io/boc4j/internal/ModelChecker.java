package io.boc4j.internal;

import org.jetbrains.lincheck.Lincheck;

/**
 * Runs a model-checking scenario under Lincheck and reports how many interleavings it explored. The
 * scenario is a {@link Runnable} that Lincheck runs once per interleaving: it builds its objects
 * afresh, starts its threads, joins them and throws if an invariant failed, which makes Lincheck
 * stop and print the interleaving.
 *
 * <p>Bounds are CI sizes; {@code -Dboc4j.stress.scale=N} multiplies them for a deeper local run.
 */
public final class ModelChecker {

  private static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  private ModelChecker() {}

  /**
   * Explores at most {@code bound} (times the scale) interleavings of {@code scenario}, prints how
   * many it explored, and returns that count.
   *
   * @param name the scenario's name, for the report
   * @param bound interleavings to explore at most, at scale 1
   * @param scenario one run of the scenario
   * @return interleavings explored (fewer than the bound: all there were)
   * @throws AssertionError (Lincheck's) with the failing interleaving, if the scenario threw
   */
  public static int explore(String name, int bound, Runnable scenario) {
    int max = bound * SCALE;
    InvocationCount count = new InvocationCount(name);
    long start = System.nanoTime();
    try {
      Lincheck.runConcurrentTest(max, new Counted(scenario, count));
    } catch (AssertionError e) {
      System.out.printf("model check %s: failed in interleaving %d%n", name, count.read());
      throw e;
    }
    int explored = count.read();
    System.out.printf("model check %s: %d interleavings%s in %.1f s%n", name, explored,
        explored < max ? " (all)" : " (bound)", (System.nanoTime() - start) / 1e9);
    if (explored == 0) {
      throw new AssertionError("the model checker did not run " + name);
    }
    return explored;
  }

  /** The body Lincheck runs once per interleaving: counts, then runs the scenario. */
  private static final class Counted implements Runnable {
    private final Runnable scenario;
    private final InvocationCount count;

    Counted(Runnable scenario, InvocationCount count) {
      this.scenario = scenario;
      this.count = count;
    }

    @Override
    public void run() {
      count.increment();
      scenario.run();
    }
  }

  /**
   * Counts Lincheck's invocations. Lincheck restores every object the test reaches through its
   * captures and statics after each invocation, so a counter kept there would read 0 at the end; the
   * count lives where its tracking does not reach, in a system property (written only by the thread
   * that starts each invocation, before the scenario's threads exist).
   */
  private static final class InvocationCount {
    private final String key;

    InvocationCount(String scenario) {
      key = "boc4j.modelcheck.invocations." + scenario;
      System.clearProperty(key);
    }

    void increment() {
      System.setProperty(key, Integer.toString(Integer.getInteger(key, 0) + 1));
    }

    int read() {
      int n = Integer.getInteger(key, 0);
      System.clearProperty(key);
      return n;
    }
  }
}
