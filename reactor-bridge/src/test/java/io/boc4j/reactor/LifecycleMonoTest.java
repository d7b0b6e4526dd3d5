package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Cown;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** SPEC 4 and 7: quiesce and waitAll as Monos that never block the subscriber (L25). */
@ExtendWith(NoBlockingCalls.class)
@Timeout(30)
class LifecycleMonoTest extends BridgeTestBase {

  @Test
  void l25_quiesceEmitsTheWaitResultAndKeepsTheRuntimeRunning() {
    Cown<Integer> c = Cown.of(0);
    for (int i = 0; i < 100; i++) {
      boc.run(c, x -> x.set(x.get() + 1));
    }
    boc.noticeboard().seed("answer", 42);
    StepVerifier.create(bridge.quiesce(WAIT))
        .assertNext(r -> {
          assertEquals(2, r.stats().size());
          assertEquals(42, r.noticeboard().get("answer"));
        })
        .expectComplete()
        .verify(WAIT);
    assertTrue(boc.isRunning());
    assertEquals(boc.stats().scheduled(), boc.stats().completed());
  }

  @Test
  void l25_waitAllEmitsTheWaitResultAndTearsTheRuntimeDown() {
    boc.run(Cown.of(0), x -> x.set(1));
    StepVerifier.create(bridge.waitAll(WAIT))
        .assertNext(r -> assertEquals(2, r.stats().size()))
        .expectComplete()
        .verify(WAIT);
    assertFalse(boc.isRunning());
  }

  @Test
  void l25_aTimedOutWaitErrorsWithTimeoutExceptionAndTearsNothingDown() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    boc.when(Cown.of(0), x -> {
      release.await();
      return null;
    });
    try {
      StepVerifier.create(bridge.waitAll(Duration.ofMillis(50)))
          .expectError(TimeoutException.class)
          .verify(WAIT);
      assertTrue(boc.isRunning());
    } finally {
      release.countDown();
    }
    StepVerifier.create(bridge.quiesce(WAIT)).expectNextCount(1).expectComplete().verify(WAIT);
  }

  @Test
  void l25_subscribingReturnsAtOnceWhileTheWaitGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch emitted = new CountDownLatch(1);
    boc.when(Cown.of(0), x -> {
      release.await();
      return null;
    });
    Disposable d = bridge.quiesce(WAIT).subscribe(r -> emitted.countDown());
    assertEquals(1, emitted.getCount(), "quiesce finished while a behaviour was still running");
    release.countDown();
    BridgeTestSupport.await(emitted);
    assertTrue(d.isDisposed());
  }

  @Test
  void badTimeoutsAreRejectedAtAssembly() {
    assertThrows(NullPointerException.class, () -> bridge.quiesce(null));
    assertThrows(IllegalArgumentException.class, () -> bridge.waitAll(Duration.ofMillis(-1)));
  }
}
