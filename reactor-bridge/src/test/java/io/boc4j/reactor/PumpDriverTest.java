package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static io.boc4j.reactor.BridgeTestSupport.await;
import static io.boc4j.reactor.BridgeTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.PinnedCown;
import io.boc4j.PumpLimits;
import io.boc4j.PumpResult;
import io.boc4j.PumpStarvationException;
import io.boc4j.ResultCown;
import io.boc4j.StarvationHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** SPEC 5 and 7: the pump driver on a Reactor scheduler (X06, P34). */
@ExtendWith(NoBlockingCalls.class)
@Timeout(60)
class PumpDriverTest {

  private static final Duration PERIOD = Duration.ofMillis(10);

  private Boc boc;
  private BocReactor bridge;
  private final List<PumpDriver> drivers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    boc = BridgeTestSupport.runtime(2);
    bridge = BocReactor.of(boc);
  }

  @AfterEach
  void tearDown() {
    drivers.forEach(PumpDriver::dispose);
    boc.close();
  }

  private PumpDriver started(PumpDriver.Builder b) {
    PumpDriver d = b.start();
    drivers.add(d);
    return d;
  }

  /** Pumps on the virtual-time scheduler: the thread advancing virtual time is the main thread. */
  private PumpDriver virtualDriver(VirtualTimeScheduler vts) {
    return started(bridge.pumpDriver(PERIOD).on(vts).ticksOn(vts));
  }

  private static <T> T poll(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(t != null, "nothing arrived in time");
    return t;
  }

  @Test
  void x06_ticksAtItsPeriodAndEmitsEveryPumpResult() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    // No per-tick budget: the default one is half the period of real time, and on a loaded machine
    // three first-time bodies can outlast 5 ms and split the pump over two ticks.
    PumpDriver driver = started(bridge.pumpDriver(PERIOD).on(vts).ticksOn(vts)
        .perTick(PumpLimits.NONE));
    List<PumpResult> results = new CopyOnWriteArrayList<>();
    driver.results().subscribe(results::add);
    assertEquals(Optional.of(Thread.currentThread()), boc.mainThread().thread(),
        "the driver did not bind its scheduler's thread");

    PinnedCown<List<Integer>> pinned = PinnedCown.of(new ArrayList<>());
    for (int i = 0; i < 3; i++) {
      int n = i;
      boc.when(pinned, p -> p.get().add(n));
    }
    vts.advanceTimeBy(PERIOD.minusMillis(1));
    assertEquals(List.of(), results, "ticked before its period");
    vts.advanceTimeBy(Duration.ofMillis(1));
    assertEquals(List.of(new PumpResult(3, false, 0)), results);
    vts.advanceTimeBy(PERIOD.multipliedBy(3));
    assertEquals(4, results.size());
    assertEquals(PumpResult.EMPTY, results.get(3));
    assertEquals(0, driver.droppedTicks());
  }

  @Test
  void x06_ticksThatWouldOverlapAPumpAreDroppedNeverQueued() throws Exception {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    PumpDriver driver = started(bridge.pumpDriver(PERIOD).ticksOn(vts)); // pumps on its own thread
    BlockingQueue<PumpResult> results = new LinkedBlockingQueue<>();
    driver.results().subscribe(results::add);
    CountDownLatch inBody = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PinnedCown<Integer> pinned = PinnedCown.of(0);
    boc.when(pinned, p -> {
      inBody.countDown();
      release.await(); // a long pinned body: the pump outlasts five periods
      return null;
    });

    vts.advanceTimeBy(PERIOD);
    BridgeTestSupport.await(inBody);
    vts.advanceTimeBy(PERIOD.multipliedBy(5));
    assertEquals(5, driver.droppedTicks());

    release.countDown();
    assertEquals(new PumpResult(1, false, 0), poll(results));
    vts.advanceTimeBy(PERIOD);
    assertEquals(PumpResult.EMPTY, poll(results));
    driver.dispose();
    List<PumpResult> rest = new ArrayList<>();
    StepVerifier.create(driver.results()).expectComplete().verify(WAIT);
    results.drainTo(rest);
    assertEquals(List.of(), rest, "a dropped tick was queued and pumped later");
  }

  @Test
  void x06_disposeStopsTheTicksAndReleasesTheBinding() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    PumpDriver driver = virtualDriver(vts);
    List<PumpResult> results = new CopyOnWriteArrayList<>();
    AtomicReference<String> end = new AtomicReference<>();
    driver.results().subscribe(results::add, e -> end.set("error " + e), () -> end.set("complete"));
    vts.advanceTimeBy(PERIOD.multipliedBy(2));
    assertEquals(2, results.size());

    driver.dispose();
    vts.advanceTimeBy(PERIOD.multipliedBy(5));
    assertEquals("complete", end.get());
    assertEquals(2, results.size(), "ticked after dispose");
    assertTrue(driver.isDisposed());
    assertEquals(Optional.empty(), boc.mainThread().thread(), "the binding was not released");
    boc.mainThread().bind(); // another thread may now become the main thread
    boc.mainThread().release();
  }

  @Test
  void p34_theDefaultSchedulerThreadBecomesTheMainThreadAndRunsPinnedBodies() throws Exception {
    PumpDriver driver = started(bridge.pumpDriver(Duration.ofMillis(2)));
    PinnedCown<String> window = PinnedCown.of("window");
    AtomicReference<Thread> signalThread = new AtomicReference<>();
    StepVerifier.create(bridge.mono(window, w -> Thread.currentThread())
            .doOnNext(t -> signalThread.set(Thread.currentThread())))
        .assertNext(t -> assertTrue(t.getName().startsWith("boc4j-pump-" + boc.name()), t.getName()))
        .expectComplete()
        .verify(WAIT);
    Thread main = boc.mainThread().thread().orElseThrow();
    assertSame(main, signalThread.get(), "a pinned body's signal is not on the main thread");
    assertFalse(driver.isDisposed());
  }

  @Test
  void x06_aPumpFromAnotherThreadIsRejectedWhileTheDriverIsBound() {
    started(bridge.pumpDriver(Duration.ofMillis(2)));
    eventually("the driver bound its thread", () -> boc.mainThread().thread().isPresent());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> boc.mainThread().pump());
    assertTrue(e.getMessage().contains("main thread"), e.getMessage());
  }

  @Test
  void x06_aDriverWhoseThreadCannotBindStopsWithTheReason() {
    boc.mainThread().bind(); // this thread is the main thread already
    try {
      PumpDriver driver = started(bridge.pumpDriver(Duration.ofMillis(2)));
      StepVerifier.create(driver.results())
          .expectErrorSatisfies(e -> {
            assertTrue(e instanceof IllegalStateException, String.valueOf(e));
            assertTrue(e.getMessage().contains("main thread"), e.getMessage());
          })
          .verify(WAIT);
      assertTrue(driver.isDisposed());
      assertEquals(Optional.of(Thread.currentThread()), boc.mainThread().thread());
    } finally {
      boc.mainThread().release();
    }
  }

  @Test
  void x06_theDriverSurvivesThreeWaitAllRestartCycles() throws Exception {
    PumpDriver driver = started(bridge.pumpDriver(Duration.ofMillis(2)));
    eventually("the driver bound its thread", () -> boc.mainThread().thread().isPresent());
    Thread main = boc.mainThread().thread().orElseThrow();
    PinnedCown<List<String>> pinned = PinnedCown.of(new ArrayList<>());

    for (int cycle = 0; cycle < 3; cycle++) {
      String name = "cycle-" + cycle;
      StepVerifier.create(bridge.mono(pinned, p -> {
            p.get().add(name);
            return Thread.currentThread();
          }))
          .expectNext(main)
          .expectComplete()
          .verify(WAIT);
      ResultCown<Thread> queued = boc.when(pinned, p -> Thread.currentThread());
      boc.waitAll(WAIT); // from this thread, which only waits: the driver pumps
      assertSame(main, queued.unwrap());
      assertFalse(boc.isRunning(), "waitAll did not tear the runtime down");
      assertEquals(Optional.of(main), boc.mainThread().thread(), "the binding did not survive");
      assertFalse(driver.isDisposed());
    }
    // Still ticking: three idle ticks follow. (The first result seen may still be the tick that ran
    // the last cycle's behaviour: waitAll can return before that tick has reported.)
    StepVerifier.create(driver.results().filter(PumpResult.EMPTY::equals).take(3))
        .expectNextCount(3).expectComplete().verify(WAIT);
    assertEquals(List.of("cycle-0", "cycle-1", "cycle-2"),
        await(boc.when(pinned, p -> List.copyOf(p.get()))));
  }

  @Test
  void x06_aFailedPumpIsReportedAndTheDriverGoesOn() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    PumpDriver driver = started(bridge.pumpDriver(PERIOD).on(vts).ticksOn(vts)
        .perTick(PumpLimits.NONE.raisingOnError()));
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<PumpResult> results = new CopyOnWriteArrayList<>();
    driver.failures().subscribe(failures::add);
    driver.results().subscribe(results::add);
    PinnedCown<Integer> pinned = PinnedCown.of(0);
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    boc.when(pinned, p -> {
      throw boom;
    });

    vts.advanceTimeBy(PERIOD);
    assertEquals(List.of(boom), failures);
    boc.when(pinned, p -> 1);
    vts.advanceTimeBy(PERIOD);
    assertEquals(List.of(new PumpResult(1, false, 0)), results);
    assertFalse(driver.isDisposed());
  }

  @Test
  void x06_aStarvationRaiseIsReportedOnFailuresAndTheNextTickPumps() throws Exception {
    CountDownLatch raised = new CountDownLatch(1);
    boc.mainThread().setPumpWatchdog(Duration.ofMillis(20), Duration.ofMillis(40), (severity, m) -> {
      if (severity == StarvationHandler.Severity.ERROR) {
        raised.countDown();
      }
    });
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    PumpDriver driver = virtualDriver(vts);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<PumpResult> results = new CopyOnWriteArrayList<>();
    driver.failures().subscribe(failures::add);
    driver.results().subscribe(results::add);
    PinnedCown<Integer> pinned = PinnedCown.of(0);
    boc.when(pinned, p -> 1); // virtual time stands still: nobody pumps, the queue starves

    BridgeTestSupport.await(raised);
    vts.advanceTimeBy(PERIOD);
    assertEquals(1, failures.size());
    assertTrue(failures.get(0) instanceof PumpStarvationException, String.valueOf(failures));
    vts.advanceTimeBy(PERIOD);
    assertEquals(List.of(new PumpResult(1, false, 0)), results);
    assertFalse(driver.isDisposed());
  }

  @Test
  void x06_withStopOnErrorAFailedPumpStopsTheDriverAndReleasesTheBinding() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    PumpDriver driver = started(bridge.pumpDriver(PERIOD).on(vts).ticksOn(vts)
        .perTick(PumpLimits.NONE.raisingOnError()).stopOnError(true));
    AtomicReference<Throwable> error = new AtomicReference<>();
    driver.results().subscribe(r -> { }, error::set);
    PinnedCown<Integer> pinned = PinnedCown.of(0);
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    boc.when(pinned, p -> {
      throw boom;
    });

    vts.advanceTimeBy(PERIOD);
    assertSame(boom, error.get());
    assertTrue(driver.isDisposed());
    assertEquals(Optional.empty(), boc.mainThread().thread());
  }

  @Test
  void x06_closingTheRuntimeStopsTheDriver() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    PumpDriver driver = virtualDriver(vts);
    AtomicReference<Throwable> error = new AtomicReference<>();
    driver.results().subscribe(r -> { }, error::set);
    boc.close();
    vts.advanceTimeBy(PERIOD);
    assertTrue(error.get() instanceof IllegalStateException, String.valueOf(error.get()));
    assertTrue(driver.isDisposed());
  }

  @Test
  void pumpDriverRejectsABadPeriod() {
    assertThrows(IllegalArgumentException.class, () -> bridge.pumpDriver(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> bridge.pumpDriver(null));
  }
}
