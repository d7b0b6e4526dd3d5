package io.boc4j.internal;

/**
 * The core of a result cown, which also knows the cown it belongs to: the behaviour that produces the
 * result reaches its result cown through its result request's core, so that the behaviour itself
 * needs no field for it (and a fire-and-forget behaviour carries none).
 */
public final class ResultCore extends CownCore {

  /** The result cown (an {@code io.boc4j.ResultCown}); written once, before the core is shared. */
  private final Object resultCown;

  /**
   * Creates the core of a result cown, already held by {@code owner}.
   *
   * @param owner the behaviour that holds the new cown until its body finishes
   * @param resultCown the result cown this core belongs to
   */
  public ResultCore(WideBehaviour owner, Object resultCown) {
    super(owner);
    this.resultCown = resultCown;
  }

  /**
   * The result cown this core belongs to.
   *
   * @return the cown, as an {@code io.boc4j.ResultCown}
   */
  public Object resultCown() {
    return resultCown;
  }
}
