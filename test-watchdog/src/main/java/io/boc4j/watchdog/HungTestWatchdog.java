package io.boc4j.watchdog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Ends the test JVM, with a thread dump, when a test runs far past its {@code @Timeout}.
 *
 * <p>Why: JUnit enforces a same-thread {@code @Timeout} by interrupting the test thread, and a test
 * whose thread spins (a protocol fault that leaves a request waiting for ever) never sees the
 * interrupt, so the test and the build wait for ever. Surefire's own fork timeout does not end such
 * a fork either (SUREFIRE-1722). This listener gives every test a hard bound: twice its
 * {@code @Timeout} (from the method, else its class or, for a {@code @Nested} class, an enclosing
 * one) plus {@link #MARGIN}, or {@link #DEFAULT_BOUND} for a test without one. Past it, the stacks of every thread and the test's
 * name go to standard error and to {@code target/hung-tests.txt}, and the JVM halts with status
 * {@link #HALT_STATUS}; surefire then fails the build, naming the test it was running.
 *
 * <p>Registered through {@code META-INF/services}: every module of the project has this one on its
 * test class path. JUnit calls it on the thread that runs the tests; a daemon thread checks the
 * deadlines once a second.
 */
public final class HungTestWatchdog implements TestExecutionListener {

  /** Added to twice a test's {@code @Timeout}: room for a loaded machine, far short of a hang. */
  static final Duration MARGIN = Duration.ofSeconds(60);

  /** The bound of a test that declares no {@code @Timeout}. */
  static final Duration DEFAULT_BOUND = Duration.ofMinutes(10);

  /** The exit status of a JVM ended by the watchdog. */
  static final int HALT_STATUS = 86;

  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Consumer<String> onHang;
  private ScheduledExecutorService checker;

  /** A running test: its display name and the {@link System#nanoTime()} past which it is hung. */
  record Running(String name, long deadlineNanos) {}

  /** The watchdog JUnit loads: reports a hang and halts the JVM. */
  public HungTestWatchdog() {
    this(HungTestWatchdog::reportAndHalt);
  }

  /**
   * A watchdog that hands the report of a hang to {@code onHang} instead of halting (its own tests).
   */
  HungTestWatchdog(Consumer<String> onHang) {
    this.onHang = onHang;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    checker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hung-test-watchdog");
      t.setDaemon(true);
      return t;
    });
    checker.scheduleWithFixedDelay(() -> check(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (checker != null) {
      checker.shutdownNow();
    }
  }

  @Override
  public void executionStarted(TestIdentifier test) {
    if (test.isTest()) {
      started(test.getUniqueId(), test.getDisplayName(), bound(test), System.nanoTime());
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    finished(test.getUniqueId());
  }

  /** Records that a test started at {@code nowNanos} and may run for {@code bound}. */
  void started(String id, String name, Duration bound, long nowNanos) {
    running.put(id, new Running(name, nowNanos + bound.toNanos()));
  }

  /** Forgets a finished test. */
  void finished(String id) {
    running.remove(id);
  }

  /**
   * Reports every test still running past its deadline at {@code nowNanos}, once each.
   *
   * @return how many were reported
   */
  int check(long nowNanos) {
    List<String> hung = new ArrayList<>();
    running.forEach((id, r) -> {
      if (nowNanos - r.deadlineNanos() > 0 && running.remove(id, r)) {
        hung.add(r.name());
      }
    });
    for (String name : hung) {
      onHang.accept(report(name));
    }
    return hung.size();
  }

  /** The bound of {@code test}: from its method's or class's {@code @Timeout}, or the default. */
  static Duration bound(TestIdentifier test) {
    return bound(test.getSource());
  }

  /** The bound of a test with {@code source}: see {@link #bound(TestIdentifier)}. */
  static Duration bound(Optional<TestSource> source) {
    return source
        .filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast)
        .flatMap(HungTestWatchdog::declaredTimeout)
        .map(t -> t.multipliedBy(2).plus(MARGIN))
        .orElse(DEFAULT_BOUND);
  }

  private static Optional<Duration> declaredTimeout(MethodSource source) {
    Method method;
    try {
      method = source.getJavaMethod();
    } catch (RuntimeException e) { // the method cannot be loaded: fall back to the default
      return Optional.empty();
    }
    Optional<Duration> own = timeoutOn(method);
    // Outwards through @Nested (inner) classes only, as JUnit applies a class's @Timeout.
    for (Class<?> c = method.getDeclaringClass(); own.isEmpty() && c != null;
        c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
      own = timeoutOn(c);
    }
    return own;
  }

  private static Optional<Duration> timeoutOn(AnnotatedElement element) {
    return AnnotationSupport.findAnnotation(element, Timeout.class)
        .map(t -> Duration.ofNanos(t.unit().toNanos(t.value())));
  }

  /** The report of a hang: what ran out of time and what every thread was doing. */
  static String report(String testName) {
    StringBuilder out = new StringBuilder()
        .append("HUNG TEST: \"").append(testName).append("\" has run past twice its @Timeout plus ")
        .append(MARGIN.toSeconds()).append(" s (").append(DEFAULT_BOUND.toMinutes())
        .append(" min without one). Its thread does not answer the timeout's interrupt, so it is")
        .append(" most likely spinning on a request that will never be granted. The JVM halts with")
        .append(" status ").append(HALT_STATUS).append("; the stacks of all threads follow.\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
      if (info.getLockName() != null) {
        out.append(" on ").append(info.getLockName());
      }
      out.append('\n');
      for (StackTraceElement frame : info.getStackTrace()) { // ThreadInfo.toString cuts at 8
        out.append("\tat ").append(frame).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void reportAndHalt(String report) {
    try {
      Path file = Path.of("target", "hung-tests.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, report, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // The report still goes to standard error below.
    }
    // Straight to the process's standard error as well as through System.err, which surefire
    // replaces in its forks and may not flush before the halt.
    System.err.println(report);
    System.err.flush();
    // Not closed: that would close the process's standard error.
    PrintStream raw = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    raw.println(report);
    raw.flush();
    Runtime.getRuntime().halt(HALT_STATUS);
  }
}
