package io.boc4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The bookkeeping of a producer/consumer race: producers number their elements {@code 0, 1, 2, ...};
 * each consumer reports what it took. Duplicates fail at once, and so does an element a consumer
 * took out of its producer's order when the room under test promises FIFO per producer;
 * {@link #assertEachTakenOnce} finds lost elements at the end.
 */
public final class Ledger {

  private final int perProducer;
  private final AtomicIntegerArray taken;
  private final AtomicInteger total = new AtomicInteger();

  /**
   * A ledger for {@code producers} producers of {@code perProducer} elements each.
   *
   * @param producers how many producers
   * @param perProducer how many elements each produces
   */
  public Ledger(int producers, int perProducer) {
    this.perProducer = perProducer;
    this.taken = new AtomicIntegerArray(producers * perProducer);
  }

  /**
   * The view of one consumer thread; not shared between threads.
   *
   * @param name for messages
   * @param fifoPerProducer whether this consumer must see each producer's elements in order
   * @return the consumer's record
   */
  public Consumer consumer(String name, boolean fifoPerProducer) {
    return new Consumer(name, fifoPerProducer);
  }

  /** @return elements taken so far, by all consumers */
  public int total() {
    return total.get();
  }

  /** Fails unless every element was taken exactly once. */
  public void assertEachTakenOnce() {
    for (int i = 0; i < taken.length(); i++) {
      int n = taken.get(i);
      if (n != 1) {
        throw new AssertionError("element " + (i % perProducer) + " of producer " + (i / perProducer)
            + " was taken " + n + " times" + (n == 0 ? " (lost)" : " (duplicated)"));
      }
    }
  }

  /** What one consumer took. */
  public final class Consumer {
    private final String name;
    private final boolean fifo;
    private final int[] last;

    private Consumer(String name, boolean fifo) {
      this.name = name;
      this.fifo = fifo;
      this.last = new int[taken.length() / perProducer];
      java.util.Arrays.fill(last, -1);
    }

    /**
     * Records that this consumer took element {@code seq} of {@code producer}.
     *
     * @param producer the producer
     * @param seq the element's number in its producer's sequence
     * @throws AssertionError if it was taken before, or (FIFO) out of its producer's order
     */
    public void took(int producer, int seq) {
      if (taken.incrementAndGet(producer * perProducer + seq) != 1) {
        throw new AssertionError(name + " took element " + seq + " of producer " + producer
            + ", which was already taken");
      }
      if (fifo && seq <= last[producer]) {
        throw new AssertionError(name + " took element " + seq + " of producer " + producer
            + " after element " + last[producer] + ": not in the producer's order");
      }
      last[producer] = Math.max(last[producer], seq);
      total.incrementAndGet();
    }
  }
}
