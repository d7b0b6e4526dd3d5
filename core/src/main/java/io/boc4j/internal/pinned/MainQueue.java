package io.boc4j.internal.pinned;

import io.boc4j.internal.Behaviour;
import io.boc4j.internal.LinkedReadyQueue;
import io.boc4j.internal.time.NanoClock;

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
 * The queue is a {@link LinkedReadyQueue}: its offer publishes with its last call, so an offer that
 * fails part-way (a {@code StackOverflowError} in a {@code when} near the end of a stack) leaves the
 * queue as it was, and its caller can record whether it published. For the same reason the offer
 * does nothing else: the depth and the non-empty period are derived from the queue's nodes, never
 * counted beside it (a count updated in a second step would be off for good after such a failure).
 *
 * <p>{@code depth} is the last node's sequence number minus the head's (see {@link
 * LinkedReadyQueue#size}).
 *
 * <p>{@code nonEmptySince} (the runtime's watchdog clock, {@link NanoClock}; never 0; 0 = empty) is
 * when the current non-empty period began. A period begins with the first element linked into an
 * empty queue and ends with the poll that leaves it empty. The consumer, alone, tracks it in two
 * volatile fields: {@code periodFirst}, the sequence number of the period's first node (after a
 * poll that leaves the queue empty, one more than the node it took; it only grows), and {@code
 * periodStamp}, that node's arrival stamp, which the consumer stores before it takes that node.
 * The producer reads the clock for the stamp just before it links the node (after the link nothing
 * may happen, see above), so a stamp can be early by as long as the producer was held between the
 * two, a few instructions unless its thread was descheduled there.
 *
 * <p>A reader reads {@code periodFirst} and {@code periodStamp}, then the first queued node: if that
 * is the period's first node its own stamp is the answer, else the stored one. It then reads both
 * fields again and returns 0 if either changed: {@code periodFirst} grows at every period's end, and
 * {@code periodStamp} changes when the first node is taken, so unchanged fields mean that the node
 * and the fields belong to one period.
 */
public final class MainQueue {

  private final LinkedReadyQueue<Behaviour> queue = new LinkedReadyQueue<>();

  /** The clock of the arrival stamps: the runtime's watchdog clock. */
  private final NanoClock clock;

  /** Sequence number of the current (or next) period's first node. Consumer writes; volatile. */
  private volatile long periodFirst = 1;

  /** Arrival stamp of the period's first node once the consumer takes it, else 0. As above. */
  private volatile long periodStamp;

  /**
   * Creates an empty queue.
   *
   * @param clock the clock of the non-empty stamp, the one the pump watchdog reads
   */
  public MainQueue(NanoClock clock) {
    this.clock = clock;
  }

  /**
   * Enqueues a ready pinned behaviour. Any thread. The publication is this call's last act: if it
   * returns the behaviour is queued, if it throws the queue is unchanged.
   *
   * @return true if the queue was empty: a non-empty period began (see {@link
   *     LinkedReadyQueue#offer})
   */
  public boolean offer(Behaviour b) {
    long now = clock.nanoTime();
    // The link is a volatile CAS: the behaviour's state is visible to the consumer that polls it.
    return queue.offer(b, now == 0 ? 1 : now); // 0 means no period
  }

  /**
   * Takes the oldest queued behaviour. Consumer only (the holder of the pump's consumer mark).
   *
   * @return the behaviour, or null if none is queued
   */
  Behaviour poll() {
    LinkedReadyQueue.Node<Behaviour> first = queue.first();
    if (first == null) {
      return null;
    }
    long seq = first.seq();
    if (seq == periodFirst) {
      // Before taking it: a reader that then finds it gone reads this stamp instead.
      periodStamp = first.stamp();
    }
    Behaviour b = queue.poll(); // the node above: this thread is the only consumer
    if (queue.isEmpty()) {
      // The period ends. A producer linking right after this read begins the next period, whose
      // first node has the next number.
      periodStamp = 0;
      periodFirst = seq + 1;
    }
    return b;
  }

  /** Whether nothing is queued. Consumer only. */
  boolean isEmpty() {
    return queue.isEmpty();
  }

  /**
   * Pinned behaviours queued. Any thread.
   *
   * @return the depth, never negative
   */
  public long depth() {
    return queue.size();
  }

  /**
   * Start of the current non-empty period (the watchdog clock's time), or 0 if the queue is empty.
   * Any thread. Returns 0 too when the period changed while it read (see the class notes).
   *
   * @return the stamp, never 0 for a non-empty queue except while a period is changing
   */
  public long nonEmptySince() {
    long f = periodFirst;
    long s = periodStamp;
    LinkedReadyQueue.Node<Behaviour> first = queue.first();
    if (first == null) {
      return 0;
    }
    long since = first.seq() == f ? first.stamp() : s;
    if (periodFirst != f || periodStamp != s) {
      return 0;
    }
    return since;
  }
}
