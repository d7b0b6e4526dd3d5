package io.boc4j.internal.pinned;

import io.boc4j.PumpResult;
import io.boc4j.internal.Behaviour;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main-thread side of one runtime generation: who the main thread is, who is consuming the main
 * queue right now, the pump loop, and the shutdown drop of pinned work nobody will pump.
 *
 * <h2>Two marks</h2>
 *
 * <ul>
 *   <li>{@code main} — the bound main thread: set by the first of an explicit binding, a pump, or a
 *       waitAll/quiesce that finds pinned work queued; cleared only by that thread's explicit release
 *       (it lives in the runtime's {@link MainBinding}, so it survives teardown and restart). Only the
 *       bound thread may pump.
 *   <li>{@code consumer} — the in-pump mark: the thread currently polling the main queue, which is
 *       single-consumer. The main thread holds it while it pumps; a shutdown drop holds it while it
 *       drains. It is cleared on every exit path of a pump (return, exception, Error), and pump on a
 *       thread that already holds it (from inside a pinned body) is rejected as re-entrant.
 * </ul>
 *
 * Both are CASed from null, so exactly one thread wins each; a loser learns who holds it from the
 * CAS witness and says so in its error.
 *
 * <h2>Shutdown drop</h2>
 *
 * Once the generation is dropping (close() gave up waiting), queued pinned behaviours are released
 * without running: {@link #dropQueued} drains the queue if it can take the consumer mark, else the
 * holder drains it when it lets go. A producer that enqueues while dropping calls it too. Dekker
 * argument: a thread that fails to take the mark has already made its element (or the dropping flag)
 * visible with a volatile write, and the holder clears the mark with a volatile write and then reads
 * the depth and the flag, so either the holder sees the work or the next CAS succeeds. Dropping a
 * behaviour releases its cowns, which may make a pinned successor ready on this very thread: it is
 * offered and the loop picks it up (the nested call finds the mark held by us and returns), so long
 * chains drop without recursion.
 */
public final class Pump {

  private final PinnedHost generation;
  private final MainQueue queue;
  private final MainBinding binding;
  private final AtomicReference<Thread> main;
  private final AtomicReference<Thread> consumer = new AtomicReference<>();

  /**
   * Creates the main-thread side of {@code generation}.
   *
   * @param generation the generation whose pinned behaviours this pump runs
   * @param queue its main queue
   * @param binding the runtime's main-thread binding, shared by every generation
   */
  public Pump(PinnedHost generation, MainQueue queue, MainBinding binding) {
    this.generation = generation;
    this.queue = queue;
    this.binding = binding;
    this.main = binding.main;
  }

  // --- binding --------------------------------------------------------------------------------

  /**
   * Binds {@code me} as the main thread if no thread is bound.
   *
   * @return the bound main thread (me if the binding succeeded or already was mine)
   */
  private Thread bindOrGet(Thread me) {
    return binding.bindOrGet(me);
  }

  /**
   * Explicit binding ({@code Boc.bindMainThread}). Idempotent for the bound thread.
   *
   * @throws IllegalStateException if another thread is bound
   */
  public void bind(Thread me) {
    Thread m = bindOrGet(me);
    if (m != me) {
      throw new IllegalStateException(
          "mainThread().bind(): this runtime's main thread is already " + m.getName() + ", so "
              + me.getName() + " cannot become it (one main thread per runtime); call"
              + " mainThread().release() on " + m.getName() + " first");
    }
  }

  /**
   * Explicit release ({@code Boc.releaseMainThread}). A no-op if no thread is bound.
   *
   * @throws IllegalStateException if another thread is bound, or if {@code me} is pumping
   */
  public void release(Thread me) {
    if (consumer.get() == me) {
      throw new IllegalStateException(
          "mainThread().release() was called inside a pinned behaviour body, while " + me.getName()
              + " is pumping; release the main thread after pump returns");
    }
    Thread m = main.get();
    if (m != null && m != me) {
      throw new IllegalStateException(
          "mainThread().release(): the main thread of this runtime is " + m.getName() + ", not "
              + me.getName() + "; only the bound thread can release its binding");
    }
    main.compareAndSet(me, null);
  }

  /** Whether {@code me} is the bound main thread. */
  public boolean isMain(Thread me) {
    return main.get() == me;
  }

  /** The bound main thread, or null. */
  public Thread mainThread() {
    return main.get();
  }

  /**
   * For waitAll/quiesce on {@code me}: binds it if pinned work is queued and no thread is bound.
   *
   * @return whether {@code me} is (now) the main thread
   */
  public boolean claimForWait(Thread me) {
    Thread m = main.get();
    if ((m == null || !m.isAlive()) && queue.depth() > 0) {
      m = bindOrGet(me); // a terminated binder's binding is free (MainBinding)
    }
    return m == me;
  }

  /**
   * Whether a waiting {@code me} has pinned work to run now. Called under the terminator's lock:
   * volatile reads only.
   */
  boolean hasWorkFor(Thread me) {
    if (queue.depth() == 0) {
      return false;
    }
    Thread m = main.get();
    return m == me || m == null || !m.isAlive();
  }

  // --- pumping --------------------------------------------------------------------------------

  /**
   * Enters a pump on {@code me}: binds it if no thread is bound and takes the consumer mark. On
   * success the caller must call {@link #exit} in a finally block.
   *
   * @throws IllegalStateException if re-entered from a pinned body, called on a thread other than
   *     the main thread, or while another thread consumes the queue
   */
  public void enter(Thread me) {
    if (consumer.get() == me) {
      throw new IllegalStateException(
          "pump is not reentrant: it was called inside a pinned behaviour body that a pump on "
              + me.getName() + " is running; return from the body and the running pump continues"
              + " with the next behaviour");
    }
    Thread m = bindOrGet(me);
    if (m != me) {
      throw new IllegalStateException(
          "pump was called on " + me.getName() + ", but this runtime's main thread is "
              + m.getName() + " (one thread pumps: the first to pump, mainThread().bind(), or an"
              + " auto-pumping waitAll/quiesce binds it); pump from " + m.getName()
              + ", or call mainThread().release() there first");
    }
    Thread holder = consumer.compareAndExchange(null, me); // volatile CAS: single consumer
    if (holder != null) {
      throw new IllegalStateException(
          "pump: " + holder.getName() + " is already consuming this runtime's main queue (a"
              + " second concurrent pumper, or a shutdown drop in progress); only one thread pumps"
              + " at a time");
    }
  }

  /**
   * Like {@link #enter} for an auto-pump: returns false instead of throwing when {@code me} may not
   * pump now.
   */
  public boolean tryEnter(Thread me) {
    return main.get() == me && consumer.compareAndSet(null, me);
  }

  /**
   * The next queued pinned behaviour, for a deterministic generation's driver that holds the
   * consumer mark (it took it with {@link #tryEnter}).
   *
   * @return the behaviour, or null if the queue is empty
   */
  public Behaviour pollAsConsumer() {
    return queue.poll();
  }

  /**
   * Whether pinned behaviours are queued. Any thread.
   *
   * @return true if the main queue is not empty
   */
  public boolean hasQueued() {
    return queue.depth() > 0;
  }

  /**
   * Counts a pinned behaviour the main thread ran (lifetime statistics). Called by the generation
   * after the body and before the behaviour leaves the in-flight count.
   *
   * @param failed whether its body threw
   */
  public void countRun(boolean failed) {
    binding.countPumped(failed);
  }

  /** Leaves a pump: clears the consumer mark, then drops what a shutdown left queued. */
  public void exit(Thread me) {
    if (consumer.get() == me) {
      consumer.set(null); // volatile: pairs with a dropper's failed CAS (class notes)
    }
    if (generation.isDropping()) {
      dropQueued();
    }
  }

  /**
   * Runs queued pinned behaviours on the calling thread, which holds the consumer mark.
   *
   * <p>Loop: stop when {@code max} ran; stop if the queue is empty (checked before the deadline,
   * so {@code deadlineReached} means work remained); stop if the deadline passed, except that the
   * first behaviour always runs (the deadline gates starting a behaviour, it never interrupts one);
   * otherwise run the next one.
   *
   * @param budgetNanos time budget from now; {@code Long.MAX_VALUE} for none
   * @param max most behaviours to run, positive
   * @param raiseOnError rethrow the first body exception after the loop, later ones suppressed
   * @return what ran
   * @throws Error from a body, at once, after that behaviour's cleanup; the rest stay queued
   * @throws RuntimeException the first body exception, with {@code raiseOnError}; a checked one
   *     wrapped in {@link CompletionException}
   */
  public PumpResult drain(long budgetNanos, int max, boolean raiseOnError) {
    long start = budgetNanos == Long.MAX_VALUE ? 0 : System.nanoTime();
    int executed = 0;
    int raised = 0;
    boolean deadlineReached = false;
    Throwable first = null;
    while (executed < max && !generation.isDropping()) {
      if (queue.isEmpty()) {
        break;
      }
      if (executed > 0 && budgetNanos != Long.MAX_VALUE && System.nanoTime() - start >= budgetNanos) {
        deadlineReached = true;
        break;
      }
      Behaviour b = queue.poll();
      if (b == null) {
        break;
      }
      Throwable failure = generation.runPinned(b);
      executed++;
      if (failure == null) {
        continue;
      }
      if (failure instanceof Error) {
        throw (Error) failure; // cleanup already done: cowns released, result marked, accounted
      }
      raised++;
      if (raiseOnError) {
        if (first == null) {
          first = failure;
        } else if (failure != first) {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first instanceof RuntimeException
          ? (RuntimeException) first
          : new CompletionException(first);
    }
    return executed == 0 && !deadlineReached
        ? PumpResult.EMPTY
        : new PumpResult(executed, deadlineReached, raised);
  }

  // --- shutdown drop --------------------------------------------------------------------------

  /**
   * Releases every queued pinned behaviour without running it (its result cown gets the shutdown
   * exception), unless another thread holds the consumer mark, in which case that thread does it
   * when it lets go. Never throws: failures are kept by {@link Generation#recordDropFailure}. Any
   * thread.
   */
  public void dropQueued() {
    Thread me = Thread.currentThread();
    while (queue.depth() > 0 && consumer.compareAndSet(null, me)) {
      try {
        Behaviour b;
        while ((b = queue.poll()) != null) {
          Throwable t = generation.dropOne(b);
          if (t != null) {
            generation.recordDropFailure(t);
          }
        }
      } finally {
        consumer.set(null); // volatile; then the loop re-reads depth (class notes)
      }
    }
  }
}
