package io.boc4j.reactor;

import io.boc4j.Boc;
import io.boc4j.MainThread;
import io.boc4j.PumpLimits;
import io.boc4j.PumpResult;
import io.boc4j.PumpStarvationException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Drives a runtime's {@linkplain MainThread main thread} from Reactor: a {@code Flux.interval} ticks at
 * a fixed period, and each tick pumps the runtime's pinned behaviours, within a per-tick budget, on
 * one worker of a Reactor {@link Scheduler}, whose thread is bound as the runtime's main thread.
 * Create one with {@link BocReactor#pumpDriver(Duration)}.
 *
 * <pre>{@code
 * PumpDriver driver = bridge.pumpDriver(Duration.ofMillis(16))
 *     .perTick(PumpLimits.deadline(Duration.ofMillis(4)))
 *     .start();
 * driver.results().subscribe(r -> frames.increment());
 * ...
 * driver.dispose(); // stops ticking and releases the main-thread binding
 * }</pre>
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>Pumps run on one {@linkplain Scheduler#createWorker() worker} of the main-thread scheduler
 *       ({@link Builder#on}); its thread must stay the same, as a single-thread scheduler, an event
 *       loop or a UI thread ({@code Schedulers.fromExecutor(SwingUtilities::invokeLater)}) ensures.
 *       The default is a dedicated {@code Schedulers.newSingle} scheduler whose one daemon thread,
 *       {@code boc4j-pump-<runtime name>}, is a plain thread, not a Reactor non-blocking one: pinned
 *       bodies run there and may legitimately block (a UI toolkit, a GL swap, a file).
 *   <li>Ticks come from {@code Flux.interval(period, timer)} on the timer scheduler ({@link
 *       Builder#ticksOn}, default {@link Schedulers#parallel()}). Keeping the timer off the pumping
 *       thread means a long pump cannot make the timer fall behind and fire a burst of late ticks.
 * </ul>
 *
 * <h2>Ticks that would overlap are dropped, never queued</h2>
 *
 * The driver requests one tick at a time from the interval and the next only after that tick's pump
 * has finished; ticks that arrive meanwhile meet no demand and are dropped ({@code
 * onBackpressureDrop}), counted by {@link #droppedTicks()}. So at most one pump is pending or running,
 * and a slow pump delays the next tick instead of piling ticks up.
 *
 * <h2>Binding and the runtime's life cycle</h2>
 *
 * The driver binds its thread as the main thread before its first pump; if another thread is already
 * bound (or the runtime is closed) the driver stops at once and {@link #results()} errors with the
 * {@link IllegalStateException}. The binding survives the runtime's {@code waitAll} and restarts, and
 * so does the driver: between a teardown and the next {@code when}, pumps return {@link
 * PumpResult#EMPTY}. {@link #dispose()} stops the ticks and releases the binding (on the pumping
 * thread, after any pump in progress). When the runtime is closed the driver stops too.
 *
 * <h2>Failures</h2>
 *
 * A pump may fail: with {@link PumpLimits#raisingOnError()} it rethrows a body's exception, the
 * watchdog may raise a {@link PumpStarvationException}, and a pinned body's {@link Error} propagates.
 * By default the driver reports the failure on {@link #failures()} (and logs it when nobody
 * subscribes there) and keeps ticking; with {@link Builder#stopOnError(boolean) stopOnError(true)} it
 * stops, releases the binding and errors {@link #results()} with the failure instead.
 *
 * <p>Threading: every method may be called from any thread and never blocks.
 */
public final class PumpDriver implements Disposable {

  private static final System.Logger LOG = System.getLogger("io.boc4j.reactor");

  private static final int RUNNING = 0;
  private static final int STOPPING = 1;
  private static final int STOPPED = 2;

  private final MainThread mainThread;
  private final Boc boc;
  private final PumpLimits perTick;
  private final boolean stopOnError;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final Scheduler.Worker main;
  private final Ticks ticks = new Ticks();
  private final Sinks.Many<PumpResult> results = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<Throwable> failures = Sinks.many().multicast().directBestEffort();
  private final LongAdder dropped = new LongAdder();
  private final AtomicInteger state = new AtomicInteger(RUNNING);

  /** Whether this driver's bind succeeded, so it owns a binding to release. Pumping thread only. */
  private boolean bound;

  private PumpDriver(Builder b, Scheduler scheduler, boolean ownsScheduler) {
    this.boc = b.boc;
    this.mainThread = b.boc.mainThread();
    this.perTick = b.perTick != null ? b.perTick : defaultPerTick(b.period);
    this.stopOnError = b.stopOnError;
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.main = scheduler.createWorker();
  }

  private static PumpLimits defaultPerTick(Duration period) {
    return PumpLimits.deadline(Duration.ofNanos(Math.max(1, period.toNanos() / 2)));
  }

  private void start(Duration period, Scheduler timer) {
    main.schedule(this::bind); // the worker runs tasks in order: the binding precedes every pump
    Flux.interval(period, timer).onBackpressureDrop(tick -> dropped.increment()).subscribe(ticks);
  }

  /**
   * Every tick's result, in tick order, emitted on the pumping thread. Hot: a subscriber sees the
   * ticks after it subscribed; a subscriber without demand misses results rather than slowing the
   * driver. Completes after {@link #dispose()} has released the binding (or when the runtime is
   * closed); errors if the driver could not bind, or with the failure that stopped it under {@link
   * Builder#stopOnError(boolean) stopOnError(true)}.
   *
   * @return the results
   */
  public Flux<PumpResult> results() {
    return results.asFlux();
  }

  /**
   * Pump failures the driver went on after (see the class notes), emitted on the pumping thread. Hot,
   * like {@link #results()}; completes when the driver stops.
   *
   * @return the failures
   */
  public Flux<Throwable> failures() {
    return failures.asFlux();
  }

  /**
   * How many ticks were dropped because the previous tick's pump had not finished. Any thread.
   *
   * @return the count since the driver started
   */
  public long droppedTicks() {
    return dropped.sum();
  }

  /**
   * Stops ticking and, on the pumping thread after any pump in progress, releases the main-thread
   * binding; then {@link #results()} and {@link #failures()} complete and a default scheduler is
   * disposed. Returns at once; idempotent; any thread.
   */
  @Override
  public void dispose() {
    if (!state.compareAndSet(RUNNING, STOPPING)) {
      return;
    }
    ticks.dispose();
    try {
      main.schedule(() -> stop(null));
    } catch (RejectedExecutionException schedulerGone) {
      // The main-thread scheduler was disposed under us: no thread can release the binding (the
      // runtime's close() clears it); still end the streams.
      finish(null);
    }
  }

  /**
   * Whether {@link #dispose()} was called or the driver stopped by itself.
   *
   * @return true once stopping or stopped
   */
  @Override
  public boolean isDisposed() {
    return state.get() != RUNNING;
  }

  @Override
  public String toString() {
    return "PumpDriver[" + boc.name() + ", " + perTick + ", dropped=" + droppedTicks()
        + (isDisposed() ? ", stopped]" : "]");
  }

  // --- on the pumping thread ------------------------------------------------------------------

  private void bind() {
    if (state.get() != RUNNING) {
      return;
    }
    try {
      mainThread.bind();
      bound = true;
    } catch (RuntimeException notBound) {
      stop(notBound);
    }
  }

  private void pumpOnce() {
    if (state.get() != RUNNING) {
      return;
    }
    PumpResult result;
    try {
      result = mainThread.pump(perTick);
    } catch (Throwable failure) {
      onPumpFailure(failure);
      return;
    }
    // Only now may the next tick come: ticks that arrived during this pump were dropped. Asked before
    // the result is reported, so a subscriber reacting to it finds the driver ready for the next.
    ticks.next();
    results.tryEmitNext(result);
  }

  private void onPumpFailure(Throwable failure) {
    if (stopOnError || boc.isClosed()) {
      stop(failure);
    } else {
      ticks.next();
      if (failures.currentSubscriberCount() == 0) {
        LOG.log(System.Logger.Level.WARNING,
            "pump driver of " + boc.name() + ": a pump failed; the driver goes on", failure);
      }
      failures.tryEmitNext(failure);
    }
    Exceptions.throwIfJvmFatal(failure);
  }

  /** Stops for good: releases the binding if this driver holds it, then ends the streams. */
  private void stop(Throwable cause) {
    state.set(STOPPED);
    ticks.dispose();
    if (bound) {
      bound = false;
      try {
        mainThread.release();
      } catch (RuntimeException releaseFailed) {
        LOG.log(System.Logger.Level.WARNING,
            "pump driver of " + boc.name() + ": releasing the main-thread binding failed",
            releaseFailed);
      }
    }
    finish(cause);
  }

  private void finish(Throwable cause) {
    state.set(STOPPED);
    if (cause == null) {
      results.tryEmitComplete();
    } else {
      results.tryEmitError(cause);
    }
    failures.tryEmitComplete();
    main.dispose();
    if (ownsScheduler) {
      scheduler.dispose();
    }
  }

  /** The interval's subscriber: one tick of demand at a time. */
  private final class Ticks extends BaseSubscriber<Long> {

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      request(1);
    }

    @Override
    protected void hookOnNext(Long tick) {
      try {
        main.schedule(PumpDriver.this::pumpOnce);
      } catch (RejectedExecutionException schedulerGone) {
        if (state.compareAndSet(RUNNING, STOPPED)) {
          cancel(); // no thread to pump on (the runtime's close() clears the binding): stop ticking
          finish(schedulerGone);
        }
      }
    }

    @Override
    protected void hookOnError(Throwable timerFailure) {
      // The timer scheduler rejected the interval (disposed): stop, releasing on the pumping thread.
      if (state.compareAndSet(RUNNING, STOPPING)) {
        try {
          main.schedule(() -> stop(timerFailure));
        } catch (RejectedExecutionException schedulerGone) {
          finish(timerFailure);
        }
      }
    }

    void next() {
      request(1);
    }
  }

  /**
   * Configures a {@link PumpDriver}; obtain one from {@link BocReactor#pumpDriver(Duration)}. Not
   * thread-safe; {@link #start()} once.
   */
  public static final class Builder {

    private final Boc boc;
    private final Duration period;
    private PumpLimits perTick;
    private Scheduler on;
    private Scheduler ticksOn;
    private boolean stopOnError;

    Builder(Boc boc, Duration period) {
      this.boc = boc;
      this.period = period;
    }

    /**
     * The budget of each tick's pump (default: a deadline of half the period, no count).
     *
     * @param limits the limits of every pump
     * @return this builder
     * @throws NullPointerException if limits is null
     */
    public Builder perTick(PumpLimits limits) {
      this.perTick = Objects.requireNonNull(limits,
          "perTick: limits is null; pass PumpLimits.NONE to drain the queue on every tick");
      return this;
    }

    /**
     * The scheduler whose worker's thread pumps and becomes the runtime's main thread (default: a
     * dedicated single-thread scheduler, disposed with the driver). A scheduler passed here is not
     * disposed by the driver.
     *
     * @param mainThread a scheduler whose workers keep one thread: single-threaded, an event loop, or
     *     a UI thread through {@code Schedulers.fromExecutor}
     * @return this builder
     * @throws NullPointerException if mainThread is null
     */
    public Builder on(Scheduler mainThread) {
      this.on = Objects.requireNonNull(mainThread,
          "on: the scheduler is null; leave it out for a dedicated single-thread scheduler");
      return this;
    }

    /**
     * The scheduler of the {@code Flux.interval} that ticks (default {@link Schedulers#parallel()}); it
     * must support periodic tasks. Pass a {@code VirtualTimeScheduler} to drive ticks in tests.
     *
     * @param timer the timer scheduler
     * @return this builder
     * @throws NullPointerException if timer is null
     */
    public Builder ticksOn(Scheduler timer) {
      this.ticksOn = Objects.requireNonNull(timer,
          "ticksOn: the scheduler is null; leave it out for Schedulers.parallel()");
      return this;
    }

    /**
     * Whether a failed pump stops the driver (default false: it is reported on {@link
     * PumpDriver#failures()} and the driver goes on).
     *
     * @param stop true to stop, release the binding and error {@link PumpDriver#results()}
     * @return this builder
     */
    public Builder stopOnError(boolean stop) {
      this.stopOnError = stop;
      return this;
    }

    /**
     * Starts the driver: binds the main thread (asynchronously, on that thread) and starts ticking.
     *
     * @return the running driver
     * @throws RejectedExecutionException if the given scheduler is disposed
     */
    public PumpDriver start() {
      boolean owned = on == null;
      Scheduler s = owned ? Schedulers.newSingle(pumpThreads(boc.name())) : on;
      PumpDriver driver = new PumpDriver(this, s, owned);
      driver.start(period, ticksOn != null ? ticksOn : Schedulers.parallel());
      return driver;
    }

    private static ThreadFactory pumpThreads(String runtime) {
      return task -> {
        Thread t = new Thread(task, "boc4j-pump-" + runtime);
        t.setDaemon(true); // like Reactor's own schedulers: an undisposed driver does not keep the JVM
        return t;
      };
    }
  }
}
