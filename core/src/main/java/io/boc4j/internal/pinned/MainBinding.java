package io.boc4j.internal.pinned;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which thread is a runtime's main thread, and what it has pumped. Belongs to the runtime object, not
 * to one generation: the binding survives {@code waitAll}, teardown and restart, and ends only with
 * an explicit release by the bound thread, with {@code close()}, or when the bound thread has
 * terminated (a dead thread can never pump, so the next binder takes its place). Each generation's {@link Pump}
 * reads and CASes the one reference held here.
 */
public final class MainBinding {

  /** The bound thread, or null. CASed from null, so exactly one binder wins. */
  final AtomicReference<Thread> main = new AtomicReference<>();

  private final LongAdder pumped = new LongAdder();
  private final LongAdder pumpFailures = new LongAdder();

  /** The bound main thread, or null. Any thread. */
  public Thread thread() {
    return main.get(); // volatile: a binding made on another thread is seen at once
  }

  /**
   * Binds {@code me} if no thread is bound.
   *
   * @return the bound thread: {@code me} if the binding succeeded or already was mine
   */
  public Thread bindOrGet(Thread me) {
    while (true) {
      Thread witness = main.compareAndExchange(null, me); // volatile CAS: one binder wins
      if (witness == null) {
        return me;
      }
      if (witness.isAlive() || witness == me) {
        return witness;
      }
      // The bound thread has terminated without releasing (it bound itself in a waitAll and then
      // ended): nobody can pump for it any more, so its binding is free. CAS from that very thread,
      // so two claimants cannot both take it.
      if (main.compareAndSet(witness, me)) {
        return me;
      }
    }
  }

  /** Ends the binding whoever holds it (close). */
  public void clear() {
    main.set(null);
  }

  void countPumped(boolean failed) {
    pumped.increment();
    if (failed) {
      pumpFailures.increment();
    }
  }

  /** Pinned behaviours the main thread has run, lifetime. */
  public long pumped() {
    return pumped.sum();
  }

  /** Pinned bodies that threw, lifetime. */
  public long pumpFailures() {
    return pumpFailures.sum();
  }
}
