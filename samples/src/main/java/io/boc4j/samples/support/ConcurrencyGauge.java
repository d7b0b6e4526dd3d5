package io.boc4j.samples.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how many bodies are inside a section at once and remembers the most ever seen. Bodies call
 * {@link #enter()} when they start the section and {@link #exit()} when they leave it. Any thread.
 */
public final class ConcurrencyGauge {

  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  /** A gauge at zero. */
  public ConcurrencyGauge() {}

  /** Records that one more body is inside. */
  public void enter() {
    int now = inside.incrementAndGet();
    most.accumulateAndGet(now, Math::max);
  }

  /** Records that a body left. */
  public void exit() {
    inside.decrementAndGet();
  }

  /**
   * The most bodies that were inside at the same time.
   *
   * @return the maximum, 0 if none ever entered
   */
  public int max() {
    return most.get();
  }
}
