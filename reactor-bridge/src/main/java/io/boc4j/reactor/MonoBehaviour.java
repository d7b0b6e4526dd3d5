package io.boc4j.reactor;

import io.boc4j.Acquirable;
import io.boc4j.Body;
import io.boc4j.Scheduling;
import io.micrometer.context.ContextSnapshot;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The cold {@code Mono} of a {@code when}: every subscription schedules one behaviour when it first
 * requests, and emits that behaviour's outcome. {@link BocReactor}'s {@code mono} forms build it, one
 * subclass per shape holding that shape's arguments.
 *
 * <h2>Cancellation</h2>
 *
 * The body the runtime runs is the subscription itself ({@link BehaviourSubscription} implements every
 * {@link Body} shape), and its first act is to pass the subscription's gate, which succeeds exactly
 * once and only if the subscriber has not cancelled; a cancel closes the gate if the body has not
 * passed it. So:
 *
 * <ul>
 *   <li>cancelled before admission: nothing is scheduled;
 *   <li>cancelled after scheduling, before the body starts: the behaviour still takes and releases
 *       its cowns in its place in the order (nothing behind it is reordered or starved), but the
 *       body is skipped and its result cown carries a {@link CancellationException};
 *   <li>cancelled after the body started: the body runs to completion; its value is discarded.
 * </ul>
 *
 * Nothing is ever interrupted.
 *
 * <p>Allocation: a subscription is one object, which is also the behaviour's body and its outcome's
 * observer; besides it, scheduling allocates only core's behaviour, its result cown and the observing
 * view. No lambda is captured per subscription, and nothing is captured for context propagation unless
 * it is enabled.
 *
 * @param <T> the value type
 */
abstract class MonoBehaviour<T> extends Mono<T> {

  private final Admission admission;
  private final Propagation propagation;
  /** The user's body: a {@link Body} of the subclass's shape. */
  final Object body;

  private MonoBehaviour(Admission admission, Propagation propagation, Object body) {
    this.admission = admission;
    this.propagation = propagation;
    this.body = body;
  }

