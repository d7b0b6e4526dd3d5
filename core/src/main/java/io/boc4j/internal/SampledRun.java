package io.boc4j.internal;

/**
 * The timings of one sampled behaviour, attached to it when it is scheduled and reported once it has
 * released its cowns. Written by one thread at a time, in the order the behaviour's life hands it
 * from thread to thread (schedule, run, finish), so plain fields suffice.
 */
final class SampledRun {

  private final Sampler sampler;
  private final long scheduledAt;
  private long startedAt;
  private long runNanos;
  private boolean ran;

  SampledRun(Sampler sampler) {
    this.sampler = sampler;
    this.scheduledAt = System.nanoTime();
  }

  /** The body is about to start. */
  void started() {
    startedAt = System.nanoTime();
  }

  /** The body returned or threw. */
  void ended() {
    runNanos = System.nanoTime() - startedAt;
    ran = true;
  }

  /** Reports the timings if the body ran. Never throws, except for a broken VM. */
  void report(boolean pinned, boolean failed) {
    if (ran) {
      sampler.report(startedAt - scheduledAt, runNanos, pinned, failed);
    }
  }
}
