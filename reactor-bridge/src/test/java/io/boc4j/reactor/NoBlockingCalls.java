package io.boc4j.reactor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import io.micrometer.context.ContextRegistry;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;

/**
 * Installs BlockHound (with reactor-core's integration, which marks Reactor's non-blocking threads)
 * before a test class, and fails every test during which a blocking call happened on such a thread.
 *
 * <p>BlockHound's own reaction is to throw {@link BlockingOperationError} in the offending thread.
 * Inside a completion stage or a scheduler task that error could be swallowed, so the callback also
 * records the call (with the thread and stack), and each test checks the record afterwards.
 */
final class NoBlockingCalls implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    // One-time initialisation that reads jar files (context-propagation's service loading, which
    // Reactor triggers on first use) happens here, before BlockHound watches, and not on whichever
    // parallel thread happens to touch it first in a test.
    ContextRegistry.getInstance();
    Mono.just(0).contextCapture().block();
    BlockHound.install(builder -> builder.blockingMethodCallback(method -> {
      Thread t = Thread.currentThread();
      VIOLATIONS.add(method + " on " + t.getName() + "\n    at "
          + Arrays.stream(t.getStackTrace()).skip(2).limit(40).map(String::valueOf)
              .collect(Collectors.joining("\n    at ")));
      throw new BlockingOperationError(method);
    }));
  }

  /** The blocking calls recorded since the test began, which then no longer fail it. */
  static List<String> takeViolations() {
    List<String> taken = List.copyOf(VIOLATIONS);
    VIOLATIONS.clear();
    return taken;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    VIOLATIONS.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!VIOLATIONS.isEmpty()) {
      String all = String.join("\n", VIOLATIONS);
      VIOLATIONS.clear();
      fail("blocking call(s) on a Reactor non-blocking thread:\n" + all);
    }
  }
}
