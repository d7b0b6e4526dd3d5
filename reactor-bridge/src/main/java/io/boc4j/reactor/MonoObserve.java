package io.boc4j.reactor;

import io.boc4j.ResultCown;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The hot {@code Mono} of a result cown that is already scheduled: each subscription observes the
 * same behaviour's outcome (from its first request) and never schedules anything. Cancelling only
 * stops observing.
 *
 * @param <T> the value type
 */
final class MonoObserve<T> extends Mono<T> {

  private final ResultCown<T> result;

  MonoObserve(ResultCown<T> result) {
    this.result = result;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    actual.onSubscribe(new ObserveSubscription<>(actual, result));
  }

  /** Observes the result from the first request. */
  static final class ObserveSubscription<T> extends ResultSubscription<T> {

    private final ResultCown<T> result;

    ObserveSubscription(CoreSubscriber<? super T> actual, ResultCown<T> result) {
      super(actual);
      this.result = result;
    }

    @Override
    void start() {
      result.toCompletionStage().whenComplete(this);
    }
  }
}
