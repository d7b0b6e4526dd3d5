package io.boc4j.reactor;

import io.boc4j.Mailbox;
import io.boc4j.Message;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The messages of one mailbox tag as a {@code Flux}, driven by demand and parking no thread.
 *
 * <p>{@link Mailbox#receive(String, Duration)} with {@link Duration#ZERO} takes the oldest message if
 * there is one and otherwise returns at once without registering anything. A subscription calls it
 * only while the subscriber has outstanding demand, so it never takes a message nobody requested;
 * when the tag is empty and demand remains, it looks again after the poll interval, on a timer of
 * {@link Schedulers#parallel()} (virtual time in tests). Cancelling stops the polls: unrequested
 * messages stay queued for other receivers.
 *
 * <p>Never completes: a tag has no end. Emits on the requesting thread or the timer's.
 */
final class FluxReceive extends Flux<Message> {

  private final Mailbox mailbox;
  private final String tag;
  private final long pollNanos;

  FluxReceive(Mailbox mailbox, String tag, Duration poll) {
    this.mailbox = mailbox;
    this.tag = tag;
    this.pollNanos = poll.toNanos();
  }

  @Override
  public void subscribe(CoreSubscriber<? super Message> actual) {
    actual.onSubscribe(new ReceiveSubscription(actual, mailbox, tag, pollNanos, Schedulers.parallel()));
  }

  /** One receiver: a work-in-progress drain loop, so polls and signals are serial. */
  static final class ReceiveSubscription implements Subscription, Runnable {

    private static final AtomicLongFieldUpdater<ReceiveSubscription> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(ReceiveSubscription.class, "requested");
    private static final AtomicIntegerFieldUpdater<ReceiveSubscription> WIP =
        AtomicIntegerFieldUpdater.newUpdater(ReceiveSubscription.class, "wip");

    private final CoreSubscriber<? super Message> actual;
    private final Mailbox mailbox;
    private final String tag;
    private final long pollNanos;
    private final Scheduler timer;
    /** The pending re-check; disposing it on cancel keeps a cancelled receiver from polling again. */
    private final Disposable.Swap recheck = Disposables.swap();

    private volatile long requested;
    private volatile int wip;
    private volatile boolean cancelled;
    /** Messages emitted so far; drain loop only. */
    private long emitted;
    /**
     * Whether a re-check is scheduled and has not started. Set in the drain loop; cleared by the
     * timer before it joins the loop, so a loop already running sees the change on its next pass.
     */
    private volatile boolean recheckPending;

    ReceiveSubscription(
        CoreSubscriber<? super Message> actual, Mailbox mailbox, String tag, long pollNanos,
        Scheduler timer) {
      this.actual = actual;
      this.mailbox = mailbox;
      this.tag = tag;
      this.pollNanos = pollNanos;
      this.timer = timer;
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        Operators.addCap(REQUESTED, this, n);
        drain();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      recheck.dispose();
    }

    /** The timer's re-check. */
    @Override
    public void run() {
      recheckPending = false;
      drain();
    }

    private void drain() {
      if (WIP.getAndIncrement(this) != 0) {
        return;
      }
      int missed = 1;
      do {
        if (!emitAvailable()) {
          return;
        }
        missed = WIP.addAndGet(this, -missed);
      } while (missed != 0);
    }

    /**
     * Takes and emits messages while there is demand; arms a re-check if demand is left over.
     *
     * @return false once cancelled
     */
    private boolean emitAvailable() {
      long r = requested;
      while (emitted != r) {
        if (cancelled) {
          return false;
        }
        Message m = mailbox.receive(tag, Duration.ZERO);
        if (m.isTimeout()) {
          break;
        }
        emitted++;
        actual.onNext(m);
        if (emitted == r) {
          r = requested;
        }
      }
      if (cancelled) {
        return false;
      }
      if (emitted != requested && !recheckPending) {
        recheckPending = true;
        try {
          recheck.update(timer.schedule(this, pollNanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException timerGone) {
          cancelled = true; // Reactor's schedulers are shutting down: nothing can wake us again
          actual.onError(timerGone);
          return false;
        }
      }
      return true;
    }
  }
}
