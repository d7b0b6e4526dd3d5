package io.boc4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Held;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link BocSchedules} runs a test once per seed with a deterministic runtime, finds the seeds
 * under which a racy check-then-act overdraws, names them with a replay line, and replays one.
 */
@Timeout(60)
class BocSchedulesTest {

  /** A small user program with a check-then-act race across two behaviours. */
  static int overdraw(Boc boc) throws Exception {
    Cown<Integer> account = Cown.of(100);
    for (int client = 0; client < 2; client++) {
      boc.run(Cown.of(client), s -> boc.run(account, a -> {
        boolean enough = a.get() >= 80;
        boc.run(account, b -> {
          if (enough) {
            b.set(b.get() - 80);
          }
        });
      }));
    }
    boc.quiesce(Duration.ofSeconds(5));
    try (Held<Integer> h = boc.acquire(account)) {
      return h.get();
    }
  }

  /** The user's test: a balance never goes negative. Run by the test kit, not directly. */
  static class RacyBankScenario {
    static final List<Long> SEEDS = new CopyOnWriteArrayList<>();

    @BocSchedules(seeds = 20)
    void balanceNeverNegative(Boc boc, @BocSeed long seed) throws Exception {
      SEEDS.add(seed);
      int balance = overdraw(boc);
      if (balance < 0) {
        throw new AssertionError("overdrawn to " + balance);
      }
    }
  }

  /** The same test replaying one seed. */
  static class ReplayScenario {
    static final List<Integer> BALANCES = new CopyOnWriteArrayList<>();

    @BocSchedules(replay = 3L)
    void replayed(Boc boc) throws Exception {
      BALANCES.add(overdraw(boc));
    }
  }

  /** A test whose runtime is configured by a builder factory. */
  static class BuilderScenario {
    static final List<String> NAMES = new CopyOnWriteArrayList<>();

    static Boc.Builder runtime() {
      return Boc.builder().name("under-test");
    }

    @BocSchedules(seeds = 2, builder = "runtime")
    void named(Boc boc) {
      NAMES.add(boc.name());
    }
  }

  @Test
  void runsOncePerSeed_namesEveryFailingSeedWithItsReplayLine() {
    RacyBankScenario.SEEDS.clear();
    Events tests = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(RacyBankScenario.class))
        .execute()
        .testEvents();
    List<Long> expected = new ArrayList<>();
    for (long s = 1; s <= 20; s++) {
      expected.add(s);
    }
    assertEquals(expected, RacyBankScenario.SEEDS, "one run per seed, in order");
    long failed = tests.failed().count();
    assertTrue(failed > 0 && failed < 20, "only some schedules expose the race: " + failed);
    for (Event e : tests.failed().list()) {
      Throwable t = e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
          .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
      String m = t.getMessage();
      assertTrue(m.contains("failed under schedule seed"), m);
      assertTrue(m.contains("@BocSchedules(replay = "), m);
      assertTrue(m.contains("overdrawn to -60"), m);
    }
  }

  @Test
  void aReplayRunsTheOneSeedAndReproducesItsInterleaving() {
    ReplayScenario.BALANCES.clear();
    for (int i = 0; i < 3; i++) {
      EngineTestKit.engine("junit-jupiter").selectors(selectClass(ReplayScenario.class)).execute()
          .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }
    assertEquals(3, ReplayScenario.BALANCES.size());
    assertEquals(1, ReplayScenario.BALANCES.stream().distinct().count(),
        "the same seed gives the same outcome: " + ReplayScenario.BALANCES);
  }

  @Test
  void aBuilderFactoryConfiguresEachRunsRuntime() {
    BuilderScenario.NAMES.clear();
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(BuilderScenario.class)).execute()
        .testEvents().assertStatistics(s -> s.succeeded(2));
    assertEquals(List.of("under-test", "under-test"), BuilderScenario.NAMES);
  }
}
