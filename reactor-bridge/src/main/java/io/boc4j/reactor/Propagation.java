package io.boc4j.reactor;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import reactor.core.CoreSubscriber;
import reactor.util.context.ContextView;

/**
 * Opt-in context propagation into bodies, through Micrometer's context-propagation library: at
 * subscription it captures the subscribing thread's registered thread locals and the values of the
 * subscriber's Reactor {@link ContextView} whose keys have a registered {@code ThreadLocalAccessor}
 * (the latter win); the body then runs with exactly those thread locals set — registered ones absent
 * from the snapshot are cleared — and the worker's previous values are restored after it.
 */
final class Propagation {

  /** Propagation off: nothing is captured and bodies run with the worker's thread locals. */
  static final Propagation NONE = new Propagation(null);

  private final ContextSnapshotFactory factory;

  private Propagation(ContextSnapshotFactory factory) {
    this.factory = factory;
  }

  /** Propagation on, over the global {@code ContextRegistry}. */
  static Propagation enabled() {
    return new Propagation(ContextSnapshotFactory.builder().clearMissing(true).build());
  }

  /**
   * The snapshot to run a body in, or null when propagation is off: then the subscriber's Context is
   * not even looked up. Subscribing thread.
   */
  ContextSnapshot capture(CoreSubscriber<?> subscriber) {
    return factory == null ? null : factory.captureAll(subscriber.currentContext());
  }
}
