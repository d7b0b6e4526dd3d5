package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static io.boc4j.reactor.BridgeTestSupport.await;
import static io.boc4j.reactor.BridgeTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** SPEC 7, Reactor bridge: demand is back-pressure (X05), and the Flux transformers. */
@ExtendWith(NoBlockingCalls.class)
@Timeout(120)
class DemandTest extends BridgeTestBase {

  /**
   * Items through the bounded operator at CI size. X05 names a million: {@code
   * -Dboc4j.stress.scale=10} runs that (3 to 17 s on the shared 2-core machine, depending on the
   * other load there, so CI runs a tenth).
   */
  private static final int CI_ITEMS = 100_000;

  private static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));

  @Test
  void x05_tenThousandTransfersThroughFlatMapWithConcurrency64KeepTheTotal() throws Exception {
    long seed = System.nanoTime();
    System.out.println("x05 transfers seed: " + seed);
    Random random = new Random(seed);
    int accounts = 16;
    List<Cown<long[]>> bank = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      bank.add(Cown.of(new long[] {1000}));
    }
    int[][] pairs = new int[10_000][];
    for (int i = 0; i < pairs.length; i++) {
      int from = random.nextInt(accounts);
      pairs[i] = new int[] {from, (from + 1 + random.nextInt(accounts - 1)) % accounts};
    }

    StepVerifier.create(Flux.range(0, pairs.length)
            .flatMap(i -> bridge.mono(bank.get(pairs[i][0]), bank.get(pairs[i][1]), (f, t) -> {
              f.get()[0] -= 7;
              t.get()[0] += 7;
              return i;
            }), 64)
            .count())
        .expectNext((long) pairs.length)
        .expectComplete()
        .verify(WAIT.multipliedBy(3));
    long total = await(boc.whenAll(bank, all -> {
      long sum = 0;
      for (Object o : all) {
        sum += ((long[]) ((Cown<?>) o).get())[0];
      }
      return sum;
    }));
    assertEquals(accounts * 1000L, total);
  }

  /**
   * X05: items through the bounded operator never have more behaviours outstanding than its
   * concurrency, and the source runs at most that far ahead of the completed work. Trivial bodies
   * keep it quick; a million with {@code -Dboc4j.stress.scale=10}.
   */
  @Test
  @Tag("stress")
  @Timeout(600)
  void x05_aLongStreamThroughTheBoundedOperatorKeepsAtMostItsConcurrencyInFlight() {
    int items = CI_ITEMS * SCALE;
    int concurrency = 32;
    List<Cown<long[]>> cowns = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      cowns.add(Cown.of(new long[1]));
    }
    AtomicLong emittedBySource = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    AtomicInteger outstanding = new AtomicInteger();
    AtomicInteger maxOutstanding = new AtomicInteger();
    AtomicLong maxAhead = new AtomicLong();

    Function<Flux<Integer>, Flux<Integer>> bounded = bridge.bounded(i -> {
      maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
      return bridge.mono(cowns.get(i & 63), c -> {
        c.get()[0]++;
        // observed inside the body: how far the source ran ahead of the finished work
        maxAhead.accumulateAndGet(emittedBySource.get() - completed.get(), Math::max);
        return i;
      }).doOnTerminate(() -> { // before the operator hears of it and pulls the next item
        outstanding.decrementAndGet();
        completed.incrementAndGet();
      });
    }, concurrency);

    long start = System.nanoTime();
    StepVerifier.create(Flux.range(0, items)
            .doOnNext(i -> emittedBySource.incrementAndGet())
            .transform(bounded)
            .count())
        .expectNext((long) items)
        .expectComplete()
        .verify(WAIT.multipliedBy(3L * SCALE));
    System.out.printf("x05: %,d items through bounded(%d) in %d ms%n", items, concurrency,
        (System.nanoTime() - start) / 1_000_000);

    assertTrue(maxOutstanding.get() <= concurrency,
        "more than " + concurrency + " behaviours outstanding: " + maxOutstanding.get());
    assertTrue(maxAhead.get() <= concurrency,
        "the source ran " + maxAhead.get() + " items ahead of the finished work");
  }

  @Test
  void x05_concurrencyIsCappedAtTheRuntimesBackPressureLimit() {
    Boc small = Boc.builder().workers(2).backPressureLimit(4).build();
    try {
      BocReactor smallBridge = BocReactor.of(small);
      Cown<Integer> c = Cown.of(0);
      AtomicInteger outstanding = new AtomicInteger();
      AtomicInteger max = new AtomicInteger();
      StepVerifier.create(Flux.range(0, 2000)
              .transform(smallBridge.bounded(i -> {
                max.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                return smallBridge.mono(c, x -> i).doOnTerminate(outstanding::decrementAndGet);
              }, 1000))
              .count())
          .expectNext(2000L)
          .expectComplete()
          .verify(WAIT);
      assertTrue(max.get() <= 4, "the limit of 4 was exceeded: " + max.get());
    } finally {
      small.close();
    }
  }

  @Test
  void x05_theSourceWaitsWhileTheRuntimeIsOverItsLimit() throws Exception {
    Boc small = Boc.builder().workers(2).backPressureLimit(4).build();
    try {
      BocReactor smallBridge = BocReactor.of(small);
      CountDownLatch release = new CountDownLatch(1);
      BridgeTestSupport.holdAtLimit(small, 4, release); // another producer's work
      AtomicLong pulled = new AtomicLong();
      AtomicInteger ran = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(1);
      Flux.range(0, 500)
          .doOnNext(i -> pulled.incrementAndGet())
          .transform(smallBridge.bounded(i -> smallBridge.mono(Cown.of(i), x -> ran.incrementAndGet()), 3))
          .subscribeOn(Schedulers.parallel())
          .doOnComplete(done::countDown)
          .subscribe();

      eventually("the operator pulled its first items", () -> pulled.get() == 3);
      assertEquals(3, pulled.get(), "the source ran ahead while nothing could be admitted");
      assertEquals(0, ran.get());
      assertEquals(4, small.stats().scheduled(), "admitted over the limit");

      release.countDown();
      BridgeTestSupport.await(done);
      assertEquals(500, ran.get());
    } finally {
      small.close();
    }
  }

  @Test
  void x05_perKeyProcessesItemsSharingACownInSourceOrderEvenUnderBackPressure() throws Exception {
    Boc small = Boc.builder().workers(2).backPressureLimit(8).build();
    try {
      BocReactor smallBridge = BocReactor.of(small);
      List<Cown<List<Integer>>> keys = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        keys.add(Cown.of(new ArrayList<>()));
      }
      // A concurrent plain producer keeps pushing the runtime over its limit, so bridge
      // subscriptions keep meeting refusals and waiting for capacity.
      AtomicInteger noise = new AtomicInteger();
      Thread producer = new Thread(() -> {
        Cown<Integer> other = Cown.of(0);
        for (int i = 0; i < 3000; i++) {
          small.run(other, x -> noise.incrementAndGet());
        }
      });
      producer.start();

      StepVerifier.create(Flux.range(0, 3000)
              .transform(smallBridge.perKey(i -> keys.get(i % 5), (i, log) -> {
                log.get().add(i);
                return i;
              }, 8))
              .count())
          .expectNext(3000L)
          .expectComplete()
          .verify(WAIT.multipliedBy(3));
      producer.join(WAIT.toMillis());

      for (Cown<List<Integer>> key : keys) {
        List<Integer> log = await(small.when(key, l -> List.copyOf(l.get())));
        assertEquals(600, log.size());
        for (int k = 1; k < log.size(); k++) {
          assertTrue(log.get(k - 1) < log.get(k), "items of one key out of order: " + log);
        }
      }
    } finally {
      small.close();
    }
  }

  @Test
  void perKeyEmitsNothingForNullResultsAndErrorsWhenTheKeyIsNull() {
    Cown<Integer> c = Cown.of(0);
    StepVerifier.create(Flux.range(0, 10)
            .transform(bridge.perKey(i -> c, (i, x) -> i % 2 == 0 ? i : null, 4))
            .collectList())
        .expectNextMatches(l -> l.size() == 5)
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(Flux.just(1).transform(bridge.perKey(i -> (Cown<Integer>) null, (i, x) -> i, 4)))
        .expectError(NullPointerException.class)
        .verify(WAIT);
  }

  @Test
  void transformersRejectBadArgumentsAtAssembly() {
    assertThrows(IllegalArgumentException.class, () -> bridge.bounded(i -> bridge.mono(() -> i), 0));
    assertThrows(NullPointerException.class, () -> bridge.bounded(null, 1));
    assertThrows(NullPointerException.class,
        () -> bridge.perKey(null, (Object i, Cown<Integer> x) -> i, 1));
  }
}
