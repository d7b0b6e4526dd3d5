package io.boc4j.internal;

/** Lets tests outside this package check a cown's queue once every behaviour released it. */
public final class QueueProbe {

  private QueueProbe() {}

  /** Whether nobody holds or waits for the cown: its queue's tail is empty. */
  public static boolean isEmpty(CownCore core) {
    return core.lvLast() == null;
  }
}
