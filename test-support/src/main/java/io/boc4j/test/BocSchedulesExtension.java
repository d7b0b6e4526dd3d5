package io.boc4j.test;

import io.boc4j.Boc;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit extension behind {@link BocSchedules}: one invocation of the test template per seed,
 * each with its own deterministic runtime ({@link ScheduleRun}). Registered by the annotation; not
 * meant to be used directly.
 */
public final class BocSchedulesExtension implements TestTemplateInvocationContextProvider {

  /** Created by JUnit. */
  public BocSchedulesExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, BocSchedules.class))
        .isPresent();
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method test = context.getRequiredTestMethod();
    BocSchedules config = AnnotationSupport.findAnnotation(test, BocSchedules.class)
        .orElseThrow(() -> new IllegalStateException(
            "@BocSchedules is missing on " + test + "; annotate the test method"));
    Method builder = builderFactory(context.getRequiredTestClass(), config.builder());
    String replayName = context.getRequiredTestClass().getSimpleName() + "." + test.getName();
    LongStream seeds;
    if (config.replay() != Long.MIN_VALUE) {
      seeds = LongStream.of(config.replay());
    } else {
      if (config.seeds() < 1) {
        throw new IllegalArgumentException("@BocSchedules(seeds = " + config.seeds() + ") on "
            + replayName + ": seeds must be at least 1");
      }
      seeds = LongStream.range(0, config.seeds()).map(i -> config.firstSeed() + i);
    }
    return seeds.mapToObj(seed -> new ScheduleRun(seed, builder, replayName));
  }

  /** The test class's builder factory named by {@link BocSchedules#builder()}, or null for none. */
  private static Method builderFactory(Class<?> testClass, String name) {
    if (name.isEmpty()) {
      return null;
    }
    Method m = ReflectionSupport.findMethod(testClass, name)
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getReturnType() == Boc.Builder.class)
        .orElseThrow(() -> new IllegalArgumentException("@BocSchedules(builder = \"" + name
            + "\"): " + testClass.getName() + " has no static no-argument method " + name
            + "() returning Boc.Builder"));
    m.setAccessible(true);
    return m;
  }
}