  /** Schedules this shape's behaviour through {@code via}, with {@code s} as its body. */
  abstract void schedule(Scheduling via, BehaviourSubscription<T> s);

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    // Captured here, on the subscribing thread: its thread locals and the subscriber's Context.
    ContextSnapshot snapshot = propagation.capture(actual);
    actual.onSubscribe(new BehaviourSubscription<>(actual, this, snapshot));
  }

  // --- one subclass per shape: its arguments, and the matching when ---------------------------

  static final class Of0<T> extends MonoBehaviour<T> {
    Of0(Admission admission, Propagation propagation, Body.Of0<T> body) {
      super(admission, propagation, body);
    }

    @Override
    void schedule(Scheduling via, BehaviourSubscription<T> s) {
      via.when(s);
    }
  }

  static final class Of1<T> extends MonoBehaviour<T> {
    private final Acquirable<?> a;

    Of1(Admission admission, Propagation propagation, Acquirable<?> a, Body.Of1<?, T> body) {
      super(admission, propagation, body);
      this.a = a;
    }

    @Override
    @SuppressWarnings("unchecked")
    void schedule(Scheduling via, BehaviourSubscription<T> s) {
      via.when((Acquirable<Object>) a, s);
    }
  }

  static final class Of2<T> extends MonoBehaviour<T> {
    private final Acquirable<?> a;
    private final Acquirable<?> b;

    Of2(Admission admission, Propagation propagation, Acquirable<?> a, Acquirable<?> b,
        Body.Of2<?, ?, T> body) {
      super(admission, propagation, body);
      this.a = a;
      this.b = b;
    }

    @Override
    @SuppressWarnings("unchecked")
    void schedule(Scheduling via, BehaviourSubscription<T> s) {
      via.when((Acquirable<Object>) a, (Acquirable<Object>) b, s);
    }
  }

  static final class Of3<T> extends MonoBehaviour<T> {
    private final Acquirable<?> a;
    private final Acquirable<?> b;
    private final Acquirable<?> c;

    Of3(Admission admission, Propagation propagation, Acquirable<?> a, Acquirable<?> b,
        Acquirable<?> c, Body.Of3<?, ?, ?, T> body) {
      super(admission, propagation, body);
      this.a = a;
      this.b = b;
      this.c = c;
    }

    @Override
    @SuppressWarnings("unchecked")
    void schedule(Scheduling via, BehaviourSubscription<T> s) {
      via.when((Acquirable<Object>) a, (Acquirable<Object>) b, (Acquirable<Object>) c, s);
    }
  }

  static final class Of4<T> extends MonoBehaviour<T> {
    private final Acquirable<?> a;
    private final Acquirable<?> b;
    private final Acquirable<?> c;
    private final Acquirable<?> d;

    Of4(Admission admission, Propagation propagation, Acquirable<?> a, Acquirable<?> b,
        Acquirable<?> c, Acquirable<?> d, Body.Of4<?, ?, ?, ?, T> body) {
      super(admission, propagation, body);
      this.a = a;
      this.b = b;
      this.c = c;
      this.d = d;
    }

    @Override
    @SuppressWarnings("unchecked")
    void schedule(Scheduling via, BehaviourSubscription<T> s) {
      via.when((Acquirable<Object>) a, (Acquirable<Object>) b, (Acquirable<Object>) c,
          (Acquirable<Object>) d, s);
    }
  }

  static final class Of5<T> extends MonoBehaviour<T> {
    private final Acquirable<?> a;
    private final Acquirable<?> b;
    private final Acquirable<?> c;
    private final Acquirable<?> d;
    private final Acquirable<?> e;

    Of5(Admission admission, Propagation propagation, Acquirable<?> a, Acquirable<?> b,
        Acquirable<?> c, Acquirable<?> d, Acquirable<?> e, Body.Of5<?, ?, ?, ?, ?, T> body) {
      super(admission, propagation, body);
      this.a = a;
      this.b = b;
      this.c = c;
      this.d = d;
      this.e = e;
    }

    @Override
    @SuppressWarnings("unchecked")
    void schedule(Scheduling via, BehaviourSubscription<T> s) {
      via.when((Acquirable<Object>) a, (Acquirable<Object>) b, (Acquirable<Object>) c,
          (Acquirable<Object>) d, (Acquirable<Object>) e, s);
    }
  }

  static final class OfAll<T> extends MonoBehaviour<T> {
    private final List<Acquirable<?>> request;

    OfAll(Admission admission, Propagation propagation, List<Acquirable<?>> request,
        Body.OfAll<T> body) {
      super(admission, propagation, body);
      this.request = request;
    }

    @Override
    void schedule(Scheduling via, BehaviourSubscription<T> s) {
      via.whenAll(request, s);
    }
  }

  /**
   * One subscription: waits in the {@link Admission} queue until scheduled, then observes the result.
   * It is also the behaviour's body, of whichever shape its Mono schedules, and the gate in front of
   * the user's body.
   */
  @SuppressWarnings("unchecked")
  static final class BehaviourSubscription<T> extends ResultSubscription<T>
      implements Admission.Pending, Body.Of0<T>, Body.Of1<Object, T>, Body.Of2<Object, Object, T>,
          Body.Of3<Object, Object, Object, T>, Body.Of4<Object, Object, Object, Object, T>,
          Body.Of5<Object, Object, Object, Object, Object, T>, Body.OfAll<T> {

    private static final int OPEN = 0;
    private static final int STARTED = 1;
    private static final int SKIPPED = 2;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<BehaviourSubscription> BODY =
        AtomicIntegerFieldUpdater.newUpdater(BehaviourSubscription.class, "body");

    private final MonoBehaviour<T> mono;
    private final ContextSnapshot snapshot;

    /** OPEN until the body passes the gate (STARTED) or a cancel closes it first (SKIPPED). */
    private volatile int body;

    BehaviourSubscription(
        CoreSubscriber<? super T> actual, MonoBehaviour<T> mono, ContextSnapshot snapshot) {
      super(actual);
      this.mono = mono;
      this.snapshot = snapshot;
    }

    @Override
    void start() {
      mono.admission.submit(this);
    }

    @Override
    public void cancel() {
      super.cancel();
      BODY.compareAndSet(this, OPEN, SKIPPED); // fails if the body already started: it completes
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void schedule(Scheduling via) {
      // Observed from before the behaviour is enqueued: the signal comes on the body's thread even
      // when the body finishes before when returns.
      mono.schedule(via.observing(this), this);
    }

    @Override
    public void fail(Throwable failure) {
      accept(null, failure);
    }

    // --- the gate: the first act of the body, on the thread that runs it ----------------------

    /**
     * Passes the gate, and sets the propagated thread locals if there are any.
     *
     * @return the scope to close after the body, or null
     * @throws CancellationException if the subscriber cancelled before the body started
     */
    private ContextSnapshot.Scope enter() {
      if (!BODY.compareAndSet(this, OPEN, STARTED)) {
        throw new CancellationException(
            "the Mono's subscriber cancelled before this behaviour's body started: the body was"
                + " skipped; its cowns were still acquired and released in order");
      }
      return snapshot == null ? null : snapshot.setThreadLocals();
    }

    /** Restores the worker's own thread locals: nothing leaks into the next body. */
    private static void exit(ContextSnapshot.Scope scope) {
      if (scope != null) {
        scope.close();
      }
    }

    @Override
    public T apply() throws Exception {
      ContextSnapshot.Scope scope = enter();
      try {
        return ((Body.Of0<T>) mono.body).apply();
      } finally {
        exit(scope);
      }
    }

    @Override
    public T apply(Object a) throws Exception {
      ContextSnapshot.Scope scope = enter();
      try {
        return ((Body.Of1<Object, T>) mono.body).apply(a);
      } finally {
        exit(scope);
      }
    }

    @Override
    public T apply(Object a, Object b) throws Exception {
      ContextSnapshot.Scope scope = enter();
      try {
        return ((Body.Of2<Object, Object, T>) mono.body).apply(a, b);
      } finally {
        exit(scope);
      }
    }

    @Override
    public T apply(Object a, Object b, Object c) throws Exception {
      ContextSnapshot.Scope scope = enter();
      try {
        return ((Body.Of3<Object, Object, Object, T>) mono.body).apply(a, b, c);
      } finally {
        exit(scope);
      }
    }

    @Override
    public T apply(Object a, Object b, Object c, Object d) throws Exception {
      ContextSnapshot.Scope scope = enter();
      try {
        return ((Body.Of4<Object, Object, Object, Object, T>) mono.body).apply(a, b, c, d);
      } finally {
        exit(scope);
      }
    }

    @Override
    public T apply(Object a, Object b, Object c, Object d, Object e) throws Exception {
      ContextSnapshot.Scope scope = enter();
      try {
        return ((Body.Of5<Object, Object, Object, Object, Object, T>) mono.body)
            .apply(a, b, c, d, e);
      } finally {
        exit(scope);
      }
    }

    @Override
    public T apply(List<Object> delivered) throws Exception {
      ContextSnapshot.Scope scope = enter();
      try {
        return ((Body.OfAll<T>) mono.body).apply(delivered);
      } finally {
        exit(scope);
      }
    }

    @Override
    void dropped(T value, Throwable failure) {
      super.dropped(value, failure);
      if (failure != null && body != SKIPPED) {
        // The body ran and threw after the subscriber left: report it the Reactor way (the failure
        // also stays on the result cown). A skipped body's CancellationException is expected.
        Operators.onErrorDropped(failure, actual.currentContext());
      }
    }
  }
}
