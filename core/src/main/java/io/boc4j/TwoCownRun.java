package io.boc4j;

import io.boc4j.internal.BodyCall;
import io.boc4j.internal.TwoCownBehaviour;

/**
 * A fire-and-forget {@code run} over two cowns: the bank's transfer, the philosopher's meal. It is a
 * {@link TwoCownBehaviour}, the queue node of both of its requests, and carries no result, so it is
 * one 64-byte object: its two requests, its records, the action and the two cowns it delivers. The
 * runtime calls the action and completes the run itself (see {@link BodyCall}); this class only
 * builds it. Threading as for every behaviour: built on the scheduling thread, run once by
 * whichever thread holds its cowns.
 */
final class TwoCownRun extends TwoCownBehaviour {

  private TwoCownRun() {}

  /**
   * A run of {@code action} over {@code x} and {@code y}, delivered in that order (a read-only view
   * stays one) and acquired in ascending id order. The same cown named twice (or a cown and a view
   * of it) is acquired once, writable if either names it writable (RO04).
   *
   * @param action the action (not null: the caller checked)
   * @param x the first cown (not null: the caller checked)
   * @param y the second cown (not null: the caller checked)
   * @return the behaviour, ready to submit
   */
  static TwoCownRun of(Action.Of2<?, ?> action, Cown<?> x, Cown<?> y) {
    TwoCownRun r = new TwoCownRun();
    r.setBody(BodyCall.RUN2, action, x, y);
    r.setEitherOrder(x.core, x.isReadOnly(), y.core, y.isReadOnly());
    return r;
  }
}
