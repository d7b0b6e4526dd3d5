package io.boc4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Stages for callers that must not park while they wait for a condition another thread makes true
 * (back-pressure capacity, room in a bounded mailbox tag): {@link #await} returns a stage, and the
 * thread whose update makes the condition true calls {@link #wakeAll()} if {@link #any()} waiter is
 * registered. Any thread may call every method; nothing here parks.
 *
 * <p>Why no wake-up is lost (Dekker): a waiter adds itself and counts itself (a volatile write)
 * before it re-reads the condition; an updater writes the state the condition reads (volatile)
 * before it reads the count. So either the updater sees the waiter and wakes it, or the waiter's
 * re-read sees the condition true and wakes everyone itself.
 */
public final class Wakeups {

  private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  /**
   * A stage completed once {@code ready} holds: at once if it does, else by a later {@link
   * #wakeAll()}.
   *
   * @param ready reads volatile state only; called once or twice on this thread
   * @return the stage
   */
  public CompletableFuture<Void> await(BooleanSupplier ready) {
    if (ready.getAsBoolean()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiting.add(f);
    count.incrementAndGet(); // volatile: registration before the re-read (Dekker)
    if (ready.getAsBoolean()) {
      wakeAll();
    }
    return f;
  }

  /**
   * Whether any stage waits: a volatile read, for the updater's fast path.
   *
   * @return true if {@link #wakeAll()} has something to complete
   */
  public boolean any() {
    return count.get() != 0;
  }

  /** Completes every waiting stage, on the calling thread. */
  public void wakeAll() {
    CompletableFuture<Void> f;
    while ((f = waiting.poll()) != null) {
      count.decrementAndGet();
      f.complete(null);
    }
  }
}
