package io.boc4j.spring;

import io.boc4j.Boc;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Ties a {@link Boc} runtime to the application context's life cycle: it starts the runtime's
 * workers when the context starts, and on shutdown lets every behaviour in flight finish before the
 * runtime closes.
 *
 * <h2>Phase</h2>
 *
 * {@link #PHASE} is below the phases of Spring Boot's web server (its graceful shutdown at {@code
 * WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}, {@code DEFAULT_PHASE - 1024}; its start and
 * stop at {@code START_STOP_LIFECYCLE_PHASE}, {@code DEFAULT_PHASE - 2048}). Lifecycles stop in
 * descending phase order, so on shutdown the server first stops accepting requests and waits for
 * those in progress — whose behaviours still run, since the runtime is up — and only then does the
 * runtime stop; at start-up the runtime is running before the server accepts its first request.
 *
 * <h2>Stop</h2>
 *
 * <ul>
 *   <li>When the context closes, {@link #stop()} calls {@link Boc#close()}: it waits for the
 *       behaviours in flight, at most the runtime's shutdown timeout ({@code
 *       boc4j.shutdown-timeout}), drops those that have not started by then (their result cowns
 *       carry an exception saying so) and shuts the runtime down for good. Behaviours already
 *       acknowledged to a client have finished by then.
 *   <li>When the context is only stopped or paused (for example by the test framework, which pauses
 *       cached contexts it is not using), {@link #stop()} calls {@link Boc#waitAll(Duration)} with the
 *       same timeout instead: the workers are torn down, and {@link #start()} starts them again.
 * </ul>
 *
 * The stop is synchronous, on the thread that closes the context, so the context's shutdown waits
 * for it whatever Spring's per-phase timeout is.
 */
public class BocLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>,
    ApplicationContextAware {

  /** The phase: below the web server's, so the runtime starts before it and stops after it. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Log LOG = LogFactory.getLog(BocLifecycle.class);

  private final Boc boc;
  private final Duration shutdownTimeout;
  private ApplicationContext context;
  private volatile boolean running;
  private volatile boolean closing;

  /**
   * A life cycle for {@code boc}.
   *
   * @param boc the runtime
   * @param shutdownTimeout how long a stop that is not a close waits for behaviours in flight
   *     (a close uses the runtime's own shutdown timeout)
   * @throws NullPointerException if an argument is null
   */
  public BocLifecycle(Boc boc, Duration shutdownTimeout) {
    this.boc = Objects.requireNonNull(boc, "boc is null");
    this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout is null");
  }

  /**
   * Remembers the context, so that only its own close turns a stop into a close (a child context's
   * close event reaches this listener too).
   *
   * @param context the context this bean lives in
   */
  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  /**
   * Notes that the context is closing: the stop that follows closes the runtime for good.
   *
   * @param event the event
   */
  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    if (event.getApplicationContext() == context) {
      closing = true;
    }
  }

  /** Starts the runtime's workers (a no-op if they are running). */
  @Override
  public void start() {
    boc.start();
    running = true;
  }

  /**
   * Closes the runtime if the context is closing, else waits for it and tears its workers down; see
   * the class notes. Never throws: a failure is logged, so the rest of the shutdown goes on.
   */
  @Override
  public void stop() {
    if (closing) {
      close();
    } else {
      pause();
    }
  }

  private void close() {
    running = false;
    try {
      boc.close();
    } catch (RuntimeException e) {
      LOG.warn("boc4j runtime " + boc.name() + ": closing failed", e);
    }
  }

  private void pause() {
    try {
      boc.waitAll(shutdownTimeout);
      running = false;
    } catch (TimeoutException e) {
      LOG.warn("boc4j runtime " + boc.name() + ": behaviours still in flight after " + shutdownTimeout
          + "; the runtime keeps running (raise boc4j.shutdown-timeout to wait longer)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("boc4j runtime " + boc.name() + ": interrupted while stopping; it keeps running");
    }
  }

  /**
   * Whether the runtime was started by this life cycle and has not been stopped since.
   *
   * @return true while running
   */
  @Override
  public boolean isRunning() {
    return running && !boc.isClosed();
  }

  /**
   * {@link #PHASE}.
   *
   * @return the phase
   */
  @Override
  public int getPhase() {
    return PHASE;
  }
}
