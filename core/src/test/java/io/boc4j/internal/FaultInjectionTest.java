package io.boc4j.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Held;
import io.boc4j.ResultCown;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT.md F06 (and the injected half of L17, L19): a failure while enqueuing requests, while
 * counting in-flight work, or while starting the runtime rolls back — the {@code when} throws the
 * original exception, nothing is scheduled, the in-flight count is back to 0 — and the runtime can be
 * used, and restarted, afterwards.
 */
@Timeout(value = 30, unit = SECONDS)
class FaultInjectionTest {

  /** How long a test waits for something that must happen (F17: at least 5 s). */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Boc boc;

  @AfterEach
  void resetHooksAndClose() {
    FaultInjection.reset();
    if (boc != null) {
      boc.close();
    }
  }

  private Boc newBoc() {
    boc = Boc.builder().workers(2).shutdownTimeout(Duration.ofSeconds(5)).build();
    return boc;
  }

  /** Sets one hook, by name, to {@code hook}. */
  private static void setHook(String which, Runnable hook) {
    switch (which) {
      case "enqueue":
        FaultInjection.enqueue = hook;
        break;
      case "inFlightIncrement":
        FaultInjection.inFlightIncrement = hook;
        break;
      default:
        throw new IllegalArgumentException(which);
    }
  }

  // --- a running runtime: enqueue and in-flight failures ------------------------------------

  @Test
  void f06_aFailureWhileEnqueuingRollsBack() throws Exception {
    assertRollsBackWhileRunning("enqueue", new IllegalStateException("injected enqueue failure"));
  }

  @Test
  void f06_anErrorWhileEnqueuingRollsBack() throws Exception {
    assertRollsBackWhileRunning("enqueue", new OutOfMemoryError("injected enqueue error"));
  }

  @Test
  void f06_aFailureWhileCountingInFlightWorkRollsBack() throws Exception {
    assertRollsBackWhileRunning("inFlightIncrement",
        new IllegalStateException("injected in-flight failure"));
  }

  @Test
  void f06_anErrorWhileCountingInFlightWorkRollsBack() throws Exception {
    assertRollsBackWhileRunning("inFlightIncrement", new StackOverflowError("injected in-flight error"));
  }

  private void assertRollsBackWhileRunning(String hook, Throwable injected) throws Exception {
    newBoc().start();
    Cown<Integer> a = Cown.of(1);
    Cown<Integer> b = Cown.of(2);
    assertEquals(3, valueOf(boc.when(a, b, (x, y) -> x.get() + y.get())).intValue());
    boc.quiesce(WAIT);
    long scheduled = boc.stats().scheduled();
    AtomicInteger ran = new AtomicInteger();
    setHook(hook, () -> sneakyThrow(injected));

    List<Consumer<Boc>> failing = List.of(
        r -> r.when(a, x -> ran.incrementAndGet()),
        r -> r.when(a, b, (x, y) -> ran.incrementAndGet()),
        r -> r.when(Cown.group(List.of(a, b)), a, (l, x) -> ran.incrementAndGet()),
        r -> r.whenAll(List.of(b, a), d -> ran.incrementAndGet()),
        r -> r.run(b, x -> ran.incrementAndGet()),
        r -> r.when(() -> ran.incrementAndGet()),
        r -> r.acquire(a));
    for (Consumer<Boc> call : failing) {
      Throwable thrown = assertThrows(Throwable.class, () -> call.accept(boc));
      assertSame(injected, thrown, "the when throws the original exception");
      assertEquals(0, boc.stats().inFlight(), "the in-flight count was rolled back");
    }
    assertEquals(scheduled, boc.stats().scheduled(), "nothing was scheduled");
    assertTrue(boc.isRunning());

    FaultInjection.reset();
    boc.quiesce(WAIT); // nothing in flight: returns at once
    assertEquals(0, ran.get(), "a failed when ran its body");
    // Neither cown was left queued behind a half-scheduled behaviour, and a take works.
    assertEquals(3, valueOf(boc.when(a, b, (x, y) -> x.get() + y.get())).intValue());
    try (Held<Integer> h = boc.acquire(a)) {
      assertEquals(1, h.get());
    }
    assertRestartable(a);
  }

