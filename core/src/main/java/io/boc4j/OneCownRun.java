package io.boc4j;

import io.boc4j.internal.Behaviour;
import io.boc4j.internal.BodyCall;

/**
 * A fire-and-forget {@code run} over one cown: the runtime's most common behaviour, and its
 * smallest. It is a plain {@link Behaviour}, so it is one 48-byte object: its own request (the
 * fields it inherits), its records, the action and the cown it delivers. The runtime calls the
 * action and completes the run itself (see {@link BodyCall}); this class only builds it. Threading
 * as for every behaviour: built on the scheduling thread, run once by whichever thread holds its
 * cown.
 */
final class OneCownRun extends Behaviour {

  private OneCownRun() {}

  /**
   * A run of {@code action} over {@code cown}, which receives the cown as named (a read-only view
   * stays one).
   *
   * @param action the action (not null: the caller checked)
   * @param cown the cown (not null: the caller checked)
   * @return the behaviour, ready to submit
   */
  static OneCownRun of(Action.Of1<?> action, Cown<?> cown) {
    OneCownRun r = new OneCownRun();
    r.setBody(BodyCall.RUN1, action, cown);
    r.setCown(cown.core, cown.isReadOnly());
    return r;
  }
}
