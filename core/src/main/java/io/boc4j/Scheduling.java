package io.boc4j;

import io.boc4j.internal.BodyCall;
import io.boc4j.internal.Behaviour;
import io.boc4j.internal.Generation;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The ways to schedule a behaviour: {@code when} (with a result cown), {@code run} (fire-and-forget)
 * and {@code repeat} (self-rescheduling), in every shape — typed arities 0 to 5, groups ({@link
 * Cown#group}) in any position, and dynamic requests ({@code whenAll} / {@code runAll}). Any cown
 * argument or group member may be a read-only view ({@link Cown#read}, {@link Cown#readGroup}): that
 * cown is then requested read-only and shared with other readers.
 *
 * <p>A {@link Boc} is one: its forms admit a plain-thread caller the usual way (waiting while the
 * runtime is over its back-pressure limit, up to the producer timeout). {@link Boc#nonBlocking()} and
 * {@link Boc#waitingAtMost} return views with the same forms and another admission rule. Inside a
 * behaviour body no form ever waits.
 *
 * <p>Threading: every method may be called from any thread, including from inside bodies (that is
 * how programs chain work).
 *
 * <p>Errors, for every form: {@link NullPointerException} naming the null argument (nothing is
 * scheduled); {@link IllegalStateException} if the runtime is closed or shutting down; {@link
 * java.util.concurrent.RejectedExecutionException} if admission refused a plain-thread caller (see
 * {@link Boc.Builder#backPressureLimit}); nothing was scheduled in either case.
 */
public abstract sealed class Scheduling permits Boc, Boc.Admitting {

  static {
    // Initialise now, before any when(): a class whose static initialiser first runs at the end of
    // a stack (a program's first when() made deep in a recursion) fails with a StackOverflowError
    // and stays unusable for the life of the JVM (NoClassDefFoundError on every later use). The
    // runtime's internal classes are initialised by Generation's own initialiser, run here too.
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      for (Class<?> c : new Class<?>[] {UserBehaviour.class, OneCownRun.class, TwoCownRun.class,
          BodyCall.class, ResultCown.class, Cown.class, PinnedCown.class, CownGroup.class,
          Held.class, HeldGroup.class, Generation.class}) {
        lookup.ensureInitialized(c);
      }
    } catch (IllegalAccessException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  Scheduling() {}

  /** The runtime this schedules on. */
  abstract Boc runtime();

  /** How long admission may hold a plain-thread caller over the limit; 0 never waits. */
  abstract long admissionWaitNanos();

  /** The form's name as messages show it. */
  abstract String form();

  /** What {@link #observing} registered on every result this view creates, or null. */
  BiConsumer<Object, ? super Throwable> observer() {
    return null;
  }

  /**
   * These forms, with {@code onDone} registered on the result cown of every behaviour they schedule
   * with a result (each {@code when}, and each round of {@code repeat}) <em>before</em> the behaviour
   * is enqueued. So {@code onDone(value, failure)} — the body's value, or the very exception it threw,
   * as {@link ResultCown#toCompletionStage()} reports them — is called exactly once, after the
   * behaviour released its cowns, always on the thread that ran the body (a worker, or the main
   * thread for pinned cowns); a stage asked for after {@code when} returned completes at once on the
   * asking thread if the body was quicker. For integrations that promise where their signals arrive
   * (the Reactor bridge). If a form throws, nothing was scheduled and {@code onDone} is never called.
   * The {@code run} forms have no result and do not call it. The view keeps this view's admission
   * rule.
   *
   * <p>Like a completion callback, {@code onDone} is not a body: keep it short, and never block in it.
   * If it throws, the throwable is logged on {@code io.boc4j.runtime} (WARNING) and goes no further:
   * the behaviour, its result cown and every other observer are unaffected.
   *
   * @param onDone called with the outcome of each behaviour scheduled with a result
   * @return a view (a new one per call; cheap)
   * @throws NullPointerException if onDone is null
   */
  public Scheduling observing(BiConsumer<Object, ? super Throwable> onDone) {
    Objects.requireNonNull(onDone, "observing: onDone is null; pass (value, failure) -> ...");
    return new Boc.Admitting(runtime(), admissionWaitNanos(), form(), onDone);
  }

  // --- when: returns a result cown ------------------------------------------------------------

  /**
   * Schedules a body over no cowns; it runs on a worker.
   *
   * @param body the body
   * @param <R> result type
   * @return the result cown, held until the body finishes
   * @throws NullPointerException if body is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <R> ResultCown<R> when(Body.Of0<R> body) {
    return submitWithResult(UserBehaviour.ofAll(BodyCall.WHEN0, requireBody(body), NONE));
  }

  /**
   * Schedules {@code body} to run once {@code a} is held.
   *
   * @param a a cown or group
   * @param body receives {@code a.delivered()}
   * @param <A> what the body receives
   * @param <R> result type
   * @return the result cown, held until the body finishes
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, R> ResultCown<R> when(Acquirable<A> a, Body.Of1<A, R> body) {
    requireBody(body);
    if (requireArg(a, 1) instanceof Cown) {
      return submitWithResult(UserBehaviour.ofOne(BodyCall.WHEN1, body, (Cown<?>) a));
    }
    return submitWithResult(UserBehaviour.of(BodyCall.WHEN1, body, a, null));
  }

  /**
   * Schedules {@code body} to run once {@code a} and {@code b} are both held.
   *
   * @param a first cown or group
   * @param b second cown or group
   * @param body receives the delivered arguments in order
   * @param <A> first delivered type
   * @param <B> second delivered type
   * @param <R> result type
   * @return the result cown, held until the body finishes
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, R> ResultCown<R> when(Acquirable<A> a, Acquirable<B> b, Body.Of2<A, B, R> body) {
    requireBody(body);
    requireArg(a, 1);
    requireArg(b, 2);
    if (a instanceof Cown && b instanceof Cown) {
      return submitWithResult(UserBehaviour.ofTwo(BodyCall.WHEN2, body, (Cown<?>) a, (Cown<?>) b));
    }
    return submitWithResult(UserBehaviour.of(BodyCall.WHEN2, body, a, b));
  }

  /**
   * Schedules {@code body} over three arguments. See {@link #when(Acquirable, Acquirable,
   *     Body.Of2)}.
   *
   * @param a 1st
   * @param b 2nd
   * @param c 3rd
   * @param body receives the delivered arguments in order
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <R> result type
   * @return the result cown
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, R> ResultCown<R> when(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Body.Of3<A, B, C, R> body) {
    return submitWithResult(UserBehaviour.ofMany(BodyCall.WHEN3, requireBody(body), args(a, b, c)));
  }

  /**
   * Schedules {@code body} over four arguments. See {@link #when(Acquirable, Acquirable,
   *     Body.Of2)}.
   *
   * @param a 1st
   * @param b 2nd
   * @param c 3rd
   * @param d 4th
   * @param body receives the delivered arguments in order
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   * @param <R> result type
   * @return the result cown
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D, R> ResultCown<R> when(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d,
      Body.Of4<A, B, C, D, R> body) {
    return submitWithResult(UserBehaviour.ofMany(BodyCall.WHEN4, requireBody(body), args(a, b, c, d)));
  }

  /**
   * Schedules {@code body} over five arguments. See {@link #when(Acquirable, Acquirable,
   *     Body.Of2)}.
   *
   * @param a 1st
   * @param b 2nd
   * @param c 3rd
   * @param d 4th
   * @param e 5th
   * @param body receives the delivered arguments in order
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   * @param <E> 5th
   * @param <R> result
   * @return the result cown
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D, E, R> ResultCown<R> when(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d, Acquirable<E> e,
      Body.Of5<A, B, C, D, E, R> body) {
    return submitWithResult(
        UserBehaviour.ofMany(BodyCall.WHEN5, requireBody(body), args(a, b, c, d, e)));
  }

  /**
   * Schedules {@code body} over a dynamic request: any number of cowns and groups, possibly none
   * (then the body runs on a worker with nothing held). The body receives one delivered object per
   * argument, in iteration order; read them without casts through {@link Delivered#cown} and {@link
   * Delivered#group}. For cowns of one type, {@code when(Cown.group(list), cowns -> ...)} delivers a
   * typed {@code List<Cown<T>>} directly.
   *
   * @param request the cowns and groups; the collection is copied
   * @param body the body
   * @param <R> result type
   * @return the result cown
   * @throws NullPointerException if the collection, an element or the body is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <R> ResultCown<R> whenAll(
      Collection<? extends Acquirable<?>> request, Body.OfAll<R> body) {
    return submitWithResult(UserBehaviour.ofAll(BodyCall.WHEN_ALL, requireBody(body), args(request)));
  }

  // --- run: fire-and-forget -------------------------------------------------------------------

  /**
   * Fire-and-forget over no cowns: like {@link #when(Body.Of0)} with no result cown; a throwing
   * action is counted as failed and logged. Ordering and exclusivity rules are the same.
   *
   * @param action the action
   * @throws NullPointerException if action is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public void run(Action.Of0 action) {
    submitPlain(UserBehaviour.ofAll(BodyCall.RUN0, requireBody(action), NONE));
  }

  /**
   * Fire-and-forget over one argument. See {@link #run(Action.Of0)}.
   *
   * @param a cown or group
   * @param action the action
   * @param <A> delivered type
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A> void run(Acquirable<A> a, Action.Of1<A> action) {
    requireBody(action);
    if (requireArg(a, 1) instanceof Cown) {
      submitPlain(OneCownRun.of(action, (Cown<?>) a));
    } else {
      submitPlain(UserBehaviour.of(BodyCall.RUN1, action, a, null));
    }
  }

  /**
   * Fire-and-forget over two arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st
   * @param b 2nd
   * @param action the action
   * @param <A> 1st
   * @param <B> 2nd
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B> void run(Acquirable<A> a, Acquirable<B> b, Action.Of2<A, B> action) {
    requireBody(action);
    requireArg(a, 1);
    requireArg(b, 2);
    if (a instanceof Cown && b instanceof Cown) {
      submitPlain(TwoCownRun.of(action, (Cown<?>) a, (Cown<?>) b));
    } else {
      submitPlain(UserBehaviour.of(BodyCall.RUN2, action, a, b));
    }
  }

  /**
   * Fire-and-forget over three arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st
   * @param b 2nd
   * @param c 3rd
   * @param action the action
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C> void run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Action.Of3<A, B, C> action) {
    submitPlain(UserBehaviour.ofMany(BodyCall.RUN3, requireBody(action), args(a, b, c)));
  }

  /**
   * Fire-and-forget over four arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st
   * @param b 2nd
   * @param c 3rd
   * @param d 4th
   * @param action the action
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D> void run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d,
      Action.Of4<A, B, C, D> action) {
    submitPlain(UserBehaviour.ofMany(BodyCall.RUN4, requireBody(action), args(a, b, c, d)));
  }

  /**
   * Fire-and-forget over five arguments. See {@link #run(Action.Of0)}.
   *
   * @param a 1st
   * @param b 2nd
   * @param c 3rd
   * @param d 4th
   * @param e 5th
   * @param action the action
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   * @param <E> 5th
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public <A, B, C, D, E> void run(
      Acquirable<A> a, Acquirable<B> b, Acquirable<C> c, Acquirable<D> d, Acquirable<E> e,
      Action.Of5<A, B, C, D, E> action) {
    submitPlain(UserBehaviour.ofMany(BodyCall.RUN5, requireBody(action), args(a, b, c, d, e)));
  }

  /**
   * Fire-and-forget over a dynamic request. See {@link #whenAll}.
   *
   * @param request the cowns and groups
   * @param action the action
   * @throws NullPointerException if the collection, an element or the action is null
   * @throws IllegalStateException if the runtime is closed or shutting down
   */
  public void runAll(Collection<? extends Acquirable<?>> request, Action.OfAll action) {
    submitPlain(UserBehaviour.ofAll(BodyCall.RUN_ALL, requireBody(action), args(request)));
  }

  // --- repeat: self-rescheduling -------------------------------------------------------------

  /**
   * Runs {@code step} over {@code a} again and again while it returns true: each round is a fresh
   * behaviour, scheduled from inside the previous round, so behaviours scheduled meanwhile on {@code
   * a} run between rounds (a loop that held the cown for good would starve them), and every rule of
   * {@code when} holds for each round. It is the lambda form of a self-rescheduling behaviour, which
   * a lambda cannot write by naming itself.
   *
   * @param a a cown or group
   * @param step one round; returns whether to run another (null counts as false)
   * @param <A> what the step receives
   * @return a stage completed after the last round released its cowns: normally once a round
   *     returned false, exceptionally with the very exception of a round that threw (which ends the
   *     loop); like a result's stage, it completes on the thread that ran that round
   * @throws NullPointerException if an argument is null
   */
  public <A> CompletionStage<Void> repeat(Acquirable<A> a, Body.Of1<A, Boolean> step) {
    requireBody(step);
    requireArg(a, 1);
    CompletableFuture<Void> done = new CompletableFuture<>();
    round(a, step, done);
    return done.minimalCompletionStage();
  }

  private <A> void round(Acquirable<A> a, Body.Of1<A, Boolean> step, CompletableFuture<Void> done) {
    ResultCown<Boolean> r = when(a, x -> {
      boolean again = Boolean.TRUE.equals(step.apply(x));
      if (again) {
        round(a, step, done); // from inside the body: never waits, and orders the next round after
      }
      return again;
    });
    r.toCompletionStage().whenComplete((again, failure) -> {
      if (failure != null) {
        done.completeExceptionally(failure);
      } else if (!again) {
        done.complete(null);
      }
    });
  }

  // --- argument checks ------------------------------------------------------------------------

  static final Acquirable<?>[] NONE = new Acquirable<?>[0];

  private <R> ResultCown<R> submitWithResult(UserBehaviour b) {
    ResultCown<R> result = b.withResult();
    BiConsumer<Object, ? super Throwable> onDone = observer();
    if (onDone != null) {
      result.observeBeforeEnqueue(onDone); // before enqueue: it cannot be done yet
    }
    submitPlain(b);
    return result;
  }

  private void submitPlain(Behaviour b) {
    runtime().submit(b, admissionWaitNanos(), form());
  }

  static <T> T requireBody(T body) {
    return Objects.requireNonNull(body, "when/run: the body is null; pass a lambda");
  }

  static Acquirable<?> requireArg(Acquirable<?> a, int position) {
    if (a == null) {
      throw new NullPointerException(
          "when/run: argument " + position + " is null; pass a Cown or a Cown.group(...)");
    }
    return a;
  }

  static Acquirable<?>[] args(Acquirable<?>... as) {
    for (int i = 0; i < as.length; i++) {
      requireArg(as[i], i + 1);
    }
    return as;
  }

  static Acquirable<?>[] args(Collection<? extends Acquirable<?>> request) {
    Objects.requireNonNull(request,
        "whenAll/runAll: the request collection is null; pass a collection of cowns and groups"
            + " (it may be empty)");
    List<Acquirable<?>> copy = new ArrayList<>(request);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) == null) {
        throw new NullPointerException("whenAll/runAll: element " + i
            + " of the request collection is null; pass only cowns and groups");
      }
    }
    return copy.toArray(NONE);
  }
}