  // --- the runtime not yet running ----------------------------------------------------------

  @Test
  void f06_aFailureWhileEnqueuingTheFirstWhenRollsBack() throws Exception {
    assertFirstWhenRollsBack("enqueue", new IllegalStateException("injected enqueue failure"));
  }

  @Test
  void f06_aFailureWhileCountingTheFirstWhenRollsBack() throws Exception {
    assertFirstWhenRollsBack("inFlightIncrement", new IllegalStateException("injected in-flight failure"));
  }

  /** The failing when is the one that starts the runtime. */
  private void assertFirstWhenRollsBack(String hook, Throwable injected) throws Exception {
    newBoc();
    Cown<Integer> a = Cown.of(5);
    setHook(hook, () -> sneakyThrow(injected));
    assertSame(injected, assertThrows(Throwable.class, () -> boc.when(a, x -> x.get())));
    assertEquals(0, boc.stats().inFlight());
    assertEquals(0, boc.stats().scheduled());
    FaultInjection.reset();
    boc.quiesce(WAIT);
    assertEquals(5, valueOf(boc.when(a, x -> x.get())).intValue());
    assertRestartable(a);
  }

  @Test
  void f06_aFailureWhileStartingTheRuntimeRollsBack() throws Exception {
    newBoc();
    Cown<Integer> a = Cown.of(7);
    IllegalStateException injected = new IllegalStateException("injected thread-start failure");
    AtomicInteger starts = new AtomicInteger();
    FaultInjection.threadStart = () -> {
      if (starts.incrementAndGet() % 2 == 0) { // one worker starts, the next fails
        throw injected;
      }
    };
    assertSame(injected, assertThrows(IllegalStateException.class, () -> boc.when(a, x -> x.get())));
    assertFalse(boc.isRunning());
    assertEquals(0, boc.stats().inFlight());
    assertSame(injected, assertThrows(IllegalStateException.class, () -> boc.start()));
    assertFalse(boc.isRunning());
    assertSame(injected, assertThrows(IllegalStateException.class, () -> boc.acquire(a)));
    assertFalse(boc.isRunning());

    FaultInjection.reset();
    assertEquals(7, valueOf(boc.when(a, x -> x.get())).intValue(), "a was left queued");
    assertTrue(boc.isRunning());
    assertRestartable(a);
  }

  @Test
  void f06_aFailureWhileRestartingTheRuntimeRollsBack() throws Exception {
    newBoc();
    Cown<Integer> a = Cown.of(8);
    assertEquals(8, valueOf(boc.when(a, x -> x.get())).intValue());
    boc.waitAll(WAIT);
    OutOfMemoryError injected = new OutOfMemoryError("injected thread-start error");
    FaultInjection.threadStart = () -> {
      throw injected;
    };
    assertSame(injected, assertThrows(OutOfMemoryError.class, () -> boc.when(a, x -> x.get())));
    assertFalse(boc.isRunning());
    FaultInjection.reset();
    assertEquals(8, valueOf(boc.when(a, x -> x.get())).intValue());
    assertRestartable(a);
  }

  // --- support ------------------------------------------------------------------------------

  /** The runtime tears down and restarts, and {@code a} keeps working across the restart. */
  private void assertRestartable(Cown<Integer> a) throws Exception {
    boc.waitAll(WAIT);
    assertFalse(boc.isRunning());
    assertEquals(0, boc.stats().inFlight());
    ResultCown<Integer> r = boc.when(a, x -> {
      x.set(x.get() + 100);
      return x.get();
    });
    assertTrue(valueOf(r) >= 100);
    assertTrue(boc.isRunning());
    boc.quiesce(WAIT);
    assertEquals(0, boc.stats().inFlight());
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  private static <T> T valueOf(ResultCown<T> r) throws Exception {
    return r.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), SECONDS);
  }
}
