package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static io.boc4j.reactor.BridgeTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.ResultCown;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** SPEC 7, Reactor bridge: cancellation never corrupts order (X03, R14, F20). */
@ExtendWith(NoBlockingCalls.class)
@Timeout(60)
class CancellationTest extends BridgeTestBase {

  @Test
  void x03_cancelBeforeTheBodyStartsSkipsItButTheBehaviourStillTakesItsTurn() throws Exception {
    Cown<List<String>> log = Cown.of(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    boc.when(log, l -> {
      gate.await(); // everything below queues behind this
      return l.get().add("first");
    });
    AtomicBoolean signalled = new AtomicBoolean();
    Disposable cancelled = bridge.mono(log, l -> l.get().add("cancelled"))
        .subscribe(v -> signalled.set(true), e -> signalled.set(true), () -> signalled.set(true));
    ResultCown<List<String>> after = boc.when(log, l -> {
      l.get().add("after");
      return List.copyOf(l.get());
    });
    long failedBefore = boc.stats().failed();

    cancelled.dispose();
    gate.countDown();

    assertEquals(List.of("first", "after"), await(after));
    boc.quiesce(WAIT);
    assertEquals(3, boc.stats().scheduled(), "the cancelled behaviour was not scheduled");
    assertEquals(failedBefore + 1, boc.stats().failed(),
        "the skipped body should leave a CancellationException on its result cown");
    assertFalse(signalled.get(), "a cancelled subscriber was signalled");
  }

  @Test
  void x03_cancelAfterTheBodyStartedLetsItFinishAndDiscardsTheValue() throws Exception {
    Cown<Integer> c = Cown.of(0);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    List<Object> discarded = new ArrayList<>();
    CountDownLatch discardedLatch = new CountDownLatch(1);

    StepVerifier.create(bridge.mono(c, x -> {
              started.countDown();
              finish.await();
              interrupted.set(Thread.currentThread().isInterrupted());
              x.set(99);
              return 99;
            })
            .doOnDiscard(Integer.class, v -> {
              discarded.add(v);
              discardedLatch.countDown();
            }))
        .then(() -> {
          try {
            BridgeTestSupport.await(started);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        })
        .thenCancel()
        .verify(WAIT);
    finish.countDown();

    BridgeTestSupport.await(discardedLatch);
    assertEquals(List.of(99), discarded);
    assertEquals(Integer.valueOf(99), await(boc.when(c, Cown::get)), "the body did not finish");
    assertFalse(interrupted.get(), "the body was interrupted");
  }

  @Test
  void x03_cancelWhileWaitingForCapacitySchedulesNothing() throws Exception {
    Boc small = Boc.builder().workers(2).backPressureLimit(2).build();
    try {
      BocReactor smallBridge = BocReactor.of(small);
      CountDownLatch release = new CountDownLatch(1);
      BridgeTestSupport.holdAtLimit(small, 2, release);
      AtomicInteger ran = new AtomicInteger();
      Disposable waiting = smallBridge.mono(Cown.of(0), x -> ran.incrementAndGet()).subscribe();
      assertEquals(2, small.stats().scheduled(), "admitted over the limit");
      waiting.dispose();
      release.countDown();
      small.quiesce(WAIT);
      // the admission queue drains once capacity returns: the cancelled entry is dropped unscheduled
      StepVerifier.create(smallBridge.mono(Cown.of(0), x -> 1)).expectNext(1).expectComplete()
          .verify(WAIT);
      small.quiesce(WAIT);
      assertEquals(0, ran.get());
      // Had it been scheduled after its cancel, its skipped body would count as failed.
      assertEquals(0, small.stats().failed(), "the cancelled subscription was scheduled");
    } finally {
      small.close();
    }
  }

  /**
   * F20: 1,000 Mono-form transfers over 8 accounts, scheduled in order behind a gate; a random third
   * are cancelled while they wait, and another random fifth at random moments while they run. The
   * bank total is kept, every account applied its transfers in scheduling order, and exactly the
   * transfers whose body ran were applied.
   */
  @Test
  void f20_thousandTransfersWithRandomCancellationsKeepOrderAndTheTotal() throws Exception {
    long seed = System.nanoTime();
    System.out.println("f20 seed: " + seed);
    Random random = new Random(seed);
    int accounts = 8;
    int transfers = 1000;
    List<Cown<Account>> bank = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      bank.add(Cown.of(new Account(1000)));
    }
    CountDownLatch gate = new CountDownLatch(1);
    boc.when(Cown.group(bank), all -> {
      gate.await();
      return null;
    });

    Set<Integer> emitted = ConcurrentHashMap.newKeySet();
    List<Disposable> subscriptions = new ArrayList<>();
    for (int i = 0; i < transfers; i++) {
      int id = i;
      int from = random.nextInt(accounts);
      int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
      int amount = 1 + random.nextInt(50);
      subscriptions.add(bridge.mono(bank.get(from), bank.get(to), (f, t) -> {
        f.get().apply(id, -amount);
        t.get().apply(id, amount);
        return id;
      }).subscribe(emitted::add));
    }
    Set<Integer> cancelledEarly = new java.util.HashSet<>();
    for (int i = 0; i < transfers; i++) {
      if (random.nextInt(3) == 0) {
        subscriptions.get(i).dispose();
        cancelledEarly.add(i);
      }
    }
    List<Integer> cancelLater = new ArrayList<>();
    for (int i = 0; i < transfers; i++) {
      if (!cancelledEarly.contains(i) && random.nextInt(5) == 0) {
        cancelLater.add(i);
      }
    }
    gate.countDown();
    for (int i : cancelLater) { // races the runs: some bodies start first, some are skipped
      subscriptions.get(i).dispose();
    }
    boc.quiesce(WAIT);

    List<List<Integer>> logs = await(boc.whenAll(bank, all -> {
      List<List<Integer>> out = new ArrayList<>();
      long total = 0;
      for (Object o : all) {
        @SuppressWarnings("unchecked")
        Account a = ((Cown<Account>) o).get();
        total += a.balance;
        out.add(List.copyOf(a.applied));
      }
      assertEquals(accounts * 1000L, total, "the bank total changed");
      return out;
    }));
    Set<Integer> applied = new java.util.HashSet<>();
    for (List<Integer> log : logs) {
      for (int k = 1; k < log.size(); k++) {
        assertTrue(log.get(k - 1) < log.get(k), "per-account order broken: " + log);
      }
      applied.addAll(log);
    }
    for (int i : cancelledEarly) {
      assertFalse(applied.contains(i), "transfer " + i + " ran although cancelled before it started");
    }
    for (int i = 0; i < transfers; i++) {
      if (!cancelledEarly.contains(i) && !cancelLater.contains(i)) {
        assertTrue(applied.contains(i), "transfer " + i + " never ran");
        assertTrue(emitted.contains(i), "transfer " + i + " ran but its value was not emitted");
      }
    }
    assertTrue(applied.containsAll(emitted));
    assertEquals(transfers + 2, boc.stats().scheduled(), // with the gate and the final read
        "a transfer cancelled after it was scheduled must still take its turn");
    assertEquals(transfers - applied.size(), boc.stats().failed(),
        "every skipped body leaves a CancellationException on its result cown");
  }

  /** A bank account: its balance and the ids of the transfers it applied, in order. */
  static final class Account {
    long balance;
    final List<Integer> applied = new ArrayList<>();

    Account(long balance) {
      this.balance = balance;
    }

    void apply(int transfer, long delta) {
      balance += delta;
      applied.add(transfer);
    }
  }
}
