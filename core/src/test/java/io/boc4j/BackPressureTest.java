package io.boc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SPEC §4, back-pressure: bounded memory when producers run ahead; order and liveness kept. */
class BackPressureTest extends BocTestSupport {

  /** Upper bound of the over-count of {@link Boc#inFlight()}: unflushed completions per worker. */
  private static final long FLUSH_SLACK_PER_WORKER = 1024;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void plainThreadProducerOutrunningConsumersStaysWithinTheLimit() throws Exception {
    long limit = 500;
    boc = Boc.builder().workers(2).backPressureLimit(limit).build();
    List<Cown<long[]>> sinks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sinks.add(Cown.of(new long[1]));
    }
    int n = 20_000;
    long maxSeen = 0;
    for (int i = 0; i < n; i++) {
      // Each body costs ~20 µs; scheduling one costs well under 0.2 µs: the producer is >100x faster.
      boc.run(sinks.get(i % 4), s -> {
        spinMicros(20);
        s.get()[0]++;
      });
      maxSeen = Math.max(maxSeen, boc.stats().inFlight());
    }
    boc.quiesce(Duration.ofSeconds(30));
    long total = 0;
    for (Cown<long[]> s : sinks) {
      total += read(s)[0];
    }
    assertEquals(n, total, "every behaviour ran exactly once");
    // The producer only schedules after seeing fewer than `limit` in flight; bodies schedule nothing.
    assertTrue(maxSeen <= limit, "in flight reached " + maxSeen + " with limit " + limit);
    assertTrue(boc.stats().backPressure().producerWaits() > 0, "the producer was held back");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void selfReschedulingProducerIsMutedAndConsumerOrderIsKept() throws Exception {
    long limit = 2_000;
    int workers = 2;
    boc = Boc.builder().workers(workers).backPressureLimit(limit).build();
    int steps = 100_000;
    Cown<int[]> producer = Cown.of(new int[1]);
    Cown<List<Integer>> consumer = Cown.of(new ArrayList<>());
    AtomicLong maxInFlight = new AtomicLong();
    // The first consumer step waits at a gate, so the consumers cannot keep pace whatever the
    // machine's load: the producer must run over the limit and be muted before the gate opens.
    CountDownLatch consumersGate = new CountDownLatch(1);
    produce(producer, consumer, steps, maxInFlight, consumersGate);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (boc.stats().backPressure().mutes() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    consumersGate.countDown();
    boc.quiesce(Duration.ofSeconds(60));

    try (Held<List<Integer>> h = boc.acquire(consumer)) {
      List<Integer> seen = h.get();
      assertEquals(steps, seen.size(), "every consumer step ran exactly once");
      for (int i = 0; i < steps; i++) {
        assertEquals(i, seen.get(i), "consumer steps run in scheduling order");
      }
    }
    long slack = FLUSH_SLACK_PER_WORKER * workers + 16;
    assertTrue(maxInFlight.get() <= limit + slack,
        "in flight reached " + maxInFlight.get() + " with limit " + limit + " (+" + slack + ")");
    assertTrue(boc.stats().backPressure().mutes() > 0, "the producer was muted");
  }

  /** A producer step: one consumer behaviour and the next producer step (it amplifies). */
  private void produce(Cown<int[]> producer, Cown<List<Integer>> consumer, int steps,
      AtomicLong maxInFlight, CountDownLatch consumersGate) {
    boc.run(producer, p -> {
      int i = p.get()[0]++;
      maxInFlight.accumulateAndGet(boc.stats().inFlight(), Math::max);
      boc.run(consumer, c -> {
        if (i == 0) {
          awaitLatch(consumersGate);
        }
        spinMicros(2);
        c.get().add(i);
      });
      if (i + 1 < steps) {
        produce(producer, consumer, steps, maxInFlight, consumersGate);
      }
    });
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void cownsThatScheduleOntoEachOtherInACycleAllFinish() throws Exception {
    boc = Boc.builder().workers(2).backPressureLimit(64).build();
    // A ring of 4 cowns; a behaviour on ring[i] schedules onto ring[i+1] and ring[i+2]: every cown is
    // both a producer and a target of producers, so muted producers feed muted producers.
    List<Cown<long[]>> ring = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ring.add(Cown.of(new long[1]));
    }
    AtomicInteger budget = new AtomicInteger(50_000);
    AtomicInteger ran = new AtomicInteger();
    bounce(ring, 0, budget, ran);
    boc.quiesce(Duration.ofSeconds(60));
    long total = 0;
    for (Cown<long[]> c : ring) {
      total += read(c)[0];
    }
    assertEquals(50_000, ran.get(), "one initial behaviour plus one per budget unit above zero");
    assertEquals(ran.get(), total, "each behaviour counted exactly once on its cown");
    assertTrue(boc.stats().backPressure().mutes() > 0, "producers were muted on the way");
  }

  private void bounce(List<Cown<long[]>> ring, int i, AtomicInteger budget, AtomicInteger ran) {
    boc.run(ring.get(i), c -> {
      c.get()[0]++;
      ran.incrementAndGet();
      if (budget.decrementAndGet() > 0) {
        bounce(ring, (i + 1) % ring.size(), budget, ran);
      }
      if (budget.decrementAndGet() > 0) {
        bounce(ring, (i + 2) % ring.size(), budget, ran);
      }
    });
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutedProducerResumesWhileOtherWorkKeepsWorkersBusy() throws Exception {
    boc = Boc.builder().workers(2).backPressureLimit(100).build();
    // 400 endless-looking chains (each schedules exactly one successor) keep the load above the
    // limit and the workers busy until the producer has finished; the producer must still progress.
    AtomicInteger producerSteps = new AtomicInteger();
    int steps = 200;
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Cown<int[]> producer = Cown.of(new int[1]);
    Cown<int[]> sink = Cown.of(new int[1]);
    boc.run(() -> { // seeded from a body: bodies are never held back, plain threads would be
      for (int i = 0; i < 400; i++) {
        chain(Cown.of(0), stop);
      }
      amplify(producer, sink, steps, producerSteps, stop);
    });
    boc.quiesce(Duration.ofSeconds(60));
    assertEquals(steps, producerSteps.get());
  }

  private void chain(Cown<Integer> c, java.util.concurrent.atomic.AtomicBoolean stop) {
    boc.run(c, x -> {
      x.set(x.get() + 1);
      if (!stop.get()) {
        chain(c, stop);
      }
    });
  }

  private void amplify(Cown<int[]> producer, Cown<int[]> sink, int steps, AtomicInteger done,
      java.util.concurrent.atomic.AtomicBoolean stop) {
    boc.run(producer, p -> {
      boc.run(sink, s -> s.get()[0]++);
      if (done.incrementAndGet() < steps) {
        amplify(producer, sink, steps, done, stop);
      } else {
        stop.set(true);
      }
    });
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void producerHeldPastItsTimeoutFailsClearlyAndSchedulesNothing() throws Exception {
    boc = Boc.builder().workers(1).backPressureLimit(8)
        .producerTimeout(Duration.ofMillis(200)).build();
    Cown<Integer> blocked = Cown.of(0);
    try (Held<Integer> held = boc.acquire(blocked)) {
      // Everything queues behind the cown this thread holds, so the load cannot fall.
      for (int i = 0; i < 7; i++) {
        boc.run(blocked, c -> c.set(c.get() + 1));
      }
      long before = boc.stats().inFlight();
      RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
          () -> boc.run(blocked, c -> c.set(c.get() + 1)));
      assertTrue(e.getMessage().contains("back-pressure"), e.getMessage());
      assertTrue(e.getMessage().contains("limit 8"), e.getMessage());
      assertEquals(before, boc.stats().inFlight(), "the rejected when scheduled nothing");
    }
    boc.quiesce(Duration.ofSeconds(10));
    try (Held<Integer> h = boc.acquire(blocked)) {
      assertEquals(7, h.get());
    }
  }

  /**
   * The mute decision asks whether the body exported work: muting a body whose children all wait for
   * one of its own cowns would only delay them. One worker, so the count the decision reads is the
   * body's own fan-out.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void bodyWhoseChildrenAllNeedItsCownIsNotMutedButOneThatExportsWorkIs() throws Exception {
    boc = Boc.builder().workers(1).backPressureLimit(8).build();
    Cown<long[]> own = Cown.of(new long[1]);
    Cown<long[]> other = Cown.of(new long[1]);
    AtomicInteger ran = new AtomicInteger();
    boc.run(own, o -> {
      for (int i = 0; i < 20; i++) {
        boc.run(own, other, (x, y) -> ran.incrementAndGet()); // each needs `own`: nothing exported
      }
    });
    boc.quiesce(Duration.ofSeconds(10));
    assertEquals(20, ran.get());
    assertEquals(0, boc.stats().backPressure().mutes(), "a fan-out over its own cown was muted");

    boc.run(own, o -> {
      boc.run(own, x -> ran.incrementAndGet()); // the first child overlaps, the second does not
      for (int i = 0; i < 20; i++) {
        boc.run(other, y -> ran.incrementAndGet());
      }
    });
    boc.quiesce(Duration.ofSeconds(10));
    assertEquals(41, ran.get());
    assertEquals(1, boc.stats().backPressure().mutes(), "a body over the limit that exported work");
  }

  @Test
  void limitsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> Boc.builder().backPressureLimit(1));
    assertThrows(IllegalArgumentException.class, () -> Boc.builder().producerTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> Boc.builder().producerTimeout(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> Boc.builder().producerTimeout(null));
  }
}
