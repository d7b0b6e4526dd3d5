package io.boc4j.internal.pinned;

import io.boc4j.internal.Behaviour;
import io.boc4j.internal.time.NanoClock;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The main queue of one runtime generation: ready pinned behaviours waiting for the main thread,
 * plus the two figures the watchdog and the metrics read, its depth and since when it has been
 * non-empty.
 *
 * <p>Threading: any thread may {@link #offer} (whichever thread made the behaviour ready); a single
 * thread at a time may {@link #poll} — the holder of {@link Pump}'s consumer mark (the pumping main
 * thread, or a shutdown drop). Any thread may read {@link #depth} and {@link #nonEmptySince}.
 *
 * <h2>Implementation notes</h2>
 *
 * The queue is a JCTools MPSC unbounded queue; the consumer mark makes the single-consumer rule hold.
 *
 * <p>{@code depth} is incremented <em>before</em> the element is offered and decremented after it
 * is polled, so it never goes negative and never under-counts; while a producer is between the two
 * steps it counts one element the consumer cannot see yet (the consumer then finds the queue empty,
 * which is correct: the element was not enqueued yet).
 *
 * <p>{@code nonEmptySince} (the runtime's watchdog clock, {@link NanoClock}; never 0; 0 = empty)
 * marks the start of the current non-empty period. A period begins with a producer's 0 → 1
 * increment and ends with the consumer's 1 → 0 decrement. Both edges are serialised by {@code
 * period}, a monitor taken by the consumer on every decrement and by a producer only on a 0 → 1
 * increment (so producers of an already non-empty queue take no lock):
 *
 * <ul>
 *   <li>the consumer decrements and, if it reached 0, clears the stamp, in one critical section;
 *   <li>the producer that saw 0 stamps {@code now} only if the stamp is still clear and {@code depth}
 *       is still positive.
 * </ul>
 *
 * Hence a non-zero stamp always belongs to the current period: a period can only end inside the
 * monitor, which clears the stamp; and a stamp is written inside the monitor only while some
 * increment after the last clear is visible, so it is never earlier than the current period's first
 * increment. It may be slightly later (when the producer that began the period was slow to take the
 * monitor and a later one stamped), which delays a watchdog report by that much and never raises a
 * false one. A producer whose period ended before it took the monitor stamps nothing.
 */
public final class MainQueue {

  private static final int CHUNK_SIZE = 64;

  private final MpscUnboundedXaddArrayQueue<Behaviour> queue =
      new MpscUnboundedXaddArrayQueue<>(CHUNK_SIZE);

  /** The clock of the non-empty stamp: the runtime's watchdog clock. */
  private final NanoClock clock;

  /** Elements offered and not yet polled, counting offers in progress. Volatile RMW / load. */
  private final AtomicLong depth = new AtomicLong();

  /** Serialises the start and end of non-empty periods; see the class notes. */
  private final Object period = new Object();

  /**
   * Start of the current non-empty period, or 0. Written only inside {@code period}; read without
   * the lock by the watchdog and the metrics (volatile: a reader sees the latest edge, and a stamp is
   * seen only after the increment that justified it).
   */
  private volatile long nonEmptySince;

  /**
   * Creates an empty queue.
   *
   * @param clock the clock of the non-empty stamp, the one the pump watchdog reads
   */
  public MainQueue(NanoClock clock) {
    this.clock = clock;
  }

  /**
   * Enqueues a ready pinned behaviour. Any thread.
   *
   * @return true if the queue was empty: a non-empty period began
   */
  public boolean offer(Behaviour b) {
    long before = depth.getAndIncrement(); // volatile RMW before the element: depth never under-counts
    if (before == 0) {
      synchronized (period) {
        if (nonEmptySince == 0 && depth.get() > 0) {
          nonEmptySince = stamp(clock.nanoTime());
        }
      }
    }
    // Release: the behaviour's state is visible to the consumer that polls it. The publication is
    // the last call here, so the caller can record it right after this returns.
    queue.offer(b);
    return before == 0;
  }

  /**
   * Takes the oldest queued behaviour. Consumer only (the holder of the pump's consumer mark).
   *
   * @return the behaviour, or null if none is queued
   */
  Behaviour poll() {
    Behaviour b = queue.poll(); // acquire; spins only while a producer that claimed a slot stores
    if (b != null) {
      synchronized (period) {
        if (depth.decrementAndGet() == 0) {
          nonEmptySince = 0; // the period ends together with the decrement that emptied the queue
        }
      }
    }
    return b;
  }

  /** Whether nothing is queued (a producer mid-offer counts as queued). Consumer only. */
  boolean isEmpty() {
    return queue.isEmpty();
  }

  /**
   * Pinned behaviours queued, counting offers in progress. Any thread.
   *
   * @return the depth, never negative
   */
  public long depth() {
    return depth.get();
  }

  /**
   * Start of the current non-empty period (the watchdog clock's time), or 0 if the queue is empty.
   * Any thread. The stamp is read twice around the depth: if an edge happened in between the period
   * changed under us, and 0 is returned rather than a mix of two periods.
   *
   * @return the stamp, never 0 for a non-empty queue except while a period is beginning
   */
  public long nonEmptySince() {
    long s = nonEmptySince; // LoadLoad: volatile
    if (s == 0 || depth.get() == 0) {
      return 0;
    }
    return nonEmptySince == s ? s : 0;
  }

  private static long stamp(long now) {
    return now == 0 ? 1 : now; // 0 means empty
  }
}
