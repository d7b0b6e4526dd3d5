package io.boc4j.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HungTestWatchdogTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final HungTestWatchdog watchdog = new HungTestWatchdog(reports::add);

  @Test
  void theLauncherFindsTheWatchdogOnTheClasspath() {
    assertTrue(ServiceLoader.load(TestExecutionListener.class).stream()
        .anyMatch(p -> p.type() == HungTestWatchdog.class));
  }

  @Test
  void aTestsBoundIsTwiceItsOwnTimeoutPlusTheMargin() {
    assertEquals(Duration.ofSeconds(2 * 5 + 60), boundOf(Fixtures.class, "ownTimeout"));
  }

  @Test
  void aTestWithoutItsOwnTimeoutTakesItsClasssOrAnEnclosingClasss() {
    assertEquals(Duration.ofSeconds(2 * 7 * 60 + 60), boundOf(Fixtures.class, "classTimeout"));
    assertEquals(Duration.ofSeconds(2 * 7 * 60 + 60),
        boundOf(Fixtures.Inner.class, "enclosingTimeout"));
  }

  @Test
  void aTestWithNoTimeoutAnywhereGetsTheDefaultBound() {
    assertEquals(HungTestWatchdog.DEFAULT_BOUND, boundOf(NoTimeout.class, "none"));
    assertEquals(HungTestWatchdog.DEFAULT_BOUND,
        HungTestWatchdog.bound(Optional.of(ClassSource.from(NoTimeout.class))));
    assertEquals(HungTestWatchdog.DEFAULT_BOUND, HungTestWatchdog.bound(Optional.empty()));
  }

  @Test
  void aTestStillRunningPastItsDeadlineIsReportedOnce() {
    watchdog.started("[t1]", "slow()", Duration.ofSeconds(10), 0);
    assertEquals(0, watchdog.check(10 * SECOND), "at the deadline itself");
    assertEquals(1, watchdog.check(10 * SECOND + 1));
    assertEquals(0, watchdog.check(20 * SECOND), "reported already");
    assertEquals(1, reports.size());
    assertTrue(reports.get(0).startsWith("HUNG TEST: \"slow()\""), reports.get(0));
  }

  @Test
  void aTestThatFinishesInTimeIsNeverReported() {
    watchdog.started("[t1]", "quick()", Duration.ofSeconds(10), 0);
    watchdog.started("[t2]", "other()", Duration.ofSeconds(30), 0);
    watchdog.finished("[t1]");
    assertEquals(0, watchdog.check(20 * SECOND));
    assertEquals(1, watchdog.check(31 * SECOND));
    assertTrue(reports.get(0).contains("\"other()\""), reports.get(0));
  }

  @Test
  void theReportShowsWhereASpinningThreadIs() throws InterruptedException {
    CountDownLatch spinning = new CountDownLatch(1);
    Spinner spinner = new Spinner(spinning);
    Thread t = new Thread(spinner, "the-spinner");
    t.start();
    try {
      assertTrue(spinning.await(10, TimeUnit.SECONDS));
      // The latch opens just before the loop, so a dump may still find the spinner in countDown:
      // dump again until it is caught in the loop, where it then stays.
      String frame = Spinner.class.getName() + ".spinUntilStopped";
      String report = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!report.contains(frame) && System.nanoTime() - deadline < 0) {
        report = HungTestWatchdog.report("spins()");
      }
      assertTrue(report.contains("\"the-spinner\" RUNNABLE"), report);
      assertTrue(report.contains(frame), report);
    } finally {
      spinner.stop = true;
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  private static Duration boundOf(Class<?> type, String method) {
    return HungTestWatchdog.bound(Optional.of(MethodSource.from(type.getName(), method)));
  }

  /** A thread that spins, as a request waiting for a grant that never comes does. */
  private static final class Spinner implements Runnable {
    private final CountDownLatch spinning;
    volatile boolean stop;

    Spinner(CountDownLatch spinning) {
      this.spinning = spinning;
    }

    @Override
    public void run() {
      spinning.countDown();
      spinUntilStopped();
    }

    private void spinUntilStopped() {
      while (!stop) {
        Thread.onSpinWait();
      }
    }
  }

  /** Test methods that are never run, only read for their timeouts. */
  @Timeout(value = 7, unit = TimeUnit.MINUTES)
  static class Fixtures {
    @Timeout(5)
    void ownTimeout() {}

    void classTimeout() {}

    @Nested
    class Inner {
      void enclosingTimeout() {}
    }
  }

  static class NoTimeout {
    void none() {}
  }
}
