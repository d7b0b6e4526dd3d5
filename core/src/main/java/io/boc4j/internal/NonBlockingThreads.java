package io.boc4j.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The registry behind {@link io.boc4j.Boc#markNonBlocking}: which threads boc4j must never park. A
 * thread is marked if any registered predicate accepts it. Registration is rare (an integration does
 * it once) and the check runs only on the slow path of admission (over the back-pressure limit), so a
 * copy-on-write list suffices.
 */
public final class NonBlockingThreads {

  private static final List<Predicate<? super Thread>> PREDICATES = new CopyOnWriteArrayList<>();

  private NonBlockingThreads() {}

  /** Registers a predicate; returns the action that unregisters it. */
  public static Runnable register(Predicate<? super Thread> predicate) {
    PREDICATES.add(predicate);
    return () -> PREDICATES.remove(predicate);
  }

  /** Whether {@code t} is marked non-blocking. */
  public static boolean isMarked(Thread t) {
    for (Predicate<? super Thread> p : PREDICATES) {
      if (p.test(t)) {
        return true;
      }
    }
    return false;
  }
}
