package io.boc4j.reactor;

import io.boc4j.Mailbox;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * The cold {@code Mono<Void>} of a mailbox send: each subscription sends the message once, on its
 * first request, and completes. On a bounded mailbox whose tag is full it does not wait on the
 * subscribing thread: it asks {@link Mailbox#onSpace} to call back when a receive makes room, and
 * then tries again on {@link Schedulers#parallel()} (the stage completes on the receiving thread,
 * which must not run our retries; the hop also keeps the stack flat when room returned at once).
 * Cancelling while it waits sends nothing.
 */
final class MonoSend extends Mono<Void> {

  private final Mailbox mailbox;
  private final String tag;
  private final Object message;

  MonoSend(Mailbox mailbox, String tag, Object message) {
    this.mailbox = mailbox;
    this.tag = tag;
    this.message = message;
  }

  @Override
  public void subscribe(CoreSubscriber<? super Void> actual) {
    actual.onSubscribe(new SendSubscription(actual, mailbox, tag, message));
  }

  /** One send: tried on the first request, and again each time the tag has room. */
  static final class SendSubscription implements Subscription {

    private static final AtomicIntegerFieldUpdater<SendSubscription> REQUESTED =
        AtomicIntegerFieldUpdater.newUpdater(SendSubscription.class, "requested");

    private final CoreSubscriber<? super Void> actual;
    private final Mailbox mailbox;
    private final String tag;
    private final Object message;
    private volatile int requested;
    private volatile boolean cancelled;

    SendSubscription(CoreSubscriber<? super Void> actual, Mailbox mailbox, String tag, Object message) {
      this.actual = actual;
      this.mailbox = mailbox;
      this.tag = tag;
      this.message = message;
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n) && REQUESTED.compareAndSet(this, 0, 1)) {
        attempt();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    private void attempt() {
      if (cancelled) {
        return;
      }
      boolean sent;
      try {
        sent = mailbox.trySend(tag, message);
      } catch (RuntimeException tagLimitReached) {
        actual.onError(tagLimitReached);
        return;
      }
      if (sent) {
        actual.onComplete();
        return;
      }
      mailbox.onSpace(tag).whenComplete((ignored, never) -> {
        try {
          Schedulers.parallel().schedule(this::attempt);
        } catch (RejectedExecutionException parallelDisposed) {
          attempt(); // Reactor's schedulers are shutting down: try here rather than never
        }
      });
    }
  }
}
