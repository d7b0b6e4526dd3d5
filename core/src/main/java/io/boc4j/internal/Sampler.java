package io.boc4j.internal;

import io.boc4j.BehaviourObserver;
import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A registered {@link BehaviourObserver} and its sampling rate. Immutable; installed in and removed
 * from {@link Listeners} whole, so the scheduling path reads it with one volatile load.
 */
public final class Sampler {

  private static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  private final BehaviourObserver observer;
  private final int oneIn;

  /**
   * @param oneIn sample each behaviour with probability 1/oneIn; at least 1
   * @param observer told about each sampled behaviour
   */
  public Sampler(int oneIn, BehaviourObserver observer) {
    this.oneIn = oneIn;
    this.observer = observer;
  }

  /** The registered observer. */
  public BehaviourObserver observer() {
    return observer;
  }

  /**
   * Whether the behaviour being scheduled on this thread is sampled. A thread-local random draw
   * rather than a shared counter: schedulers on many threads never contend for it.
   */
  boolean pick() {
    return oneIn == 1 || ThreadLocalRandom.current().nextInt(oneIn) == 0;
  }

  /** Tells the observer about one sampled behaviour. Never throws, except for a broken VM. */
  void report(long queuedNanos, long runNanos, boolean pinned, boolean failed) {
    try {
      observer.onSample(queuedNanos, runNanos, pinned, failed);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "BehaviourObserver " + observer + " threw; the runtime goes on: make"
          + " the observer not throw", t);
    }
  }
}
