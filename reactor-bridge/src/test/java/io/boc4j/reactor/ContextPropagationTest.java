package io.boc4j.reactor;

import static io.boc4j.reactor.BridgeTestSupport.WAIT;
import static io.boc4j.reactor.BridgeTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.micrometer.context.ContextRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * SPEC 7, Reactor bridge: opt-in context propagation into bodies (X08). A plain {@link ThreadLocal}
 * registered with Micrometer's {@link ContextRegistry} stands for the logging MDC, which is
 * registered the same way through its own accessor.
 */
@ExtendWith(NoBlockingCalls.class)
@Timeout(30)
class ContextPropagationTest {

  private static final String KEY = "boc4j.test.tenant";
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  private Boc boc;
  private Cown<Integer> c;

  @BeforeAll
  static void registerAccessor() {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(KEY, TENANT::get, TENANT::set, TENANT::remove);
  }

  @AfterAll
  static void removeAccessor() {
    ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
  }

  @BeforeEach
  void setUp() {
    boc = BridgeTestSupport.runtime(1); // one worker: every body runs on the same thread
    c = Cown.of(0);
  }

  @AfterEach
  void tearDown() {
    TENANT.remove();
    boc.close();
  }

  private BocReactor propagating() {
    return BocReactor.builder(boc).propagateContext(true).build();
  }

  private static Optional<String> tenant() {
    return Optional.ofNullable(TENANT.get());
  }

  @Test
  void x08_aValueInTheSubscribersReactorContextIsVisibleInTheBody() {
    StepVerifier.create(propagating().mono(c, x -> tenant())
            .contextWrite(Context.of(KEY, "acme")))
        .expectNext(Optional.of("acme"))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void x08_theSubscribingThreadsRegisteredThreadLocalIsVisibleInTheBody() {
    TENANT.set("from-thread");
    StepVerifier.create(propagating().mono(c, x -> tenant()))
        .expectNext(Optional.of("from-thread"))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void x08_theReactorContextWinsOverTheSubscribingThreadsValue() {
    TENANT.set("from-thread");
    StepVerifier.create(propagating().mono(c, x -> tenant())
            .contextWrite(Context.of(KEY, "from-context")))
        .expectNext(Optional.of("from-context"))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void x08_disabledNothingReachesTheBody() {
    TENANT.set("from-thread");
    StepVerifier.create(BocReactor.of(boc).mono(c, x -> tenant())
            .contextWrite(Context.of(KEY, "acme")))
        .expectNext(Optional.empty())
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void x08_propagatedValuesDoNotLeakIntoLaterBodiesOnTheSameWorker() throws Exception {
    StepVerifier.create(propagating().mono(c, x -> tenant())
            .contextWrite(Context.of(KEY, "acme")))
        .expectNext(Optional.of("acme"))
        .expectComplete()
        .verify(WAIT);
    assertEquals(Optional.empty(), await(boc.when(c, x -> tenant())));
    StepVerifier.create(propagating().mono(c, x -> tenant()))
        .expectNext(Optional.empty())
        .expectComplete()
        .verify(WAIT);
  }
}
