package io.boc4j.internal;

/**
 * A behaviour that is only an element of a queue under test: which producer made it and its number
 * in that producer's sequence. It has no cowns and is never run.
 */
public final class Item extends Behaviour {

  /** The producer. */
  public final int producer;

  /** The element's number in its producer's sequence. */
  public final int seq;

  /**
   * Creates an element.
   *
   * @param producer the producer
   * @param seq its number in the producer's sequence
   */
  public Item(int producer, int seq) {
    this.producer = producer;
    this.seq = seq;
  }

  @Override
  protected Object invoke() {
    throw new AssertionError("queue elements are never run");
  }

  @Override
  protected void publishResult(Object value, Throwable failure) {}

  @Override
  protected void afterRelease(Object value, Throwable failure) {}
}
