package io.boc4j.reactor;

import io.boc4j.Body;
import io.boc4j.ResultCown;
import io.boc4j.Scheduling;
import io.micrometer.context.ContextSnapshot;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The cold {@code Mono} of a {@code when}: every subscription schedules one behaviour when it first
 * requests, and emits that behaviour's outcome. {@link BocReactor}'s {@code mono} forms build it.
 *
 * <h2>Cancellation</h2>
 *
 * The scheduled body is wrapped in the subscription's {@link Gate}. The body's first act is to pass
 * the gate, which succeeds exactly once and only if the subscriber has not cancelled; a cancel
 * closes the gate if the body has not passed it. So:
 *
 * <ul>
 *   <li>cancelled before admission: nothing is scheduled;
 *   <li>cancelled after scheduling, before the body starts: the behaviour still takes and releases
 *       its cowns in its place in the order (nothing behind it is reordered or starved), but the
 *       body is skipped and its result cown carries a {@link CancellationException};
 *   <li>cancelled after the body started: the body runs to completion; its value is discarded.
 * </ul>
 *
 * Nothing is ever interrupted.
 *
 * @param <T> the value type
 */
final class MonoBehaviour<T> extends Mono<T> {

  /** How one shape schedules its behaviour: through {@code via}, with its body inside {@code gate}. */
  @FunctionalInterface
  interface Request<T> {
    ResultCown<T> schedule(Scheduling via, Gate gate);
  }

  /** What a bridge body runs inside: the cancellation check and the propagated context. */
  interface Gate {
    /**
     * Runs {@code body} unless the subscriber cancelled first. Called once, first thing in the
     * behaviour's body, on the thread that runs it.
     *
     * @throws CancellationException if the subscriber cancelled before the body started
     */
    <R> R run(Body.Of0<R> body) throws Exception;
  }

  private final Admission admission;
  private final Request<T> request;
  private final Propagation propagation;

  MonoBehaviour(Admission admission, Propagation propagation, Request<T> request) {
    this.admission = admission;
    this.propagation = propagation;
    this.request = request;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    // Captured here, on the subscribing thread: its thread locals and the subscriber's Context.
    ContextSnapshot snapshot = propagation.capture(actual.currentContext());
    actual.onSubscribe(new BehaviourSubscription<>(actual, admission, request, snapshot));
  }

  /**
   * One subscription: waits in the {@link Admission} queue until scheduled, then observes the result.
   * It is also the {@link Gate} of its body.
   */
  static final class BehaviourSubscription<T> extends ResultSubscription<T>
      implements Admission.Pending, Gate {

    private static final int OPEN = 0;
    private static final int STARTED = 1;
    private static final int SKIPPED = 2;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<BehaviourSubscription> BODY =
        AtomicIntegerFieldUpdater.newUpdater(BehaviourSubscription.class, "body");

    private final Admission admission;
    private final Request<T> request;
    private final ContextSnapshot snapshot;

    /** OPEN until the body passes the gate (STARTED) or a cancel closes it first (SKIPPED). */
    private volatile int body;

    BehaviourSubscription(
        CoreSubscriber<? super T> actual, Admission admission, Request<T> request,
        ContextSnapshot snapshot) {
      super(actual);
      this.admission = admission;
      this.request = request;
      this.snapshot = snapshot;
    }

    @Override
    void start() {
      admission.submit(this);
    }

    @Override
    public void cancel() {
      super.cancel();
      BODY.compareAndSet(this, OPEN, SKIPPED); // fails if the body already started: it completes
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void schedule(Scheduling via) {
      // Observed from before the behaviour is enqueued: the signal comes on the body's thread even
      // when the body finishes before when returns.
      request.schedule(via.observing(this), this);
    }

    @Override
    public void fail(Throwable failure) {
      accept(null, failure);
    }

    @Override
    public <R> R run(Body.Of0<R> userBody) throws Exception {
      if (!BODY.compareAndSet(this, OPEN, STARTED)) {
        throw new CancellationException(
            "the Mono's subscriber cancelled before this behaviour's body started: the body was"
                + " skipped; its cowns were still acquired and released in order");
      }
      if (snapshot == null) {
        return userBody.apply();
      }
      ContextSnapshot.Scope scope = snapshot.setThreadLocals();
      try {
        return userBody.apply();
      } finally {
        scope.close(); // restores the worker's own values: nothing leaks into the next body
      }
    }

    @Override
    void dropped(T value, Throwable failure) {
      super.dropped(value, failure);
      if (failure != null && body != SKIPPED) {
        // The body ran and threw after the subscriber left: report it the Reactor way (the failure
        // also stays on the result cown). A skipped body's CancellationException is expected.
        Operators.onErrorDropped(failure, actual.currentContext());
      }
    }
  }
}
