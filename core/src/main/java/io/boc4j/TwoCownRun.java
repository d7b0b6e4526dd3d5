package io.boc4j;

import io.boc4j.internal.TwoCownBehaviour;

/**
 * A fire-and-forget {@code run} over two cowns: the bank's transfer, the philosopher's meal. It is a
 * {@link TwoCownBehaviour}, the queue node of both of its requests, and carries no result, so it is
 * one 64-byte object: its two requests, its records, the action and the two cowns it delivers.
 * Threading as for every behaviour: built on the scheduling thread, run once by whichever thread
 * holds its cowns.
 */
final class TwoCownRun extends TwoCownBehaviour {

  private final Action.Of2<Object, Object> action;

  /** What the action receives first and second: the cowns as named (a read-only view stays one). */
  private final Object first;

  private final Object second;

  private TwoCownRun(Action.Of2<Object, Object> action, Cown<?> x, Cown<?> y) {
    this.action = action;
    this.first = x;
    this.second = y;
  }

  /**
   * A run of {@code action} over {@code x} and {@code y}, delivered in that order and acquired in
   * ascending id order. The same cown named twice (or a cown and a view of it) is acquired once,
   * writable if either names it writable (RO04).
   *
   * @param action the action (not null: the caller checked)
   * @param x the first cown (not null: the caller checked)
   * @param y the second cown (not null: the caller checked)
   * @return the behaviour, ready to submit
   */
  @SuppressWarnings("unchecked")
  static TwoCownRun of(Action.Of2<?, ?> action, Cown<?> x, Cown<?> y) {
    TwoCownRun r = new TwoCownRun((Action.Of2<Object, Object>) action, x, y);
    r.setEitherOrder(x.core, x.isReadOnly(), y.core, y.isReadOnly());
    return r;
  }

  @Override
  protected Object invoke() throws Throwable {
    action.run(first, second);
    return null;
  }

  @Override
  protected void publishResult(Object value, Throwable failure) {
    // no result cown: nothing to store
  }

  @Override
  protected void afterRelease(Object value, Throwable failure) {
    if (failure != null) {
      UserBehaviour.logUnobserved(failure);
      reportUnobserved(failure);
    }
  }
}
