package io.boc4j.reactor;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The operator behind {@link BocReactor#bounded} and {@link BocReactor#perKey}: maps each item to a
 * {@code Mono}, keeps at most {@code concurrency} of them subscribed, pulls one more item from
 * upstream each time one has finished and its value has gone downstream, and emits the values in
 * completion order. Observably it is {@code flatMap(mapper, concurrency)} restricted to {@code
 * Mono}s: the same demand, error (not delayed; {@code onErrorContinue} honoured), cancellation and
 * discard rules.
 *
 * <h2>Why not {@code flatMap}</h2>
 *
 * Profiles of the {@code mono} benchmark showed Reactor's {@code flatMap} costing more per behaviour
 * than the behaviour itself: every inner completion runs its drain loop, which scans the whole array
 * of inner subscribers (64 for a concurrency of 64) and checks termination per entry; inner
 * subscribers are tracked under a {@code synchronized} block; and an inner value that arrives while
 * another thread drains gets a 32-slot queue of its own. A {@code Mono} has at most one value, so none
 * of that is needed: here a finished inner is handed over as one object, and in the common case (no
 * other thread emitting, demand available) the finishing thread emits its value, frees the slot and
 * requests the next item itself, with one uncontended compare-and-set.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>Emission</b> is serialised by the work-in-progress counter {@link Main#wip}: whoever moves
 *       it from 0 emits values, frees slots, requests from upstream ({@code request} calls must be
 *       serial) and terminates; others leave their finished inner on the ready queue and increment it,
 *       so the owner loops once more.
 *   <li><b>The ready queue</b> is an intrusive multi-producer single-consumer linked queue (D. Vyukov's)
 *       through {@link Inner#next}, so handing over allocates nothing: producers swap themselves in as
 *       {@link Main#tail} (atomic exchange) and then link the previous tail to themselves with a release
 *       store; the single consumer, the emitter, follows {@code next} from the last consumed node. A
 *       producer links before it increments {@code wip}, so the emitter cannot miss it.
 *   <li><b>Slots</b>: each subscribed inner holds one of {@code concurrency} slots, so that {@code
 *       cancel} can reach every inner. Free slot numbers form a stack ({@link Main#free}, {@link
 *       Main#nextFree}) popped by {@code onNext} and pushed by the emitter; as each side is serial, no
 *       number can leave and return to the stack between a pop's read and its compare-and-set, so the
 *       stack has no ABA problem. {@code onNext} stores the inner in its slot and then reads {@code
 *       cancelled}; {@code cancel} writes {@code cancelled} and then reads the slots. Both are
 *       volatile, so at least one of them sees the other and no inner escapes a cancel.
 *   <li><b>Counts</b>: {@link Main#accepted} (items taken, written by {@code onNext}) is a plain
 *       field: the emitter compares it only after reading {@code done == true}, and upstream's serial
 *       signals order every {@code onNext} before the {@code onComplete} that wrote {@code done}.
 * </ul>
 *
 * @param <T> the item type
 * @param <R> the result type
 */
final class FluxBounded<T, R> extends Flux<R> {

  private final Flux<? extends T> source;
  private final Function<? super T, ? extends Mono<? extends R>> mapper;
  private final int concurrency;

  private FluxBounded(
      Flux<? extends T> source, Function<? super T, ? extends Mono<? extends R>> mapper,
      int concurrency) {
    this.source = source;
    this.mapper = mapper;
    this.concurrency = concurrency;
  }

  /** The operator over {@code source}, through Reactor's assembly hooks as any operator. */
  static <T, R> Flux<R> of(
      Flux<? extends T> source, Function<? super T, ? extends Mono<? extends R>> mapper,
      int concurrency) {
    return onAssembly(new FluxBounded<>(source, mapper, concurrency));
  }

  @Override
  public void subscribe(CoreSubscriber<? super R> actual) {
    source.subscribe(new Main<T, R>(actual, mapper, concurrency));
  }

  /** The subscriber to the items and the subscription of the results. */
  static final class Main<T, R> implements CoreSubscriber<T>, Subscription, Scannable {

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Main> WIP =
        AtomicIntegerFieldUpdater.newUpdater(Main.class, "wip");
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<Main> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(Main.class, "requested");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Main, Throwable> ERROR =
        AtomicReferenceFieldUpdater.newUpdater(Main.class, Throwable.class, "error");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Main, Inner> TAIL =
        AtomicReferenceFieldUpdater.newUpdater(Main.class, Inner.class, "tail");
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Main> FREE =
        AtomicIntegerFieldUpdater.newUpdater(Main.class, "free");

    final CoreSubscriber<? super R> actual;
    private final Function<? super T, ? extends Mono<? extends R>> mapper;
    private final int concurrency;

    /** The inner subscribed in each slot, or null (a finished one may linger until reused). */
    private final AtomicReferenceArray<Inner<R>> slots;
    /** The free-slot stack: the slot below each free slot, -1 at the bottom. */
    private final int[] nextFree;
    /** The top of the free-slot stack, -1 when every slot is taken. */
    private volatile int free;

    private Subscription upstream;
    private volatile boolean done;
    private volatile Throwable error;
    private volatile boolean cancelled;
    /** Set once the terminal signal went downstream (emitter only, read by onNext). */
    private volatile boolean terminated;
    private volatile long requested;
    private volatile int wip;

    /** Items taken from upstream (onNext only; see the class notes for why plain). */
    private long accepted;
    /**
     * Items whose mapping failed and were skipped by onErrorContinue (written by onNext only).
     * Volatile, unlike accepted, because the emitter also reads it before upstream is done, to request
     * replacements; it changes only on that rare path.
     */
    private volatile long skipped;

    /** The ready queue's last node (producers) and last consumed node (emitter only). */
    private volatile Inner<R> tail;
    private Inner<R> head;

    // Emitter only: values emitted, inners (and skipped items) finished, items to request.
    private long emitted;
    private long finished;
    private long skippedSeen;
    private long replenish;

    Main(CoreSubscriber<? super R> actual, Function<? super T, ? extends Mono<? extends R>> mapper,
        int concurrency) {
      this.actual = actual;
      this.mapper = mapper;
      this.concurrency = concurrency;
      this.slots = new AtomicReferenceArray<>(concurrency);
      this.nextFree = new int[concurrency];
      for (int i = 0; i < concurrency; i++) {
        nextFree[i] = i + 1 < concurrency ? i + 1 : -1;
      }
      this.free = 0;
      Inner<R> stub = new Inner<>(this, -1);
      this.head = stub;
      this.tail = stub;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    // --- upstream signals (serial) --------------------------------------------------------------

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.validate(upstream, s)) {
        upstream = s;
        actual.onSubscribe(this);
        s.request(concurrency);
      }
    }

    @Override
    public void onNext(T item) {
      if (done) {
        Operators.onNextDropped(item, actual.currentContext());
        return;
      }
      if (cancelled || terminated) {
        Operators.onDiscard(item, actual.currentContext());
        return;
      }
      Mono<? extends R> mono;
      try {
        mono = Objects.requireNonNull(mapper.apply(item),
            "bounded: the mapping returned null for an item; return a Mono (Mono.empty() for none)");
      } catch (Throwable e) {
        Throwable failure = Operators.onNextError(item, e, actual.currentContext(), upstream);
        Operators.onDiscard(item, actual.currentContext());
        if (failure != null) {
          onError(failure);
        } else {
          accepted++;
          skipped = skipped + 1; // onErrorContinue: counted finished; the emitter requests another
          drain();
        }
        return;
      }
      int slot = popFree();
      if (slot < 0) {
        onError(Operators.onOperatorError(upstream,
            Exceptions.failWithOverflow("bounded: upstream sent more items than requested"),
            item, actual.currentContext()));
        return;
      }
      Inner<R> inner = new Inner<>(this, slot);
      slots.set(slot, inner); // volatile: ordered before the read of cancelled (class notes)
      accepted++;             // before subscribing: the inner may finish inside subscribe
      if (cancelled) {
        inner.cancel();       // cancel() may have scanned before the store; it may also cancel it
        Operators.onDiscard(item, actual.currentContext());
        return;
      }
      // As flatMap does: through Publisher.subscribe, so Reactor's last-operator hooks apply and a
      // Mono that throws in subscribe is reported to the inner as onError.
      ((Publisher<? extends R>) mono).subscribe(inner);
    }

    @Override
    public void onError(Throwable t) {
      if (done) {
        Operators.onErrorDropped(t, actual.currentContext());
        return;
      }
      if (Exceptions.addThrowable(ERROR, this, t)) {
        done = true;
        drain();
      } else {
        Operators.onErrorDropped(t, actual.currentContext());
      }
    }

    @Override
    public void onComplete() {
      if (done) {
        return;
      }
      done = true;
      drain();
    }

    // --- downstream's subscription --------------------------------------------------------------

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        Operators.addCap(REQUESTED, this, n);
        drain();
      }
    }

    @Override
    public void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true; // volatile: ordered before the slot reads (class notes)
      upstream.cancel();
      cancelInners();
      drain(); // discards values waiting for demand
    }

    // --- inner signals ----------------------------------------------------------------------------

    /** An inner finished, with its value (if any) in {@link Inner#value}. Its thread; once each. */
    void innerDone(Inner<R> inner) {
      if (wip == 0 && WIP.compareAndSet(this, 0, 1)) {
        // The emitter now. Nothing waits ahead of this inner: handle it here and save the hand-over.
        if (head.next != null || !tryFinish(inner)) {
          enqueue(inner);
        }
        drainLoop(1);
        return;
      }
      enqueue(inner);
      if (WIP.getAndIncrement(this) == 0) {
        drainLoop(1);
      }
    }

    /** An inner failed. Not delayed: like flatMap, the first error cancels everything. */
    void innerError(Inner<R> inner, Throwable e) {
      Throwable failure = Operators.onNextInnerError(e, actual.currentContext(), upstream);
      if (failure == null) {
        innerDone(inner); // onErrorContinue: as if it completed empty
      } else if (Exceptions.addThrowable(ERROR, this, failure)) {
        drain();
      } else {
        Operators.onErrorDropped(failure, actual.currentContext());
      }
    }

    private void enqueue(Inner<R> inner) {
      @SuppressWarnings("unchecked")
      Inner<R> previous = TAIL.getAndSet(this, inner);
      Inner.NEXT.lazySet(previous, inner); // release: the inner's value is visible with the link
    }

    // --- the emitter ----------------------------------------------------------------------------

    private void drain() {
      if (WIP.getAndIncrement(this) == 0) {
        drainLoop(1);
      }
    }

    private void drainLoop(int missed) {
      for (;;) {
        if (cancelled || terminated) {
          discardReady();
        } else if (error != null) {
          fail();
        } else {
          emitReady();
          boolean d = done; // read before skipped and accepted: see the class notes
          long s = skipped;
          if (s != skippedSeen) {
            replenish += s - skippedSeen;
            finished += s - skippedSeen;
            skippedSeen = s;
          }
          if (d && finished == accepted && head.next == null && !cancelled) {
            if (error != null) {
              fail();
            } else {
              terminated = true;
              actual.onComplete();
            }
          } else if (replenish != 0 && !d && !cancelled) {
            long n = replenish;
            replenish = 0;
            upstream.request(n); // may re-enter onNext and innerDone: they only bump wip
          }
        }
        missed = WIP.addAndGet(this, -missed);
        if (missed == 0) {
          return;
        }
      }
    }

    /** Emits ready values in order while there is demand, freeing each finished inner's slot. */
    private void emitReady() {
      Inner<R> n;
      while (!cancelled && (n = head.next) != null) {
        if (n.value != null && emitted == requested) {
          return; // no demand: it keeps its slot, so upstream is not asked for more
        }
        Inner<R> consumed = head;
        head = n;
        Inner.NEXT.lazySet(consumed, null); // no chain from old nodes to new ones for the GC
        if (!tryFinish(n)) {
          throw new IllegalStateException("unreachable: demand was checked");
        }
      }
    }

    /** Emits the inner's value if demand allows, and frees its slot; false if no demand. */
    private boolean tryFinish(Inner<R> inner) {
      R v = inner.value;
      if (v != null) {
        if (cancelled || terminated) {
          inner.value = null;
          Operators.onDiscard(v, actual.currentContext());
          return true;
        }
        if (emitted == requested) {
          return false;
        }
        inner.value = null;
        emitted++;
        actual.onNext(v);
      }
      slots.lazySet(inner.slot, null); // ordered before the slot's reuse by the push below
      pushFree(inner.slot);
      finished++;
      replenish++;
      return true;
    }

    private void fail() {
      Throwable e = Exceptions.terminate(ERROR, this);
      terminated = true;
      upstream.cancel();
      cancelInners();
      discardReady();
      if (e != null && e != Exceptions.TERMINATED) {
        actual.onError(e);
      }
    }

    private void discardReady() {
      Inner<R> n;
      while ((n = head.next) != null) {
        Inner<R> consumed = head;
        head = n;
        Inner.NEXT.lazySet(consumed, null);
        R v = n.value;
        if (v != null) {
          n.value = null;
          Operators.onDiscard(v, actual.currentContext());
        }
      }
    }

    private void cancelInners() {
      for (int i = 0; i < concurrency; i++) {
        Inner<R> inner = slots.get(i);
        if (inner != null) {
          inner.cancel(); // harmless on one that already finished
        }
      }
    }

    // --- free slots -----------------------------------------------------------------------------

    /** Pops a free slot (onNext only), or -1 if none. */
    private int popFree() {
      for (;;) {
        int top = free;
        if (top < 0) {
          return -1;
        }
        int below = nextFree[top]; // written before the push that published top
        if (FREE.compareAndSet(this, top, below)) {
          return top;
        }
      }
    }

    /** Pushes a freed slot (emitter only). */
    private void pushFree(int slot) {
      for (;;) {
        int top = free;
        nextFree[slot] = top;
        if (FREE.compareAndSet(this, top, slot)) {
          return;
        }
      }
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable's signature
    public Object scanUnsafe(Attr key) {
      if (key == Attr.PARENT) {
        return upstream;
      }
      if (key == Attr.ACTUAL) {
        return actual;
      }
      if (key == Attr.CANCELLED) {
        return cancelled;
      }
      if (key == Attr.TERMINATED) {
        return terminated;
      }
      if (key == Attr.ERROR) {
        return error;
      }
      if (key == Attr.PREFETCH) {
        return concurrency;
      }
      if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
        return requested;
      }
      if (key == Attr.RUN_STYLE) {
        return Attr.RunStyle.SYNC;
      }
      return null;
    }
  }

  /** The subscriber to one item's Mono; also a node of the ready queue. */
  static final class Inner<R> implements CoreSubscriber<R>, Scannable {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Inner, Subscription> S =
        AtomicReferenceFieldUpdater.newUpdater(Inner.class, Subscription.class, "s");
    @SuppressWarnings("rawtypes")
    static final AtomicReferenceFieldUpdater<Inner, Inner> NEXT =
        AtomicReferenceFieldUpdater.newUpdater(Inner.class, Inner.class, "next");

    private final Main<?, R> parent;
    final int slot;
    private volatile Subscription s;
    /** The value, written before the hand-over to the emitter and cleared by it. */
    R value;
    /** Whether a signal was taken (the Mono's signals are serial: plain). */
    private boolean signalled;
    /** The next node of the ready queue. */
    volatile Inner<R> next;

    Inner(Main<?, R> parent, int slot) {
      this.parent = parent;
      this.slot = slot;
    }

    @Override
    public Context currentContext() {
      return parent.actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription sub) {
      if (S.compareAndSet(this, null, sub)) {
        sub.request(Long.MAX_VALUE);
      } else {
        sub.cancel(); // cancelled before it subscribed, or a second subscription
        if (s != Operators.cancelledSubscription()) {
          Operators.reportSubscriptionSet();
        }
      }
    }

    @Override
    public void onNext(R v) {
      if (signalled) {
        Operators.onNextDropped(v, currentContext());
        return;
      }
      signalled = true; // a Mono's value ends it: its onComplete is ignored
      value = v;
      parent.innerDone(this);
    }

    @Override
    public void onError(Throwable e) {
      if (signalled) {
        Operators.onErrorDropped(e, currentContext());
        return;
      }
      signalled = true;
      parent.innerError(this, e);
    }

    @Override
    public void onComplete() {
      if (!signalled) {
        signalled = true;
        parent.innerDone(this);
      }
    }

    void cancel() {
      Operators.terminate(S, this);
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable's signature
    public Object scanUnsafe(Attr key) {
      if (key == Attr.PARENT) {
        return s;
      }
      if (key == Attr.ACTUAL) {
        return parent;
      }
      if (key == Attr.CANCELLED) {
        return s == Operators.cancelledSubscription();
      }
      if (key == Attr.TERMINATED) {
        return signalled;
      }
      if (key == Attr.RUN_STYLE) {
        return Attr.RunStyle.SYNC;
      }
      return null;
    }
  }
}
