package io.boc4j.test;

import io.boc4j.Boc;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/**
 * One run of a {@link BocSchedules} test under one seed: supplies the run's deterministic {@link
 * Boc} (and its seed), closes the runtime after the run, and turns a failure into one that names the
 * seed and the annotation that replays it.
 */
final class ScheduleRun
    implements TestTemplateInvocationContext, ParameterResolver, AfterEachCallback,
        TestExecutionExceptionHandler {

  private final long seed;
  private final Method builderFactory;
  private final String testName;
  private Boc boc;

  ScheduleRun(long seed, Method builderFactory, String testName) {
    this.seed = seed;
    this.builderFactory = builderFactory;
    this.testName = testName;
  }

  @Override
  public String getDisplayName(int invocationIndex) {
    return "seed " + seed;
  }

  @Override
  public List<Extension> getAdditionalExtensions() {
    return List.of(this);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == Boc.class || (type == long.class && p.isAnnotated(BocSeed.class));
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    if (p.getParameter().getType() == long.class) {
      return seed;
    }
    if (boc == null) {
      boc = newBuilder().deterministic(seed).build();
    }
    return boc;
  }

  private Boc.Builder newBuilder() {
    if (builderFactory == null) {
      return Boc.builder();
    }
    try {
      Object b = builderFactory.invoke(null);
      if (b == null) {
        throw new ParameterResolutionException(
            builderFactory + " returned null; return a Boc.Builder");
      }
      return (Boc.Builder) b;
    } catch (IllegalAccessException | InvocationTargetException ex) {
      throw new ParameterResolutionException(
          "@BocSchedules: calling " + builderFactory + " failed", ex);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (boc != null) {
      boc.close();
      boc = null;
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    AssertionError named = new AssertionError(
        testName + " failed under schedule seed " + seed + "; replay exactly this interleaving with"
            + " @BocSchedules(replay = " + seed + "L): " + failure, failure);
    throw named;
  }
}
