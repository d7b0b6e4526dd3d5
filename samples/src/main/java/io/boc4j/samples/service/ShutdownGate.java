package io.boc4j.samples.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admits requests until the service begins to shut down, and says when the last admitted one has
 * been answered. Every request calls {@link #enter()} first: admitted, it is handled in full and
 * calls {@link #exit()} once its response was written; refused (after {@link #close()}), it is
 * answered 503 without touching the bank. So after {@link #close()} the bank sees no new request,
 * and {@link #close()}'s stage completes only when every admitted request, every accepted transfer
 * among them, has been applied and acknowledged.
 *
 * <p>One word holds both facts: the {@link #CLOSED} bit and, below it, the admitted requests still
 * in flight. Admission is a compare-and-set that fails once the bit is set, so no request can slip
 * in after the close and be missed by the drain.
 *
 * <p>Threading: any thread; never blocks.
 */
final class ShutdownGate {

  private static final long CLOSED = 1L << 62;

  private final AtomicLong state = new AtomicLong();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final LongAdder admitted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private volatile long inFlightAtClose;

  /**
   * Admits one request, unless closing.
   *
   * @return true if admitted (call {@link #exit()} once it is answered); false after {@link #close()}
   */
  boolean enter() {
    long s;
    do {
      s = state.get();
      if ((s & CLOSED) != 0) {
        refused.increment();
        return false;
      }
    } while (!state.compareAndSet(s, s + 1));
    admitted.increment();
    return true;
  }

  /** Marks an admitted request answered; the last one after {@link #close()} completes the drain. */
  void exit() {
    if (state.decrementAndGet() == CLOSED) {
      drained.complete(null);
    }
  }

  /**
   * Refuses every request from now on. Idempotent.
   *
   * @return completes once no admitted request is in flight (at once if none is)
   */
  CompletableFuture<Void> close() {
    long before = state.getAndUpdate(s -> s | CLOSED);
    if ((before & CLOSED) == 0) {
      inFlightAtClose = before;
    }
    if (before == 0) {
      drained.complete(null); // nothing in flight, and nothing can enter any more
    }
    return drained;
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  /** Admitted requests that were not yet answered when {@link #close()} was first called. */
  long inFlightAtClose() {
    return inFlightAtClose;
  }

  /** Admitted requests not yet answered. */
  long inFlight() {
    return state.get() & ~CLOSED;
  }

  /** Requests admitted so far. */
  long admitted() {
    return admitted.sum();
  }

  /** Requests refused because the service was shutting down. */
  long refused() {
    return refused.sum();
  }
}
