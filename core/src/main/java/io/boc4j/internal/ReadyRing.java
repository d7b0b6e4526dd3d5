package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's own ready queue: a bounded FIFO ring with one producer (the worker) and many consumers
 * (the worker and thieves).
 *
 * <p>Why not a library queue: the producer's offer must publish the behaviour in a single store made
 * by its last call, so that a {@code StackOverflowError} striking anywhere in it (a body calling
 * {@code when} near the end of its stack) either publishes it or leaves the ring exactly as it was,
 * and the caller can record which (see {@link Acquisition}). A queue that stores the element and
 * then advances its index in a separate call can be left with an element stored but not published;
 * JCTools' SPMC array then spins for ever on its next offer to that slot, waiting for a consumer
 * that will never come.
 *
 * <p>Protocol. The producer writes the slot at {@code tail} (plain) and then advances {@code tail}
 * with a release store: that store is the publication. A consumer reads {@code head}, then {@code
 * tail} (acquire), reads the slot at {@code head} and claims it with a CAS of {@code head}; a
 * successful CAS proves {@code head} did not move while it read, and the producer never writes a
 * slot whose index is {@code head} plus the capacity or more until {@code head} moved past it, so the
 * slot held that element. Slots are cleared so that consumed behaviours are not kept reachable: by
 * the owner right after its own successful poll, and by the producer, before each offer, for slots
 * thieves consumed (a thief never writes a slot; one that read a slot the producer then cleared
 * fails its CAS). The producer replaces the whole array only while the ring is empty, so the same
 * argument covers a consumer that reads the new array with an old head: head has moved past it.
 */
final class ReadyRing {

  private static final VarHandle TAIL;

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(ReadyRing.class, "tail", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The slots. Replaced by a fresh array now and then when the ring is empty (see {@link
   * #offer}): an array that has lived long is in the old generation of the heap, and under G1 every
   * store of a young behaviour into it costs a post-write barrier with a StoreLoad fence, which waits
   * for the worker's pending stores (the behaviours it just allocated) to reach memory. A young array
   * costs none of that. Written by the producer only, before the release store of {@code tail} that
   * publishes the next behaviour; consumers read it after their acquire load of {@code tail}.
   */
  private Behaviour[] slots;

  private final int mask;

  /** Offers into an empty ring between two replacements of {@link #slots}. */
  private final int renewEvery;

  /** Producer only: offers into an empty ring since {@link #slots} was last replaced. */
  private int emptyOffers;

  /** Next index to take. Its own object: consumers CAS it, apart from the producer's line. */
  private final AtomicLong head = new AtomicLong();

  /** Next index to fill; written by the producer only (release), read by consumers (acquire). */
  @SuppressWarnings("unused") // accessed through TAIL
  private long tail;

  /** Producer only: every slot below this index was cleared after its consumption. */
  private long cleared;

  /** Offers into an empty ring between two replacements of the slots, by default. */
  static final int RENEW_EVERY = 65_536;

  /**
   * Creates an empty ring that replaces its slots every {@link #RENEW_EVERY} offers into an empty
   * ring.
   *
   * @param capacity a power of two
   */
  ReadyRing(int capacity) {
    this(capacity, RENEW_EVERY);
  }

  /**
   * Creates an empty ring.
   *
   * @param capacity a power of two
   * @param renewEvery how many offers into an empty ring between two replacements of its slots (1:
   *     at every such offer, as tests of the replacement do)
   */
  ReadyRing(int capacity, int renewEvery) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two, not " + capacity);
    }
    if (renewEvery < 1) {
      throw new IllegalArgumentException("renewEvery must be at least 1, not " + renewEvery);
    }
    slots = new Behaviour[capacity];
    mask = capacity - 1;
    this.renewEvery = renewEvery;
  }

  /**
   * Adds {@code b} at the tail. Owner (producer) thread only.
   *
   * @return false if the ring is full (nothing changed)
   */
  boolean offer(Behaviour b) {
    long t = (long) TAIL.get(this); // plain: only this thread writes it
    long h = head.get();
    if (t - h >= slots.length) {
      return false;
    }
    if (t == h && ++emptyOffers >= renewEvery) {
      // Empty: no consumer can still take from the old array. One that read the tail before the
      // ring emptied holds a head below the current one, so its CAS of head fails whichever array
      // it reads; one that reads the tail published below sees the new array.
      emptyOffers = 0;
      slots = new Behaviour[slots.length];
      cleared = t;
    }
    while (cleared < h) { // consumed by thieves since the last offer (head only grows)
      slots[(int) cleared++ & mask] = null;
    }
    slots[(int) t & mask] = b; // plain: published by the release store below
    // The publication, and the last call here: it either happened or the ring is unchanged (the
    // slot written above is beyond the tail, and is simply written again by the next offer).
    TAIL.setRelease(this, t + 1);
    return true;
  }

  /**
   * Takes the behaviour at the head. Any thread.
   *
   * @param owner whether the caller is the producer (it then clears the slot it took at once)
   * @return the oldest behaviour, or null if the ring is empty
   */
  Behaviour poll(boolean owner) {
    while (true) {
      long h = head.get(); // volatile
      if (h >= (long) TAIL.getAcquire(this)) { // acquire: the slots below the tail are written
        return null;
      }
      Behaviour b = slots[(int) h & mask];
      if (head.compareAndSet(h, h + 1)) {
        if (owner) {
          // Only the producer writes slots, so clearing its own taken slot races with no write; a
          // thief that read it before the clear fails its CAS.
          slots[(int) h & mask] = null;
        }
        return b;
      }
    }
  }

  /**
   * Takes the older half of the ring's behaviours (rounded up; at most {@code into.length}), oldest
   * first, with one CAS. A thief's call: the owner takes one at a time with {@link #poll}.
   *
   * <p>The single-element argument of {@link #poll} extends to the batch: {@code head} only grows,
   * so a CAS that finds it unchanged proves no other consumer took any of the slots read, and the
   * producer writes no slot at or beyond {@code head} plus the capacity, so none was overwritten.
   *
   * @param into where the taken behaviours go, from index 0
   * @return how many were taken; 0 if the ring was empty
   */
  int pollHalf(Behaviour[] into) {
    while (true) {
      long h = head.get(); // volatile
      long available = (long) TAIL.getAcquire(this) - h; // acquire: the slots below it are written
      if (available <= 0) {
        return 0;
      }
      int k = (int) Math.min(into.length, (available + 1) / 2);
      for (int i = 0; i < k; i++) {
        into[i] = slots[(int) (h + i) & mask];
      }
      if (head.compareAndSet(h, h + k)) {
        return k;
      }
    }
  }

  /** The current slots array: tests check when it is replaced. Producer thread only. */
  Behaviour[] slotsForTest() {
    return slots;
  }

  /** Whether the ring looks empty (racy: for wake-up and stealing decisions). Any thread. */
  boolean isEmpty() {
    return head.get() >= (long) TAIL.getAcquire(this);
  }
}
