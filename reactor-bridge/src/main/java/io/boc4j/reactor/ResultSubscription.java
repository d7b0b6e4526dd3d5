package io.boc4j.reactor;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * The subscription of a {@code Mono} that ends with a result cown's outcome: it starts its work on the
 * first request, and turns the outcome (handed to {@link #accept} by an observer of the result)
 * into Reactor signals — {@code onNext} then {@code onComplete} for a value, {@code onComplete} alone
 * for null, {@code onError} with the very exception otherwise.
 *
 * <p>Threading: {@link #request} and {@link #cancel} from any thread; {@link #accept} runs where the
 * outcome is reported (the thread that ran the body, for a result observed before it finished), at
 * most once. Signals are emitted only
 * from {@link #accept}, so they are serial.
 *
 * @param <T> the value type
 */
abstract class ResultSubscription<T> implements Subscription, BiConsumer<Object, Throwable> {

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<ResultSubscription> REQUESTED =
      AtomicIntegerFieldUpdater.newUpdater(ResultSubscription.class, "requested");

  final CoreSubscriber<? super T> actual;

  /** 0 until the first valid request, then 1: the work starts exactly once. */
  private volatile int requested;

  /** Set by {@link #cancel}; read before every signal. */
  volatile boolean cancelled;

  ResultSubscription(CoreSubscriber<? super T> actual) {
    this.actual = actual;
  }

  /** Starts the work whose outcome reaches {@link #accept}. Called once, on the requesting thread. */
  abstract void start();

  /**
   * What happens to an outcome that arrives after {@link #cancel}: the value is discarded (Reactor's
   * discard hook); a failure stays on its result cown.
   */
  void dropped(T value, Throwable failure) {
    if (failure == null) {
      Operators.onDiscard(value, actual.currentContext());
    }
  }

  @Override
  public final void request(long n) {
    if (Operators.validate(n) && !cancelled && REQUESTED.compareAndSet(this, 0, 1)) {
      start();
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  /**
   * Delivers the outcome. Typed {@code Object} so that it can also be a {@link
   * io.boc4j.Scheduling#observing} observer; the value is always the body's {@code T}.
   */
  @Override
  @SuppressWarnings("unchecked")
  public final void accept(Object outcome, Throwable failure) {
    T value = (T) outcome;
    if (cancelled) {
      dropped(value, failure);
      return;
    }
    try {
      if (failure != null) {
        actual.onError(failure);
      } else {
        if (value != null) {
          actual.onNext(value);
        }
        actual.onComplete();
      }
    } catch (Throwable subscriberFailure) {
      // A subscriber that throws from a signal breaks the Reactive Streams rules; the completion stage
      // would swallow it, so hand it to Reactor's hook, which logs it.
      Operators.onErrorDropped(subscriberFailure, actual.currentContext());
    }
  }
}
