package io.boc4j.reactor;

import io.boc4j.Acquirable;
import io.boc4j.Action;
import io.boc4j.Boc;
import io.boc4j.Body;
import io.boc4j.Mailbox;
import io.boc4j.Message;
import io.boc4j.ResultCown;
import io.boc4j.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Project Reactor face of a {@link Boc} runtime: behaviours as {@link Mono}s, demand-bounded
 * {@link Flux} operators over behaviours, a pump driver for pinned work, the mailbox as a {@code
 * Flux}, and the lifecycle waits as {@code Mono}s. Create one per runtime with {@link #of(Boc)} (or
 * {@link #builder(Boc)}); it is immutable and thread-safe.
 *
 * <pre>{@code
 * BocReactor bridge = BocReactor.of(boc);
 * Mono<Boolean> transfer = bridge.mono(alice, bob, (from, to) -> {
 *   if (from.get().balance < 30) return false;
 *   from.get().balance -= 30;
 *   to.get().balance += 30;
 *   return true;
 * });
 * transfer.publishOn(Schedulers.parallel())   // signals arrive on a boc4j worker: move them
 *     .subscribe(ok -> log.info("transferred: {}", ok));
 * }</pre>
 *
 * <h2>Mono forms: cold, one behaviour per subscription</h2>
 *
 * Every {@code mono} and {@code run} form is <b>cold</b>: building the {@code Mono} schedules
 * nothing; each subscription schedules exactly one behaviour, when it first requests (at once, for
 * ordinary subscribers). Subscribing twice runs the body twice; {@code mono.cache()} shares one run.
 * {@link #observe(ResultCown)} is the <b>hot</b> form: it watches a behaviour already scheduled.
 *
 * <p>Signals: the body's value ({@code onNext} then {@code onComplete}); {@code onComplete} alone
 * when the body returns null or is an {@link Action}; or {@code onError} with the very exception the
 * body threw. They are emitted after the behaviour released its cowns, on the thread that ran the
 * body — a boc4j worker, or the runtime's main thread for pinned cowns — however quickly the body
 * finishes (the outcome is observed from before the behaviour is enqueued, through {@link
 * io.boc4j.Scheduling#observing}). Operators downstream run there too: keep them short, or move them
 * with {@code publishOn}.
 *
 * <h2>Cancellation never corrupts order</h2>
 *
 * <ul>
 *   <li>Cancelled before the behaviour was scheduled (while it waits for capacity, below): nothing
 *       is scheduled.
 *   <li>Cancelled after it was scheduled but before the body started: the behaviour still takes and
 *       releases its cowns in its place in the order, so nothing scheduled after it is reordered or
 *       starved; only the body is skipped. Its result cown carries a {@link CancellationException},
 *       and the runtime counts it as a failed body.
 *   <li>Cancelled after the body started: the body runs to completion; its value is discarded and a
 *       failure is passed to Reactor's {@code onErrorDropped} hook.
 * </ul>
 *
 * The body is never interrupted.
 *
 * <h2>Admission never blocks the subscriber</h2>
 *
 * A subscription never parks its thread, whatever thread it is on: behaviours are scheduled through
 * {@link Boc#nonBlocking()}. Over the runtime's back-pressure limit the subscription waits,
 * asynchronously, until {@link Boc#onCapacity()} says capacity has returned (the retry runs on
 * {@link Schedulers#parallel()}). This bridge's subscriptions are admitted in the order they first
 * requested: one that waits for capacity is never overtaken by a later one, so behaviours of this
 * bridge take their places in cown order in subscription order. In a {@code Flux}, demand is the
 * back-pressure: see {@link #bounded} and {@link #perKey}.
 *
 * <p>Creating the first {@code BocReactor} in a JVM also registers, once, {@link
 * Boc#markNonBlocking(java.util.function.Predicate) Boc.markNonBlocking(Schedulers::isNonBlockingThread)}:
 * a plain {@code boc.when} called directly on a Reactor non-blocking thread (parallel, single, an
 * event loop registered with Reactor) then throws {@link
 * java.util.concurrent.RejectedExecutionException} over the limit instead of parking that thread.
 *
 * <h2>Context propagation (opt-in)</h2>
 *
 * With {@link Builder#propagateContext(boolean) propagateContext(true)}, the thread locals registered
 * with Micrometer's context-propagation {@code ContextRegistry} (for example the logging MDC through
 * its {@code ThreadLocalAccessor}) are captured when a {@code mono} or {@code run} form is subscribed —
 * from the subscribing thread and from the subscriber's Reactor {@code Context}, whose values win —
 * and set on the thread that runs the body, for the body only: registered thread locals missing from
 * the snapshot are cleared, and the thread's own values are restored afterwards. Off (the default),
 * nothing is captured and bodies see none of the subscriber's values.
 *
 * <h2>Errors</h2>
 *
 * Assembly-time misuse throws at once: {@link NullPointerException} for a null argument or body
 * (naming it), {@link IllegalArgumentException} for a bad number. Failures to schedule at
 * subscription time — a closed runtime, one shutting down — arrive as {@code onError}.
 *
 * <p>The design behind these rules is written up in {@code docs/reactor-bridge.md}.
 */
public final class BocReactor {

  private static final AtomicBoolean REACTOR_THREADS_MARKED = new AtomicBoolean();
  private static final Duration LONGEST_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private final Boc boc;
  private final Admission admission;
  private final Propagation propagation;
  private final Duration receivePoll;
  private final long backPressureLimit;

  private BocReactor(Builder b) {
    this.boc = b.boc;
    this.admission = new Admission(b.boc);
    this.propagation = b.propagateContext ? Propagation.enabled() : Propagation.NONE;
    this.receivePoll = b.receivePoll;
    this.backPressureLimit = b.boc.stats().backPressureLimit();
    markReactorThreads();
  }

  /** Reactor's non-blocking threads must never be parked by a plain {@code when}: mark them, once. */
  private static void markReactorThreads() {
    if (REACTOR_THREADS_MARKED.compareAndSet(false, true)) {
      Boc.markNonBlocking(Schedulers::isNonBlockingThread); // for the JVM's life: never closed
    }
  }

  /**
   * A bridge over {@code boc} with the defaults of {@link Builder}.
   *
   * @param boc the runtime
   * @return the bridge
   * @throws NullPointerException if boc is null
   */
  public static BocReactor of(Boc boc) {
    return builder(boc).build();
  }

  /**
   * A builder for a bridge over {@code boc}.
   *
   * @param boc the runtime
   * @return a builder with the defaults
   * @throws NullPointerException if boc is null
   */
  public static Builder builder(Boc boc) {
    return new Builder(Objects.requireNonNull(boc, "BocReactor: boc is null; pass the runtime"));
  }

  /**
   * The runtime this bridge schedules on.
   *
   * @return the runtime
   */
  public Boc boc() {
    return boc;
  }

  // --- Mono forms of when ---------------------------------------------------------------------

  /**
   * A cold {@code Mono} of a behaviour over no cowns (its body runs on a worker). See the class notes
   * for subscription, signals, cancellation and admission.
   *
   * @param body the body; its value is emitted, null completes empty
   * @param <R> the value type
   * @return the Mono
   * @throws NullPointerException if body is null
   */
  public <R> Mono<R> mono(Body.Of0<R> body) {
    requireBody(body);
    return new MonoBehaviour.Of0<>(admission, propagation, body);
  }

  /**
   * A cold {@code Mono} of a behaviour over {@code a}: {@code boc.when(a, body)} per subscription.
   * See the class notes for subscription, signals, cancellation and admission.
   *
   * @param a a cown, or a group ({@link io.boc4j.Cown#group})
   * @param body receives {@code a.delivered()}; its value is emitted, null completes empty
   * @param <A> what the body receives
   * @param <R> the value type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, R> Mono<R> mono(Acquirable<A> a, Body.Of1<A, R> body) {
    requireBody(body);
    requireArgs(a);
    return new MonoBehaviour.Of1<>(admission, propagation, a, body);
  }

  /**
   * A cold {@code Mono} of a behaviour over {@code a} and {@code b}, acquired together. See the class
   * notes for subscription, signals, cancellation and admission.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param body receives the delivered arguments in order; its value is emitted, null completes empty
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <R> the value type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B, R> Mono<R> mono(Acquirable<A> a, Acquirable<B> b, Body.Of2<A, B, R> body) {
    requireBody(body);
    requireArgs(a, b);
    return new MonoBehaviour.Of2<>(admission, propagation, a, b, body);
  }

  /**
   * A cold {@code Mono} of a behaviour over three arguments. See {@link #mono(Acquirable, Acquirable,
   * Body.Of2)}.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param c third cown or group
   * @param body receives the delivered arguments in order
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <C> third delivered type
   * @param <R> the value type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B, C, R> Mono<R> mono(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Body.Of3<A, B, C, R> body) {
    requireBody(body);
    requireArgs(a, b, c);
    return new MonoBehaviour.Of3<>(admission, propagation, a, b, c, body);
  }

  /**
   * A cold {@code Mono} of a behaviour over four arguments. See {@link #mono(Acquirable, Acquirable,
   * Body.Of2)}.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param c third cown or group
   * @param d fourth cown or group
   * @param body receives the delivered arguments in order
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <C> third delivered type
   * @param <D> fourth delivered type
   * @param <R> the value type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B, C, D, R> Mono<R> mono(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d,
      Body.Of4<A, B, C, D, R> body) {
    requireBody(body);
    requireArgs(a, b, c, d);
    return new MonoBehaviour.Of4<>(admission, propagation, a, b, c, d, body);
  }

  /**
   * A cold {@code Mono} of a behaviour over five arguments. See {@link #mono(Acquirable, Acquirable,
   * Body.Of2)}.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param c third cown or group
   * @param d fourth cown or group
   * @param e fifth cown or group
   * @param body receives the delivered arguments in order
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <C> third delivered type
   * @param <D> fourth delivered type
   * @param <E> fifth delivered type
   * @param <R> the value type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B, C, D, E, R> Mono<R> mono(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d, Acquirable<E> e,
      Body.Of5<A, B, C, D, E, R> body) {
    requireBody(body);
    requireArgs(a, b, c, d, e);
    return new MonoBehaviour.Of5<>(admission, propagation, a, b, c, d, e, body);
  }

  /**
   * A cold {@code Mono} of a behaviour over a dynamic request ({@code boc.whenAll}): any number of
   * cowns and groups, possibly none. The collection is copied now, so every subscription requests
   * the same cowns. See the class notes for subscription, signals, cancellation and admission.
   *
   * @param request the cowns and groups
   * @param body receives one delivered object per argument, in iteration order
   * @param <R> the value type
   * @return the Mono
   * @throws NullPointerException if the collection, an element or the body is null
   */
  public <R> Mono<R> monoAll(Collection<? extends Acquirable<?>> request, Body.OfAll<R> body) {
    requireBody(body);
    List<Acquirable<?>> copy = copyRequest(request);
    return new MonoBehaviour.OfAll<>(admission, propagation, copy, body);
  }

  // --- Mono forms of void bodies --------------------------------------------------------------

  /**
   * A cold {@code Mono<Void>} of an action over no cowns: completes empty after the behaviour
   * released its cowns, or errors with the action's exception. Otherwise as {@link #mono(Body.Of0)}.
   *
   * @param action the action
   * @return the Mono
   * @throws NullPointerException if action is null
   */
  public Mono<Void> run(Action.Of0 action) {
    requireBody(action);
    return mono(() -> {
      action.run();
      return null;
    });
  }

  /**
   * A cold {@code Mono<Void>} of an action over {@code a}. See {@link #run(Action.Of0)}.
   *
   * @param a a cown or group
   * @param action the action
   * @param <A> what the action receives
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A> Mono<Void> run(Acquirable<A> a, Action.Of1<A> action) {
    requireBody(action);
    return mono(a, x -> {
      action.run(x);
      return null;
    });
  }

  /**
   * A cold {@code Mono<Void>} of an action over two arguments. See {@link #run(Action.Of0)}.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param action the action
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B> Mono<Void> run(Acquirable<A> a, Acquirable<B> b, Action.Of2<A, B> action) {
    requireBody(action);
    return mono(a, b, (x, y) -> {
      action.run(x, y);
      return null;
    });
  }

  /**
   * A cold {@code Mono<Void>} of an action over three arguments. See {@link #run(Action.Of0)}.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param c third cown or group
   * @param action the action
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <C> third delivered type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B, C> Mono<Void> run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Action.Of3<A, B, C> action) {
    requireBody(action);
    return mono(a, b, c, (x, y, z) -> {
      action.run(x, y, z);
      return null;
    });
  }

  /**
   * A cold {@code Mono<Void>} of an action over four arguments. See {@link #run(Action.Of0)}.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param c third cown or group
   * @param d fourth cown or group
   * @param action the action
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <C> third delivered type
   * @param <D> fourth delivered type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B, C, D> Mono<Void> run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d,
      Action.Of4<A, B, C, D> action) {
    requireBody(action);
    return mono(a, b, c, d, (w, x, y, z) -> {
      action.run(w, x, y, z);
      return null;
    });
  }

  /**
   * A cold {@code Mono<Void>} of an action over five arguments. See {@link #run(Action.Of0)}.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param c third cown or group
   * @param d fourth cown or group
   * @param e fifth cown or group
   * @param action the action
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <C> third delivered type
   * @param <D> fourth delivered type
   * @param <E> fifth delivered type
   * @return the Mono
   * @throws NullPointerException if an argument is null
   */
  public <A, B, C, D, E> Mono<Void> run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d, Acquirable<E> e,
      Action.Of5<A, B, C, D, E> action) {
    requireBody(action);
    return mono(a, b, c, d, e, (v, w, x, y, z) -> {
      action.run(v, w, x, y, z);
      return null;
    });
  }

  /**
   * A cold {@code Mono<Void>} of an action over a dynamic request. See {@link #monoAll} and {@link
   * #run(Action.Of0)}.
   *
   * @param request the cowns and groups
   * @param action the action
   * @return the Mono
   * @throws NullPointerException if the collection, an element or the action is null
   */
  public Mono<Void> runAll(Collection<? extends Acquirable<?>> request, Action.OfAll action) {
    requireBody(action);
    return monoAll(request, all -> {
      action.run(all);
      return null;
    });
  }

  // --- hot form -------------------------------------------------------------------------------

  /**
   * A hot {@code Mono} of a behaviour already scheduled: it emits {@code result}'s outcome with the
   * same semantics as {@link ResultCown#toCompletionStage()} — the body's value (empty for null), or
   * its very exception — after the behaviour released its cowns, on the thread that ran the body (or
   * at once on the requesting thread if it has already finished). Every subscription sees the same
   * outcome; none schedules anything, and cancelling only stops observing.
   *
   * @param result the result cown of a {@code when}
   * @param <T> the value type
   * @return the Mono
   * @throws NullPointerException if result is null
   */
  public <T> Mono<T> observe(ResultCown<T> result) {
    Objects.requireNonNull(result, "observe: result is null; pass the ResultCown a when returned");
    return new MonoObserve<>(result);
  }

  // --- Flux operators -------------------------------------------------------------------------

  /**
   * A transformer that maps each item to a behaviour {@code Mono} and keeps at most {@code
   * concurrency} of them subscribed at once — and never more than the runtime's back-pressure limit
   * — so at most that many of its behaviours are in flight. It requests items from upstream only as
   * behaviours finish, so a fast or unbounded source is slowed to the runtime's pace and memory stays
   * bounded; while the runtime is over its limit the behaviours wait for capacity and the source waits
   * with them. Results are emitted in completion order. Use it as {@code
   * flux.transform(bridge.bounded(item -> bridge.mono(...), 64))}.
   *
   * @param behaviour maps an item to the Mono that processes it, typically one of this bridge's
   *     {@code mono} forms; a Mono that completes empty emits nothing for its item
   * @param concurrency the most behaviours in flight at once, at least 1
   * @param <T> the item type
   * @param <R> the result type
   * @return the transformer, for {@link Flux#transform}
   * @throws NullPointerException if behaviour is null
   * @throws IllegalArgumentException if concurrency is less than 1
   */
  public <T, R> Function<Flux<T>, Flux<R>> bounded(
      Function<? super T, ? extends Mono<? extends R>> behaviour, int concurrency) {
    Objects.requireNonNull(behaviour, "bounded: the mapping to a behaviour is null; pass a lambda");
    int inFlight = cappedConcurrency(concurrency, "bounded");
    return flux -> FluxBounded.of(flux, behaviour, inFlight);
  }

  /**
   * A transformer that processes each item in a behaviour over the cowns its key names, with at most
   * {@code concurrency} behaviours in flight (and never more than the runtime's back-pressure limit):
   * for an item {@code t}, {@code body(t, key(t).delivered())} runs once it holds {@code key(t)}.
   * Behaviours are scheduled in the source's order, so items whose keys share a cown are processed in
   * source order, one at a time, while items on disjoint cowns run in parallel. Demand slows the source
   * as in {@link #bounded}; results are emitted in completion order.
   *
   * <pre>{@code
   * Flux<Receipt> receipts = orders.transform(
   *     bridge.perKey(order -> accounts.get(order.account()), (order, account) -> apply(order, account), 64));
   * }</pre>
   *
   * @param key names the cown or group an item needs (for example a {@code Cown.group} of both
   *     accounts of a transfer); must not return null
   * @param body processes an item while holding its key; its value is emitted, null emits nothing
   * @param concurrency the most behaviours in flight at once, at least 1
   * @param <T> the item type
   * @param <A> what the key delivers to the body
   * @param <R> the result type
   * @return the transformer, for {@link Flux#transform}
   * @throws NullPointerException if key or body is null (or, as {@code onError}, if key returns null)
   * @throws IllegalArgumentException if concurrency is less than 1
   */
  public <T, A, R> Function<Flux<T>, Flux<R>> perKey(
      Function<? super T, ? extends Acquirable<A>> key, Body.Of2<? super T, A, ? extends R> body,
      int concurrency) {
    Objects.requireNonNull(key, "perKey: key is null; pass a function from item to cown");
    Objects.requireNonNull(body, "perKey: body is null; pass a lambda (item, cown) -> ...");
    int inFlight = cappedConcurrency(concurrency, "perKey");
    return flux -> FluxBounded.of(flux,
        item -> this.<A, R>mono(
            Objects.requireNonNull(key.apply(item), "perKey: key returned null for " + item),
            a -> body.apply(item, a)),
        inFlight);
  }

  private int cappedConcurrency(int concurrency, String who) {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          who + ": concurrency must be at least 1, got " + concurrency);
    }
    return (int) Math.min(concurrency, backPressureLimit);
  }

  // --- messaging ------------------------------------------------------------------------------

  /**
   * The messages sent on {@code tag} to the runtime's {@linkplain Boc#mailbox() mailbox}, as an
   * endless {@code Flux}, oldest first. Demand-driven: a message is taken from the mailbox only when
   * the subscriber has requested it, so unrequested messages stay queued for other receivers, and
   * cancelling leaves the rest queued. No thread is parked: while the tag is empty and demand remains
   * the subscription looks again every {@link Builder#receivePoll(Duration) receive poll} interval on
   * a {@link Schedulers#parallel()} timer. Signals arrive on the requesting thread or that timer's.
   * Several subscriptions on one tag share its messages, each message going to one of them.
   *
   * @param tag the tag
   * @return the Flux of messages
   * @throws NullPointerException if tag is null
   */
  public Flux<Message> receive(String tag) {
    Objects.requireNonNull(tag, "receive: tag is null");
    return new FluxReceive(boc.mailbox(), tag, receivePoll);
  }

  /**
   * A cold {@code Mono<Void>} that sends {@code message} on {@code tag} to the runtime's mailbox when
   * first requested (once per subscription), and completes. It never blocks: if the mailbox is
   * bounded ({@link Boc.Builder#mailboxCapacity}) and the tag is full, it waits for {@link
   * Mailbox#onSpace} asynchronously and tries again (on {@link Schedulers#parallel()}); cancelling
   * meanwhile sends nothing. Several senders waiting on one full tag may send in any order; chain the
   * Monos ({@code concatMap}) to keep one sender's order. Errors with {@link IllegalStateException}
   * if the tag limit is reached.
   *
   * @param tag the tag
   * @param message the payload, passed by reference
   * @return the Mono
   * @throws NullPointerException if tag or message is null
   */
  public Mono<Void> send(String tag, Object message) {
    Objects.requireNonNull(tag, "send: tag is null");
    Objects.requireNonNull(message, "send: message is null; wrap absent values, e.g. in Optional");
    return new MonoSend(boc.mailbox(), tag, message);
  }

  // --- lifecycle ------------------------------------------------------------------------------

  /**
   * A cold {@code Mono} of {@link Boc#quiesce(Duration)}: emits its {@link WaitResult}, or errors with
   * its {@link TimeoutException} (or any other exception it throws). The wait runs on {@link
   * Schedulers#boundedElastic()}, never on the subscribing thread. If pinned work is queued and no
   * main thread is bound, the waiting thread would become the main thread: bind one first (run a
   * {@link #pumpDriver(Duration) pump driver}).
   *
   * @param timeout how long to wait; ZERO checks once
   * @return the Mono
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   */
  public Mono<WaitResult> quiesce(Duration timeout) {
    requireTimeout(timeout, "quiesce");
    return Mono.fromCallable(() -> boc.quiesce(timeout)).subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * A cold {@code Mono} of {@link Boc#waitAll(Duration)}: waits like {@link #quiesce} and then tears
   * the runtime down (the next behaviour starts a fresh one); emits the {@link WaitResult} or errors
   * with the {@link TimeoutException}. Runs on {@link Schedulers#boundedElastic()}, as {@link
   * #quiesce} does.
   *
   * @param timeout how long to wait; ZERO checks once
   * @return the Mono
   * @throws NullPointerException if timeout is null
   * @throws IllegalArgumentException if timeout is negative
   */
  public Mono<WaitResult> waitAll(Duration timeout) {
    requireTimeout(timeout, "waitAll");
    return Mono.fromCallable(() -> boc.waitAll(timeout)).subscribeOn(Schedulers.boundedElastic());
  }

  // --- pump driver ----------------------------------------------------------------------------

  /**
   * Configures a {@link PumpDriver} that pumps this runtime's pinned behaviours every {@code period}
   * on a Reactor scheduler whose thread becomes the runtime's main thread; {@link
   * PumpDriver.Builder#start()} starts it.
   *
   * @param period the tick period, positive
   * @return the driver's builder
   * @throws NullPointerException if period is null
   * @throws IllegalArgumentException if period is zero or negative
   */
  public PumpDriver.Builder pumpDriver(Duration period) {
    Objects.requireNonNull(period, "pumpDriver: period is null");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("pumpDriver: period must be positive, got " + period);
    }
    return new PumpDriver.Builder(boc, period);
  }

  @Override
  public String toString() {
    return "BocReactor[" + boc.name() + (propagation == Propagation.NONE ? "]"
        : ", propagating context]");
  }

  // --- helpers --------------------------------------------------------------------------------

  private static void requireBody(Object body) {
    Objects.requireNonNull(body, "mono/run: the body is null; pass a lambda");
  }

  private static void requireArgs(Acquirable<?>... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        throw new NullPointerException(
            "mono/run: argument " + (i + 1) + " is null; pass a Cown or a Cown.group(...)");
      }
    }
  }

  private static List<Acquirable<?>> copyRequest(Collection<? extends Acquirable<?>> request) {
    Objects.requireNonNull(request,
        "monoAll/runAll: the request collection is null; pass a collection of cowns and groups"
            + " (it may be empty)");
    List<Acquirable<?>> copy = new ArrayList<>(request);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) == null) {
        throw new NullPointerException("monoAll/runAll: element " + i
            + " of the request collection is null; pass only cowns and groups");
      }
    }
    return Collections.unmodifiableList(copy);
  }

  private static void requireTimeout(Duration timeout, String who) {
    Objects.requireNonNull(timeout, who + ": timeout is null; pass a Duration (ZERO checks once)");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(who + ": timeout must not be negative, got " + timeout);
    }
  }

  /** Configuration of a {@link BocReactor}. Not thread-safe; build once. */
  public static final class Builder {

    private final Boc boc;
    private boolean propagateContext;
    private Duration receivePoll = Duration.ofMillis(10);

    private Builder(Boc boc) {
      this.boc = boc;
    }

    /**
     * Whether bodies of the {@code mono} and {@code run} forms see the subscriber's context: thread
     * locals registered with Micrometer's context-propagation and the Reactor {@code Context} values
     * their accessors read (default false). See the class notes.
     *
     * @param propagate true to propagate
     * @return this builder
     */
    public Builder propagateContext(boolean propagate) {
      this.propagateContext = propagate;
      return this;
    }

    /**
     * How long a {@link BocReactor#receive(String) receive} subscription with unmet demand waits
     * before it looks at an empty tag again (default 10 ms): the latency of a message sent to an idle
     * receiver, against one timer task per interval while it idles.
     *
     * @param poll positive
     * @return this builder
     * @throws NullPointerException if poll is null
     * @throws IllegalArgumentException if poll is zero, negative or too long for nanoseconds
     */
    public Builder receivePoll(Duration poll) {
      Objects.requireNonNull(poll, "receivePoll: poll is null");
      if (poll.isZero() || poll.isNegative() || poll.compareTo(LONGEST_NANOS) >= 0) {
        throw new IllegalArgumentException(
            "receivePoll: poll must be positive and fit in nanoseconds, got " + poll);
      }
      this.receivePoll = poll;
      return this;
    }

    /**
     * Builds the bridge. The first bridge built in the JVM marks Reactor's non-blocking threads (see
     * the class notes).
     *
     * @return the bridge
     */
    public BocReactor build() {
      return new BocReactor(this);
    }
  }
}
