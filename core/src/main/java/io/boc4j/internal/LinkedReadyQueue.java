package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded multi-producer multi-consumer FIFO queue of ready work (Michael and Scott's linked
 * queue, 1996) whose {@link #offer} publishes with its last call: a worker's inbox, and the main
 * queue of pinned behaviours.
 *
 * <p>Why not a library queue: a {@code when} can be called near the end of a stack, and a {@code
 * StackOverflowError} can strike at any call inside the offer. The offer must then either have
 * published the element or have left the queue exactly as it was, and its caller must be able to
 * tell which by whether the offer returned (see {@link Acquisition}, "Faults in phase 1"). JCTools'
 * unbounded xadd queues claim an index in one call and store the element in a later one: an error in
 * between leaves a claimed, empty slot that every consumer then waits on for ever. Here the one
 * shared write of an offer is the CAS that links its node behind the last one; the tail pointer is
 * moved on lazily, by the next offer, before it links.
 *
 * <p>Each node carries a sequence number (one more than its predecessor's, set before it is linked),
 * so the queue's exact size is the last node's number minus the head's, and a stamp its producer
 * chose (the main queue's arrival time).
 *
 * <p>Memory ordering: the link CAS (volatile) publishes the node with its element and number, and a
 * consumer reads the link with a volatile load before it reads them. The head is claimed with a CAS,
 * so each element is taken once. A consumed node's link is never cleared, so a producer that starts
 * from a stale tail walks forward to the end; the tail and the head only move forward.
 *
 * <p>Cost: one 40-byte node and two CASes per offer (one to move the tail on, one to link), one CAS
 * per poll.
 *
 * @param <E> the element type
 */
public final class LinkedReadyQueue<E> {

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HEAD = lookup.findVarHandle(LinkedReadyQueue.class, "head", Node.class);
      TAIL = lookup.findVarHandle(LinkedReadyQueue.class, "tail", Node.class);
      NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A queued element with its sequence number and arrival stamp.
   *
   * @param <E> the element type
   */
  public static final class Node<E> {
    /** Written before the link; cleared by the consumer that takes it. */
    E item;

    /** One more than the predecessor's; written before the link, never changed after it. */
    long seq;

    /** Written before the link, never changed after it. */
    long stamp;

    @SuppressWarnings("unused") // accessed through NEXT
    private volatile Node<E> next;

    Node(E item, long stamp) {
      this.item = item;
      this.stamp = stamp;
    }

    /**
     * The node's sequence number: 1 for the first element ever offered, then one more per element.
     *
     * @return the number
     */
    public long seq() {
      return seq;
    }

    /**
     * The stamp its producer gave it when it offered it (see {@link LinkedReadyQueue#offer(Object,
     * long)}).
     *
     * @return the stamp
     */
    public long stamp() {
      return stamp;
    }
  }

  /** The consumed node before the first element (initially a sentinel); only moves forward. */
  @SuppressWarnings("unused") // accessed through HEAD
  private volatile Node<E> head;

  /** The last node or one before it; moved on by the next offer; only moves forward. */
  @SuppressWarnings("unused") // accessed through TAIL
  private volatile Node<E> tail;

  /** Creates an empty queue. */
  public LinkedReadyQueue() {
    Node<E> sentinel = new Node<>(null, 0); // number 0
    head = sentinel;
    tail = sentinel;
  }

  /**
   * Appends {@code e} with stamp 0. As {@link #offer(Object, long)}.
   *
   * @param e the element, not null
   * @return as {@link #offer(Object, long)}
   */
  public boolean offer(E e) {
    return offer(e, 0);
  }

  /**
   * Appends {@code e}. Any thread. Its only shared write is the CAS that links it, made by its last
   * call: if this returns, {@code e} is published; if it throws, the queue is unchanged.
   *
   * @param e the element, not null
   * @param stamp kept with it (see {@link Node#stamp})
   * @return true if the queue held nothing else when {@code e} was linked, as far as a read of the
   *     head right after the link can tell (it may also be true when a consumer emptied the queue
   *     meanwhile; it is never false for an offer into a queue that was empty)
   */
  @SuppressWarnings("unchecked")
  public boolean offer(E e, long stamp) {
    Node<E> n = new Node<>(e, stamp); // before anything shared is written: may throw harmlessly
    Node<E> t = (Node<E>) TAIL.getVolatile(this);
    while (true) {
      Node<E> after = (Node<E>) NEXT.getVolatile(t);
      if (after != null) {
        // The tail lags: move it on before linking (never after: nothing may follow the link).
        TAIL.compareAndSet(this, t, after);
        t = after;
        continue;
      }
      n.seq = t.seq + 1; // plain: published by the link
      if (NEXT.compareAndSet(t, null, n)) { // the publication
        // Field reads only from here on, no call (not even a VarHandle's, which is a call when
        // interpreted): a throw after the link would make the caller publish twice. The head is t
        // (the queue was empty) or already n (a consumer took e at once); a head before t means
        // elements were queued before e.
        return head.seq >= t.seq;
      }
      // Another producer linked first: go on from its node.
    }
  }

  /**
   * Takes the oldest element. Any thread; consumers race with a CAS of the head.
   *
   * @return the element, or null if the queue is empty
   */
  @SuppressWarnings("unchecked")
  public E poll() {
    while (true) {
      Node<E> h = (Node<E>) HEAD.getVolatile(this);
      Node<E> first = (Node<E>) NEXT.getVolatile(h);
      if (first == null) {
        return null;
      }
      E item = first.item; // written before the link read above
      if (item != null && HEAD.compareAndSet(this, h, first)) {
        // Plain: a consumer that still reads it fails its CAS, the head having moved past h.
        first.item = null; // the node stays as the head sentinel: keep the element unreachable
        return item;
      }
    }
  }

  /**
   * The oldest queued node, or null if the queue is empty. Any thread; the node may be taken by the
   * time the caller looks at it.
   *
   * @return the node or null
   */
  @SuppressWarnings("unchecked")
  public Node<E> first() {
    Node<E> h = (Node<E>) HEAD.getVolatile(this);
    return (Node<E>) NEXT.getVolatile(h);
  }

  /**
   * Whether nothing is queued. Any thread.
   *
   * @return true if empty at the moment of the read
   */
  public boolean isEmpty() {
    return first() == null;
  }

  /**
   * The number of queued elements: the last node's number minus the head's. Any thread; exact when
   * nothing moves, and never negative (the head is read first and never passes the last node).
   *
   * @return the size
   */
  @SuppressWarnings("unchecked")
  public long size() {
    Node<E> h = (Node<E>) HEAD.getVolatile(this);
    Node<E> last = (Node<E>) TAIL.getVolatile(this);
    for (Node<E> n; (n = (Node<E>) NEXT.getVolatile(last)) != null; ) {
      last = n;
    }
    return Math.max(0, last.seq - h.seq);
  }
}
