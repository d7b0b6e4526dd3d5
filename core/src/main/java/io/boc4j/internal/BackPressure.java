package io.boc4j.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * Keeps memory bounded when producers schedule faster than their targets drain.
 *
 * <h2>What a user sees</h2>
 *
 * <ul>
 *   <li><b>Inside bodies</b> {@code when} never blocks. Instead, a body that <em>amplified</em> — that
 *       scheduled two or more behaviours, so it left more work in flight than it consumed, at least
 *       one of them needing none of its own cowns (work that can drain while it waits) — while more
 *       than {@code limit} behaviours are in flight is <em>muted</em>: its body has run, but its cowns
 *       are not released yet. Everything queued behind those cowns (typically the producer's own next
 *       step) waits, while the work it produced drains. Muted behaviours are released, oldest first,
 *       as soon as the in-flight count falls below {@code limit / 2}, when every worker is out of
 *       other work (the remaining work waits for muted cowns, as in a cycle of producers feeding each
 *       other), or after {@link #MAX_MUTE_NANOS} at the latest, so a muted producer always resumes.
 *       A worker with nothing to do while others are busy re-examines them every {@link
 *       #RECHECK_NANOS} instead of parking indefinitely.
 *   <li><b>Outside bodies</b> (plain threads calling {@code when} in a loop) {@code when} waits while
 *       {@code limit} or more behaviours are in flight, until the count falls below {@code limit / 2};
 *       after the producer timeout it throws {@link RejectedExecutionException}.
 *   <li>Ordering, exclusivity and exactly-once are unchanged: muting only delays a release, and the
 *       request queues keep their order.
 * </ul>
 *
 * <p>This is the earlier Verona runtime's idea (mute a cown that sends to overloaded cowns until they
 * drain) with a global load signal instead of per-cown queue lengths, which the MCS queues do not
 * track.
 */
final class BackPressure {

  /** A muted behaviour is released after at most this long, whatever the load. */
  static final long MAX_MUTE_NANOS = 20_000_000L;

  /** How often a worker with nothing else to do re-examines the muted behaviours. */
  static final long RECHECK_NANOS = 1_000_000L;

  final long limit;
  final long resumeBelow;
  /**
   * Muted behaviours with the time each was muted. The time lives here rather than in every
   * behaviour: only the few that are muted pay for it.
   */
  private final MpmcUnboundedXaddArrayQueue<Muted> muted = new MpmcUnboundedXaddArrayQueue<>(64);
  // Alone on its cache line: every worker reads it on every turn of its run loop (SharedCounter).
  private final SharedCounter mutedCount = new SharedCounter();
  private final LongAdder mutes = new LongAdder();
  private final LongAdder mutedNanos = new LongAdder();
  private final LongAdder producerWaits = new LongAdder();
  private final LongAdder producerWaitNanos = new LongAdder();

  BackPressure(long limit) {
    this.limit = limit;
    this.resumeBelow = Math.max(1, limit / 2);
  }

  /** Whether a body that scheduled {@code scheduled} behaviours should be muted. */
  boolean shouldMute(int scheduled, Terminator t) {
    return scheduled > 1 && t.inFlight() > limit;
  }

  void mute(Behaviour b) {
    muted.offer(new Muted(b, System.nanoTime()));
    mutedCount.incrementAndGet(); // volatile: workers poll this before looking at the queue
    mutes.increment();
  }

  boolean hasMuted() {
    return mutedCount.get() > 0;
  }

  /** Takes the oldest muted behaviour if it may resume now (load fell, or it waited long enough). */
  Behaviour pollResumable(Terminator t) {
    Muted head = muted.peek();
    if (head == null) {
      return null;
    }
    if (t.inFlight() >= resumeBelow && System.nanoTime() - head.at < MAX_MUTE_NANOS) {
      return null;
    }
    return pollOldest();
  }

  /**
   * Takes the oldest muted behaviour whatever the load: every worker is out of work, so whatever is
   * still in flight waits for muted cowns, and holding them longer only stalls the runtime.
   */
  Behaviour pollOldest() {
    long now = System.nanoTime();
    Muted m = muted.poll();
    if (m == null) {
      return null;
    }
    mutedCount.decrementAndGet();
    mutedNanos.add(now - m.at);
    return m.behaviour;
  }

  /** A muted behaviour and when it was muted ({@link System#nanoTime()}). */
  private static final class Muted {
    final Behaviour behaviour;
    final long at;

    Muted(Behaviour behaviour, long at) {
      this.behaviour = behaviour;
      this.at = at;
    }
  }

  /** {@link #admit} wait for internal work (the noticeboard's drain rounds): never held back. */
  static final long NEVER_HOLD = -1;

  /**
   * Admission of a behaviour scheduled by a thread that is not a worker: the one place that decides
   * whether a producer over the limit waits, how long, and what it is told when it may not.
   *
   * @param maxWaitNanos how long the caller may be held: {@link #NEVER_HOLD} for internal work, 0 for
   *     the non-blocking form (reject at once), else the timed form's or the producer timeout
   * @param how how the caller scheduled, for the messages ("when", "nonBlocking().when", ...)
   * @throws RejectedExecutionException if over the limit and the caller may not wait (a thread
   *     marked non-blocking, or maxWaitNanos 0), or the load did not fall within maxWaitNanos, or the
   *     wait was interrupted (the flag is kept); nothing was scheduled
   */
  void admit(Terminator t, long maxWaitNanos, String how) {
    if (maxWaitNanos == NEVER_HOLD || t.inFlight() < limit) {
      return;
    }
    if (maxWaitNanos == 0) {
      throw new RejectedExecutionException(
          how + ": the runtime is over its back-pressure limit (" + t.inFlight() + " behaviours in"
              + " flight, limit " + limit + "), and this form never waits; nothing was scheduled."
              + " Retry when boc.onCapacity() completes");
    }
    if (NonBlockingThreads.isMarked(Thread.currentThread())) {
      throw new RejectedExecutionException(
          how + " on " + Thread.currentThread().getName() + ", a thread marked non-blocking, while"
              + " the runtime is over its back-pressure limit (" + t.inFlight() + " in flight, limit "
              + limit + "): boc4j never parks such a thread, so nothing was scheduled. Use"
              + " boc.nonBlocking().when(...) and retry when boc.onCapacity() completes (the Reactor"
              + " bridge does this for you)");
    }
    producerWaits.increment();
    long start = System.nanoTime();
    try {
      if (!t.awaitBelow(resumeBelow, start + maxWaitNanos)) {
        throw new RejectedExecutionException(
            how + ": back-pressure held this producer for " + (maxWaitNanos / 1_000_000)
                + " ms with " + t.inFlight() + " behaviours still in flight (limit " + limit
                + "); nothing was scheduled. The behaviours it feeds are not draining: check that"
                + " they are not blocked behind a cown this thread holds, or raise"
                + " Boc.builder().backPressureLimit / producerTimeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException(
          how + ": interrupted while back-pressure held this producer; nothing was scheduled", e);
    } finally {
      producerWaitNanos.add(System.nanoTime() - start);
    }
  }

  /** A stage completed when a producer over the limit may schedule again (load below half). */
  java.util.concurrent.CompletableFuture<Void> onCapacity(Terminator t) {
    return t.onBelow(t.inFlight() < limit ? Long.MAX_VALUE : resumeBelow);
  }

  long mutes() {
    return mutes.sum();
  }

  long mutedNanos() {
    return mutedNanos.sum();
  }

  int mutedNow() {
    return mutedCount.get();
  }

  long producerWaits() {
    return producerWaits.sum();
  }

  long producerWaitNanos() {
    return producerWaitNanos.sum();
  }
}
