package io.boc4j;

import io.boc4j.internal.Behaviour;

/**
 * A fire-and-forget {@code run} over one cown: the runtime's most common behaviour, and its
 * smallest. It is a plain {@link Behaviour}, not a wide one, so it is one 48-byte object: its own
 * request (the fields it inherits), its records, the action and the cown it delivers. Threading as
 * for every behaviour: built on the scheduling thread, run once by whichever thread holds its cown.
 */
final class OneCownRun extends Behaviour {

  private final Action.Of1<Object> action;

  /** What the action receives: the cown as named, so a read-only view stays one. */
  private final Object delivered;

  private OneCownRun(Action.Of1<Object> action, Cown<?> cown) {
    this.action = action;
    this.delivered = cown;
  }

  /**
   * A run of {@code action} over {@code cown}.
   *
   * @param action the action (not null: the caller checked)
   * @param cown the cown (not null: the caller checked)
   * @return the behaviour, ready to submit
   */
  @SuppressWarnings("unchecked")
  static OneCownRun of(Action.Of1<?> action, Cown<?> cown) {
    OneCownRun r = new OneCownRun((Action.Of1<Object>) action, cown);
    r.setCown(cown.core, cown.isReadOnly());
    return r;
  }

  @Override
  protected Object invoke() throws Throwable {
    action.run(delivered);
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
