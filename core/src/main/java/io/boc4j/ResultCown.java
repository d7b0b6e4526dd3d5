package io.boc4j;

import io.boc4j.internal.WideBehaviour;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The cown returned by {@link Boc#when}: it is held by its behaviour from creation until the body
 * finishes, then holds the body's return value, or carries the exception it threw. Because it is a
 * cown, a later {@code when(result, ...)} runs after the body.
 *
 * <p>Outside behaviours, {@link #toCompletionStage()} observes the outcome without holding the cown.
 *
 * @param <T> the body's return type
 */
public final class ResultCown<T> extends Cown<T> {

  private static final VarHandle COMPLETION;

  static {
    try {
      COMPLETION =
          MethodHandles.lookup().findVarHandle(ResultCown.class, "completion", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Object DONE = new Object();

  /**
   * null: nobody asked and not done; a CompletableFuture: asked, not done; DONE: done. Moving to DONE
   * is a getAndSet, so exactly one of "asker registers" and "completer completes" sees the other.
   */
  @SuppressWarnings("unused") // accessed through COMPLETION
  private volatile Object completion;

  /**
   * The callback {@link Scheduling#observing} attached, or null. Written before the behaviour is
   * enqueued (the enqueue's volatile swap publishes it to whoever runs the behaviour), read and
   * cleared by the one thread that completes the behaviour: plain accesses suffice. A field of its
   * own rather than a dependent of a {@link CompletableFuture}: observing every behaviour is the
   * Reactor bridge's hot path, and this way it allocates nothing per behaviour.
   */
  private BiConsumer<Object, ? super Throwable> observer;

  // The body's own outcome, kept apart from the cown's value, which later behaviours may change.
  // Written before the volatile move to DONE, read after observing DONE.
  private T outcomeValue;
  private Throwable outcomeFailure;

  ResultCown(WideBehaviour owner) {
    super(owner);
  }

  /**
   * A stage completed with the body's value, or exceptionally with the very exception the body threw
   * (or the shutdown exception of a dropped behaviour), after the behaviour released its cowns. Each
   * call returns a new stage: completing or cancelling it changes neither this cown nor the behaviour.
   * A dependent callback that throws completes the stage it returned exceptionally ({@link
   * CompletableFuture}'s rule) and nothing else: the thread that ran the body, this cown and the
   * other callbacks go on. Any thread.
   *
   * @return a new stage
   */
  @SuppressWarnings("unchecked")
  public CompletionStage<T> toCompletionStage() {
    CompletableFuture<T> mine = new CompletableFuture<>();
    Object c = COMPLETION.getAcquire(this);
    while (c == null) {
      CompletableFuture<T> shared = new CompletableFuture<>();
      Object witness = COMPLETION.compareAndExchange(this, null, shared);
      c = witness == null ? shared : witness;
    }
    if (c == DONE) {
      complete(mine, outcomeValue, outcomeFailure);
    } else {
      ((CompletableFuture<T>) c).whenComplete((v, t) -> complete(mine, v, t));
    }
    return mine;
  }

  /**
   * Like {@link #toCompletionStage()}, but the stage completes on {@code executor}, so dependent
   * callbacks run there instead of on the thread that ran the body (a worker, or the main thread).
   * Use it when a callback may block or take long. If the executor rejects the task, the stage
   * completes exceptionally with its {@link java.util.concurrent.RejectedExecutionException} on the
   * thread that ran the body.
   *
   * @param executor where the stage completes
   * @return a new stage
   * @throws NullPointerException if executor is null
   */
  public CompletionStage<T> toCompletionStage(Executor executor) {
    Objects.requireNonNull(executor,
        "toCompletionStage: executor is null; pass one, or call toCompletionStage() to complete on"
            + " the thread that ran the body");
    CompletableFuture<T> moved = new CompletableFuture<>();
    toCompletionStage().whenComplete((v, t) -> {
      try {
        executor.execute(() -> complete(moved, v, t));
      } catch (RuntimeException rejected) {
        moved.completeExceptionally(rejected);
      }
    });
    return moved;
  }

  /**
   * Whether the behaviour has finished and released its cowns, so {@link #unwrap()} answers. Any
   * thread; never blocks.
   *
   * @return true once the outcome is observable
   */
  public boolean isDone() {
    return COMPLETION.getAcquire(this) == DONE; // LoadLoad: pairs with the getAndSet publishing it
  }

  /**
   * The body's outcome, read from outside behaviours once it is done (typically after {@code
   * quiesce} or {@code waitAll}): its return value, or its exception rethrown — an unchecked one or
   * an {@link Error} as it is, a checked one wrapped in {@link CompletionException} with it as the
   * cause. This is the body's own outcome; later behaviours that {@code set} this cown do not change
   * it (read the current value with {@link Boc#acquire}). Any thread; never blocks.
   *
   * @return the body's value
   * @throws IllegalStateException if the behaviour has not finished yet (it is still in flight):
   *     wait with {@code boc.quiesce(...)} or use {@link #toCompletionStage()}
   * @throws CompletionException wrapping a checked exception the body threw
   */
  public T unwrap() {
    if (!isDone()) {
      throw new IllegalStateException(
          "unwrap: " + this + " is still in flight (its behaviour has not finished); call it after"
              + " boc.quiesce(...) or boc.waitAll(...), or observe it with toCompletionStage()");
    }
    Throwable t = outcomeFailure;
    if (t == null) {
      return outcomeValue;
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new CompletionException(t);
  }

  /** Records the body's outcome; runtime only, while the behaviour still holds this cown. */
  void recordOutcome(T v, Throwable t) {
    storeOutcome(v, t);
    outcomeValue = v;
    outcomeFailure = t;
  }

  /**
   * Attaches {@code onDone}, called once with the outcome when the behaviour completes (see {@link
   * Scheduling#observing}). Only by the scheduling thread, before the behaviour is enqueued.
   */
  void observeBeforeEnqueue(BiConsumer<Object, ? super Throwable> onDone) {
    observer = onDone;
  }

  /** Completes observers; runtime only, after release, on the thread that completes the behaviour. */
  @SuppressWarnings("unchecked")
  void completeObservers() {
    Object c = COMPLETION.getAndSet(this, DONE); // volatile: publishes the outcome fields
    BiConsumer<Object, ? super Throwable> onDone = observer;
    if (onDone != null) {
      observer = null; // the result cown may outlive the behaviour by far; the observer need not
      tellObserver(onDone, outcomeValue, outcomeFailure);
    }
    if (c instanceof CompletableFuture) {
      complete((CompletableFuture<T>) c, outcomeValue, outcomeFailure);
    }
  }

  private static void tellObserver(
      BiConsumer<Object, ? super Throwable> onDone, Object value, Throwable failure) {
    try {
      onDone.accept(value, failure);
    } catch (Throwable t) {
      UserBehaviour.LOG.log(System.Logger.Level.WARNING, "an observing(...) callback " + onDone
          + " threw; the behaviour's outcome is unaffected and the runtime goes on: make the"
          + " callback not throw", t);
    }
  }

  private static <T> void complete(CompletableFuture<T> f, T v, Throwable t) {
    if (t != null) {
      f.completeExceptionally(t);
    } else {
      f.complete(v);
    }
  }
}
