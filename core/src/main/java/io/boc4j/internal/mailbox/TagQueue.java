package io.boc4j.internal.mailbox;

import io.boc4j.Message;
import io.boc4j.internal.Wakeups;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The FIFO queue of one mailbox tag, plus the registry of receivers parked on it. Internal to the
 * mailbox; public only because {@code io.boc4j.Mailbox} drives it. The wake-up handshake and its
 * memory-ordering argument are documented in {@code Mailbox}'s implementation notes; this class
 * holds the two halves of it, {@link #offer} and {@link #addWaiter}.
 *
 * <p>Threads: {@link #offer}, {@link #poll}, {@link #signalIfPending}, {@link #discardAll} and the
 * counters may be called by any thread without a lock. Waiter registration and the hold count
 * use this object's monitor. Lifecycle changes are made by the mailbox under its registry lock
 * (and, for {@link #DEAD}, also under this monitor).
 *
 * <p>Lifecycle:
 * <pre>
 *   state     in the map  counts as live  how it is left
 *   LIVE      yes         yes             setTags frees it -> DETACHED
 *   DETACHED  yes         no              a send / a new waiter revives it -> LIVE,
 *                                         or its last holder leaves -> DEAD
 *   DEAD      no          no              never (a new TagQueue replaces it)
 * </pre>
 * A DETACHED queue stays in the map only while receivers hold it, so that a receiver parked on a
 * tag that {@code setTags} freed is still found, and woken, by the next send on that tag.
 *
 * <p>Capacity. A bounded queue counts its messages in {@link Slots#size}: a send reserves a slot
 * (a CAS that fails when the queue is full) before it appends, a receive frees one after it takes.
 * The count lives beside the messages it counts, in one {@link Slots} object that a discard swaps
 * out whole, so a send racing with a discard reserves in the same generation it appends to and no
 * slot is ever lost or counted twice. Senders waiting for room take a stage from {@link
 * #spaceWaiters} ({@link Wakeups}: its Dekker handshake pairs the waiter's re-read of the size with
 * the receive's write of it), which a receive or a discard completes. An unbounded queue keeps no
 * count at all.
 */
public final class TagQueue {

  /** Registered: counts against the tag limit and shows in tag statistics. */
  public static final int LIVE = 0;
  /** Freed by setTags but still held by waiting receivers; kept in the map for them. */
  public static final int DETACHED = 1;
  /** Removed from the map; no receiver may hold it any more. */
  public static final int DEAD = 2;

  /** The capacity meaning "no bound": no slot is counted. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private final String tag;
  private final int capacity;
  private final LongAdder pushed = new PaddedLongAdder();
  private final LongAdder popped = new PaddedLongAdder();

  /** The messages and their count, replaced wholesale to discard; volatile so all use the newest. */
  private volatile Slots slots = new Slots();

  /** Senders waiting for room (bounded queues only), woken when a slot frees. */
  private final Wakeups spaceWaiters = new Wakeups();

  /** LIVE, DETACHED or DEAD; written under the mailbox registry lock. */
  private volatile int lifecycle = LIVE;

  /**
   * Number of registered waiters, mirrored from {@link #waiters} under the monitor and read
   * without a lock by senders: it is the waiter half of the Dekker handshake.
   */
  private volatile int waiterCount;

  /** Receivers parked (or about to park) on this tag, oldest first. Guarded by this. */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(4);

  /** Receive calls currently waiting on this tag; a DETACHED queue dies at zero. Guarded by this. */
  private int holders;

  /** One generation of messages and, for a bounded queue, how many slots they hold. */
  private static final class Slots {
    final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
    /** Reserved slots: messages appended plus sends between reserving and appending. */
    final AtomicInteger size = new AtomicInteger();
  }

  /**
   * Creates a LIVE, empty, unbounded queue.
   *
   * @param tag the tag it serves
   */
  public TagQueue(String tag) {
    this(tag, UNBOUNDED);
  }

  /**
   * Creates a LIVE, empty queue holding at most {@code capacity} messages.
   *
   * @param tag the tag it serves
   * @param capacity at least 1, or {@link #UNBOUNDED}
   */
  public TagQueue(String tag, int capacity) {
    this.tag = tag;
    this.capacity = capacity;
  }

  /** @return the tag this queue serves */
  public String tag() {
    return tag;
  }

  // ---------------------------------------------------------------- messages (lock-free)

  /**
   * Appends {@code message}, unless the queue is bounded and full, and wakes one parked receiver
   * if any is registered. Takes no lock unless a receiver is registered; never blocks.
   *
   * @param message the message to append
   * @return false if the queue was full (nothing was appended)
   */
  public boolean offer(Message message) {
    Slots s = slots;
    if (capacity != UNBOUNDED && !reserve(s.size)) {
      return false;
    }
    pushed.increment(); // counted first so pushedTotal never lags a delivered message
    s.queue.offer(message); // volatile CAS linking the node: the message half of the handshake
    if (waiterCount != 0) { // volatile load, ordered after the CAS: StoreLoad (see Mailbox)
      signalOne();
    }
    return true;
  }

  private boolean reserve(AtomicInteger size) {
    for (;;) {
      int n = size.get();
      if (n >= capacity) {
        return false;
      }
      if (size.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** @return the oldest message, removed, or null if none is queued; never blocks */
  public Message poll() {
    Slots s = slots;
    Message m = s.queue.poll();
    if (m != null) {
      popped.increment();
      if (capacity != UNBOUNDED) {
        s.size.decrementAndGet(); // volatile: the size half of the space handshake
        if (spaceWaiters.any()) {
          spaceWaiters.wakeAll();
        }
      }
    }
    return m;
  }

  /**
   * A stage completed once this queue has room for a message: at once if it has (or is
   * unbounded), else when a receive takes a message or a discard empties the queue, on that
   * thread. Room is a hint, not a reservation: another sender may take it first.
   *
   * @return the stage
   */
  public CompletableFuture<Void> onSpace() {
    if (capacity == UNBOUNDED) {
      return CompletableFuture.completedFuture(null);
    }
    return spaceWaiters.await(() -> slots.size.get() < capacity);
  }

  /**
   * Wakes one registered receiver if a message is queued: the hand-off a notified receiver owes.
   * Queue first, then waiters, the same order as {@link #offer}.
   */
  public void signalIfPending() {
    if (!slots.queue.isEmpty() && waiterCount != 0) {
      signalOne();
    }
  }

  /**
   * Discards every queued message in O(1) by swapping in an empty queue, with its slots. A send
   * racing with this call may land in the discarded queue; it counts as sent just before the
   * discard. Senders waiting for room are told there is some.
   */
  public void discardAll() {
    slots = new Slots(); // volatile write before the waiter count is read (Dekker, as in poll)
    if (spaceWaiters.any()) {
      spaceWaiters.wakeAll();
    }
  }

  /** @return messages queued now; O(n) in the queue length, meant for monitoring */
  public int depth() {
    return slots.queue.size();
  }

  /** @return messages ever sent on this queue */
  public long pushedTotal() {
    return pushed.sum();
  }

  /** @return messages ever delivered from this queue by a receive */
  public long poppedTotal() {
    return popped.sum();
  }

  // ---------------------------------------------------------------- waiters (monitor)

  /**
   * Registers a waiter; the volatile store of the count is the waiter half of the handshake.
   *
   * @param w the waiter, in state WAITING
   */
  public synchronized void addWaiter(Waiter w) {
    waiters.addLast(w);
    waiterCount = waiters.size(); // volatile store, ordered before the receiver's re-poll
  }

  /**
   * Unregisters a waiter if a notifier has not already removed it.
   *
   * @param w the waiter
   */
  public synchronized void removeWaiter(Waiter w) {
    if (waiters.remove(w)) {
      waiterCount = waiters.size();
    }
  }

  /**
   * Notifies the oldest registered waiter that is still WAITING. Waiters already notified
   * through another tag, or cancelled, are dropped on the way. Unparks outside the monitor.
   */
  private void signalOne() {
    Waiter chosen = null;
    synchronized (this) {
      Waiter w;
      while ((w = waiters.pollFirst()) != null) {
        if (w.casNotify()) {
          chosen = w;
          break;
        }
      }
      waiterCount = waiters.size();
    }
    if (chosen != null) {
      LockSupport.unpark(chosen.owner());
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** @return the lifecycle state: LIVE, DETACHED or DEAD (volatile load) */
  public int lvLifecycle() {
    return lifecycle;
  }

  /**
   * Sets the lifecycle state. Caller holds the mailbox registry lock.
   *
   * @param state LIVE or DETACHED
   */
  public void svLifecycle(int state) {
    lifecycle = state;
  }

  /**
   * Takes a hold for a waiting receive if the queue is LIVE. A held queue never dies, so the
   * receiver can rely on senders finding it through the map.
   *
   * @return false if the queue is not LIVE; the caller then goes through the registry lock
   */
  public synchronized boolean tryHold() {
    if (lifecycle != LIVE) {
      return false;
    }
    holders++;
    return true;
  }

  /** Takes a hold unconditionally. Caller holds the registry lock and has made this LIVE. */
  public synchronized void hold() {
    holders++;
  }

  /**
   * Gives back a hold.
   *
   * @return true if that was the last hold of a DETACHED queue, which the caller must then
   *     retire with {@link #killIfUnheld()} under the registry lock
   */
  public synchronized boolean release() {
    holders--;
    return holders == 0 && lifecycle == DETACHED;
  }

  /**
   * Marks a DETACHED queue with no holders DEAD. Caller holds the registry lock and removes
   * the queue from the map when this returns true.
   *
   * @return true if the queue is now DEAD
   */
  public synchronized boolean killIfUnheld() {
    if (holders == 0 && lifecycle == DETACHED) {
      lifecycle = DEAD;
      return true;
    }
    return false;
  }
}
