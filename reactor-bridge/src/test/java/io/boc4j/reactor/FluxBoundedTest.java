package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Cown;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The operator behind {@code bounded} and {@code perKey} with any Mono, not only behaviours: it must
 * keep flatMap's rules for Monos (demand, completion order, errors, cancellation, discard,
 * onErrorContinue) while keeping at most its concurrency subscribed.
 */
@ExtendWith(NoBlockingCalls.class)
@Timeout(60)
class FluxBoundedTest extends BridgeTestBase {

  @Test
  void synchronousMonosEmitTheirValuesAndEmptyOnesNothing() {
    StepVerifier.create(Flux.range(0, 1000)
            .transform(bridge.bounded(i -> i % 3 == 0 ? Mono.<Integer>empty() : Mono.just(i), 4)))
        .expectNextSequence(Flux.range(0, 1000).filter(i -> i % 3 != 0).toIterable())
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(Flux.<Integer>empty().transform(bridge.bounded(Mono::just, 4)))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void withoutDemandValuesWaitAndTheSourceIsNotPulledFurther() {
    AtomicLong pulled = new AtomicLong();
    StepVerifier.create(Flux.range(0, 100)
            .doOnNext(i -> pulled.incrementAndGet())
            .transform(bridge.bounded(Mono::just, 4)), 0)
        .then(() -> assertEquals(4, pulled.get(), "pulled beyond the concurrency"))
        .thenRequest(2)
        .expectNext(0, 1)
        .then(() -> assertEquals(6, pulled.get(), "one item pulled per value delivered"))
        .thenRequest(Long.MAX_VALUE)
        .expectNextCount(98)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void asynchronousMonosNeverExceedTheConcurrencyAndAllArrive() {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    StepVerifier.create(Flux.range(0, 5000)
            .transform(bridge.bounded(i -> Mono.fromCallable(() -> i)
                .doOnSubscribe(s -> maxActive.accumulateAndGet(active.incrementAndGet(), Math::max))
                .doOnTerminate(active::decrementAndGet)
                .subscribeOn(Schedulers.parallel()), 8))
            .reduce(0L, Long::sum))
        .expectNext(5000L * 4999 / 2)
        .expectComplete()
        .verify(WAIT);
    assertTrue(maxActive.get() <= 8, "more than 8 subscribed at once: " + maxActive.get());
  }

  @Test
  void anInnerErrorCancelsTheSourceAndTheOtherInnersAndIsEmitted() {
    AtomicBoolean otherCancelled = new AtomicBoolean();
    AtomicBoolean sourceCancelled = new AtomicBoolean();
    IllegalStateException boom = new IllegalStateException("boom");
    StepVerifier.create(Flux.range(0, 100)
            .doOnCancel(() -> sourceCancelled.set(true))
            .transform(bridge.bounded(i -> i == 0
                ? Mono.<Integer>never().doOnCancel(() -> otherCancelled.set(true))
                : i == 1 ? Mono.<Integer>error(boom) : Mono.just(i), 4)))
        .expectErrorMatches(e -> e == boom)
        .verify(WAIT);
    assertTrue(otherCancelled.get(), "the inner in flight was not cancelled");
    assertTrue(sourceCancelled.get(), "the source was not cancelled");
  }

  @Test
  void aMappingThatThrowsOrReturnsNullErrors() {
    StepVerifier.create(Flux.range(0, 10).transform(bridge.bounded(i -> {
          if (i == 3) {
            throw new IllegalArgumentException("bad item " + i);
          }
          return Mono.just(i);
        }, 2)))
        .expectNext(0, 1, 2)
        .expectError(IllegalArgumentException.class)
        .verify(WAIT);
    StepVerifier.create(Flux.range(0, 10).transform(bridge.bounded(i -> (Mono<Integer>) null, 2)))
        .expectError(NullPointerException.class)
        .verify(WAIT);
  }

  @Test
  void onErrorContinueSkipsTheFailedItemsAndGoesOn() {
    List<Object> skipped = new CopyOnWriteArrayList<>();
    StepVerifier.create(Flux.range(0, 10)
            .transform(bridge.bounded(i -> {
              if (i == 3) {
                throw new IllegalArgumentException("bad mapping");
              }
              return i == 6 ? Mono.<Integer>error(new IllegalStateException("bad body"))
                  : Mono.just(i);
            }, 2))
            .onErrorContinue((e, item) -> skipped.add(e.getMessage())))
        .expectNext(0, 1, 2, 4, 5, 7, 8, 9)
        .expectComplete()
        .verify(WAIT);
    assertEquals(List.of("bad mapping", "bad body"), skipped);
  }

  @Test
  void cancellingCancelsTheInnersInFlightAndDiscardsWaitingValues() {
    AtomicInteger cancelledInners = new AtomicInteger();
    List<Object> discarded = new CopyOnWriteArrayList<>();
    BaseSubscriber<Integer> noDemand = new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(Subscription subscription) {
        // requests nothing: the two values that arrive wait for demand
      }
    };
    Flux.range(0, 100)
        .transform(bridge.bounded(i -> i < 2 ? Mono.just(i)
            : Mono.<Integer>never().doOnCancel(cancelledInners::incrementAndGet), 4))
        .doOnDiscard(Integer.class, discarded::add)
        .subscribe(noDemand);
    assertEquals(0, cancelledInners.get());
    noDemand.dispose();
    assertEquals(2, cancelledInners.get(), "the two never-ending inners were not cancelled");
    assertEquals(List.of(0, 1), discarded, "values waiting for demand were not discarded");
  }

  @Test
  void behavioursThroughTheOperatorFromTwoWorkersKeepTheTotal() throws Exception {
    Cown<long[]> a = Cown.of(new long[] {10_000});
    Cown<long[]> b = Cown.of(new long[] {10_000});
    StepVerifier.create(Flux.range(0, 20_000)
            .transform(bridge.bounded(i -> i % 2 == 0
                ? bridge.mono(a, b, (x, y) -> {
                  x.get()[0]--;
                  y.get()[0]++;
                  return i;
                })
                : bridge.mono(b, y -> {
                  y.get()[0]--;
                  return null; // completes empty: nothing emitted, the slot is freed all the same
                }), 64))
            .count())
        .expectNext(10_000L)
        .expectComplete()
        .verify(WAIT.multipliedBy(3));
    long left = BridgeTestSupport.await(boc.when(a, x -> x.get()[0]));
    long right = BridgeTestSupport.await(boc.when(b, y -> y.get()[0]));
    assertEquals(0L, left);
    assertEquals(10_000L, right);
  }
}
