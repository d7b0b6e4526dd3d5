package io.boc4j;

import io.boc4j.internal.mailbox.TagQueue;
import io.boc4j.internal.mailbox.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Erlang-style messaging between plain threads: a set of tag-addressed FIFO queues.
 *
 * <p>{@link #send} appends a message to its tag's queue and never blocks. {@code receive} takes
 * the oldest message of the first of its tags that has one (selective receive: messages on other
 * tags stay queued), parking the thread until one arrives or the timeout runs out. Any number of
 * threads may send and receive at once; no BoC runtime is needed. Messages are passed by
 * reference, and everything a sender did before {@code send} is visible to the thread that
 * receives that message.
 *
 * <p><b>Tags.</b> A tag is any non-null string. It becomes <em>live</em> when a message is sent
 * on it, when a receiver has to wait on it, or when {@link #setTags} names it; a receive that
 * finds a message, or that gives up at once ({@link Duration#ZERO}), registers nothing. Live
 * tags are bounded by the tag limit ({@value #DEFAULT_TAG_LIMIT} unless given to the
 * constructor); registering one more throws {@link IllegalStateException} and takes no slot.
 * Only {@link #setTags} frees tags.
 *
 * <p><b>Capacity.</b> A mailbox is unbounded unless constructed with a capacity ({@link
 * #Mailbox(int, int)}, or {@link Boc.Builder#mailboxCapacity}): then each tag holds at most that
 * many queued messages. {@link #trySend} reports a full tag by returning false, {@link
 * #send(String, Object)} by throwing {@link IllegalStateException}, the timed {@link
 * #send(String, Object, Duration)} waits (parking) for room, and {@link #onSpace} tells a caller
 * that must not wait when room returns. Receives free room; {@link #drain} and {@link #setTags}
 * free all of a tag's.
 *
 * <p><b>Ordering.</b> Messages on one tag are delivered in the order their sends took effect
 * (so each sender's messages in the order it sent them), each to exactly one receive. A
 * receive over several tags examines them in the collection's iteration order and takes from the
 * first that has a message: earlier tags have priority.
 *
 * <p><b>Timeouts</b> are {@link Duration}s: {@code ZERO} checks once without waiting, a negative
 * one throws {@link IllegalArgumentException}, one too long for a {@code long} of nanoseconds
 * waits forever. A timed-out receive returns {@link Message#TIMEOUT}, or what {@code after}
 * supplies.
 *
 * <p><b>Interrupts.</b> A receive returns a message whenever one is available when it looks,
 * whatever the interrupt status. If the thread is interrupted while a receive would have to wait
 * (already interrupted on entry, or interrupted while parked), the receive stops waiting, leaves
 * the interrupt status set, and throws {@link CancellationException} (an
 * {@link IllegalStateException}); no message is lost.
 *
 * <p>A parked receiver shows this mailbox as its {@link LockSupport#getBlocker blocker} in thread
 * dumps.
 */
public final class Mailbox {

  /*
   * Implementation notes
   * ====================
   *
   * Layout. `queues` maps each tag to a TagQueue: a lock-free ConcurrentLinkedQueue of
   * Messages, a registry of parked receivers (Waiters) guarded by the TagQueue's monitor, and a
   * volatile `waiterCount` mirroring that registry's size. Creating, reviving and freeing tags
   * takes `registryLock`; sending to and receiving from a live tag never does.
   *
   * Send (no lock when nobody waits):      Receive, slow path (after a failed poll):
   *   S1 queue.offer(m)   volatile CAS        R1 addWaiter(w) on every tag: waiterCount =
   *   S2 read waiterCount volatile load           size, a volatile store (under the monitor)
   *   S3 if != 0: lock, pop the oldest        R2 poll every tag again (volatile loads)
   *      WAITING waiter, CAS it NOTIFIED,     R3 if none: park until w is NOTIFIED, or
   *      unpark it                                timeout / interrupt
   *                                           R4 casCancel(w); remove w from every tag;
   *                                              poll again; if w was NOTIFIED, hand off
   *
   * Why a sender cannot miss a registered waiter, and a waiter cannot miss a message (Dekker).
   * S1 and R1 are volatile writes, S2 and R2 volatile reads of the same two locations (the
   * queue's last `next` link, which poll must read to report empty, and `waiterCount`). The
   * JMM puts all of them in one total synchronization order consistent with each thread's
   * program order, and a volatile read sees the last write before it in that order. If S2
   * comes before R1, then S1 < S2 < R1 < R2, so R2 sees the message and the receiver does not
   * park. Otherwise R1 < S2, so S2 reads waiterCount != 0 and the sender locks the TagQueue,
   * where it finds w (registered under the same monitor) unless w already left. Either way
   * at least one side acts: the store-load pair cannot both miss (the StoreLoad fence a
   * volatile store/CAS implies is exactly what forbids it). Parking itself cannot lose the
   * signal: LockSupport keeps a permit, and the receiver re-checks w's state in a loop, so an
   * unpark before park, or a spurious return, is harmless.
   *
   * Why the wake-up reaches someone who can use it (hand-off). A sender wakes one waiter,
   * not all. The woken waiter may then take a message from another of its tags, or find the
   * message already taken by a receiver that never parked, or time out in the same instant.
   * So every waiter that ends NOTIFIED (its casCancel failed) owes a hand-off: after its last
   * poll it calls signalIfPending on each of its tags, which wakes the next waiter of any tag
   * that still has a message. Proof sketch that no receiver stays parked beside a message:
   * take a waiter W parked on tag T and a message m that stays in T. W registered, then
   * polled T empty, so m's send came later in the order above and its sender saw
   * waiterCount != 0 and notified the oldest WAITING waiter of T. That waiter either consumes
   * from T (m moves towards the head; repeat the argument for the next message) or hands
   * off, notifying the next WAITING waiter of T. Notifications pop waiters oldest first and
   * re-registrations go to the back, so W is reached in finitely many steps: contradiction.
   * The hand-off reads queue-then-waiters, like a send, so a waiter that registers after
   * that read polls and sees the message itself. Only one notifier wins each Waiter (CAS out
   * of WAITING), so a waiter registered on several tags is never woken twice for one wait,
   * and a notifier that loses the race moves on to the next waiter. A waiter that leaves
   * without being notified (timeout, interrupt) polls once more after unregistering, so a
   * message whose sender found it still registered is taken by it or left for the others,
   * who were notified as usual.
   *
   * Tags and setTags. Live tags are counted in `liveTags` under `registryLock`
   * (reserve-then-insert happens inside the lock, so a rejected tag leaks nothing). A
   * waiting receive holds each of its TagQueues for its whole duration. setTags frees a tag
   * by marking its TagQueue DETACHED (no longer counted, no longer in tagStats); if no receive
   * holds it, it is also marked DEAD and removed from the map, otherwise it stays in the map
   * for its parked receivers, and the next send on that tag (or a new waiter) revives the very
   * same object, so they are found and woken. The last holder of a DETACHED queue retires it.
   * Senders only offer to a TagQueue they found LIVE, and waiting receivers only register on
   * one they hold, so a message can land in a discarded or dead queue only if its send
   * overlapped the setTags/drain that discarded it, which is allowed: it is as if the message
   * was sent just before. S1 includes the volatile read of the current queue, so the Dekker
   * argument above holds per queue instance.
   *
   * Discarding (drain, setTags) swaps in an empty queue: O(1), and it terminates even while
   * producers keep sending.
   */

  /** Tag limit of {@link #Mailbox()} and {@link #shared()}: at most 1024 live tags. */
  public static final int DEFAULT_TAG_LIMIT = 1024;

  /** Up to this many tags, a receive removes duplicates by linear scan rather than hashing. */
  private static final int SMALL_TAG_SET = 16;

  /** Nanosecond budget meaning "no timeout". */
  private static final long FOREVER = -1L;

  private static final Mailbox SHARED = new Mailbox();

  /** The capacity of an unbounded mailbox (the default): no per-tag bound. */
  public static final int UNBOUNDED = TagQueue.UNBOUNDED;

  private final int tagLimit;
  private final int capacity;
  private final ConcurrentHashMap<String, TagQueue> queues = new ConcurrentHashMap<>();

  /** Guards creating, reviving, freeing and retiring TagQueues, and {@link #liveTags}. */
  private final ReentrantLock registryLock = new ReentrantLock();

  /** TagQueues in state LIVE; written only under {@link #registryLock}. */
  private volatile int liveTags;

  /**
   * Creates a mailbox with the default limit of {@value #DEFAULT_TAG_LIMIT} live tags.
   * Any thread may create one.
   */
  public Mailbox() {
    this(DEFAULT_TAG_LIMIT);
  }

  /**
   * Creates an unbounded mailbox holding at most {@code tagLimit} live tags. Any thread may
   * create one.
   *
   * @param tagLimit the maximum number of live tags, at least 1
   * @throws IllegalArgumentException if {@code tagLimit} is less than 1
   */
  public Mailbox(int tagLimit) {
    this(tagLimit, UNBOUNDED);
  }

  /**
   * Creates a mailbox holding at most {@code tagLimit} live tags and at most {@code capacity}
   * queued messages per tag. Any thread may create one.
   *
   * @param tagLimit the maximum number of live tags, at least 1
   * @param capacity the most messages one tag holds, at least 1, or {@link #UNBOUNDED}
   * @throws IllegalArgumentException if {@code tagLimit} or {@code capacity} is less than 1
   */
  public Mailbox(int tagLimit, int capacity) {
    if (tagLimit < 1) {
      throw new IllegalArgumentException("Mailbox tag limit must be at least 1, got "
          + tagLimit + "; pass the number of distinct tags the mailbox must hold at once");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("Mailbox capacity must be at least 1 message per tag,"
          + " got " + capacity + "; pass Mailbox.UNBOUNDED for no bound");
    }
    this.tagLimit = tagLimit;
    this.capacity = capacity;
  }

  /**
   * Returns the process-wide mailbox, with the default tag limit. Code that is not a behaviour
   * (services, tests, plain threads) uses it to talk across threads without passing a mailbox
   * around. The runtime itself uses no tag of it.
   *
   * @return the same instance on every call, from any thread
   */
  public static Mailbox shared() {
    return SHARED;
  }

  // ------------------------------------------------------------------------------------ send

  /**
   * Appends {@code message} to {@code tag}'s queue and wakes one receiver waiting on that tag,
   * if any. Never blocks on receivers or other senders (it takes a short lock only to wake a
   * parked receiver, or to register a new tag). Any thread may call it.
   *
   * @param tag the tag; registered if it is not live yet
   * @param message the payload, passed by reference
   * @throws NullPointerException if {@code tag} or {@code message} is null
   * @throws IllegalStateException if {@code tag} is not live and the tag limit is reached, or if
   *     the mailbox is bounded and {@code tag} is full (nothing was sent; see {@link #trySend})
   */
  public void send(String tag, Object message) {
    if (!trySend(tag, message)) {
      throw new IllegalStateException("Mailbox tag \"" + tag + "\" is full: it holds its "
          + capacity + " messages and nothing was sent. Use trySend, send(tag, message, timeout)"
          + " or onSpace(tag) to wait for a receiver to make room");
    }
  }

  /**
   * Like {@link #send(String, Object)}, but reports a full tag of a bounded mailbox by returning
   * false. Never blocks; any thread.
   *
   * @param tag the tag; registered if it is not live yet
   * @param message the payload, passed by reference
   * @return true if sent; false if the tag was full (nothing was sent)
   * @throws NullPointerException if {@code tag} or {@code message} is null
   * @throws IllegalStateException if {@code tag} is not live and the tag limit is reached
   */
  public boolean trySend(String tag, Object message) {
    Objects.requireNonNull(tag, "send: tag must not be null");
    Objects.requireNonNull(message, "send: message must not be null; wrap absent values, e.g. in Optional");
    TagQueue q = queues.get(tag);
    if (q == null || q.lvLifecycle() != TagQueue.LIVE) {
      q = registerForSend(tag);
    }
    return q.offer(new Message(tag, message));
  }

  /**
   * Sends {@code message}, waiting up to {@code timeout} for room if the tag of a bounded mailbox
   * is full; the thread parks while it waits. On an unbounded mailbox it never waits. Any thread.
   *
   * @param tag the tag; registered if it is not live yet
   * @param message the payload, passed by reference
   * @param timeout how long to wait for room; {@code ZERO} tries once
   * @return true if sent; false if the tag stayed full for the whole timeout (nothing was sent)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if {@code tag} is not live and the tag limit is reached
   * @throws CancellationException if the thread is interrupted while it would wait (the interrupt
   *     status stays set; nothing was sent)
   */
  public boolean send(String tag, Object message, Duration timeout) {
    Objects.requireNonNull(timeout, "send: timeout must not be null; use trySend to try once");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("send: timeout must not be negative, got " + timeout
          + "; use Duration.ZERO (or trySend) to try once");
    }
    long nanos = nanosOrForever(timeout);
    long deadline = System.nanoTime() + nanos; // wraps safely; unused when waiting forever
    while (!trySend(tag, message)) {
      long remaining = nanos == FOREVER ? Long.MAX_VALUE : deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      try {
        spaceIn(tag).get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException stillFull) {
        return trySend(tag, message);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("send on \"" + tag + "\" was interrupted while waiting"
            + " for room; nothing was sent and the interrupt status is still set");
      } catch (ExecutionException impossible) {
        throw new AssertionError(impossible); // space stages only ever complete normally
      }
    }
    return true;
  }

  /**
   * A stage that completes when {@code tag} has room for a message: at once if it has (always, on
   * an unbounded mailbox, and for a tag that is not live), else when a receive takes one of its
   * messages or a drain empties it — on that thread, so keep dependent actions short. Room is a
   * hint, not a reservation: retry with {@link #trySend}, which may find the room taken by another
   * sender, and then ask again. Never blocks; registers nothing; any thread.
   *
   * @param tag the tag
   * @return the stage
   * @throws NullPointerException if {@code tag} is null
   */
  public CompletionStage<Void> onSpace(String tag) {
    Objects.requireNonNull(tag, "onSpace: tag must not be null");
    return spaceIn(tag).minimalCompletionStage();
  }

  /** The room stage of {@code tag}'s queue; complete for a tag that has no queue (all room). */
  private CompletableFuture<Void> spaceIn(String tag) {
    TagQueue q = queues.get(tag);
    return q == null ? CompletableFuture.completedFuture(null) : q.onSpace();
  }

  /**
   * Returns the most messages one tag holds. Any thread.
   *
   * @return the capacity given to the constructor, or {@link #UNBOUNDED}
   */
  public int capacity() {
    return capacity;
  }

  // --------------------------------------------------------------------------------- receive

  /**
   * Waits, without a timeout, for a message on {@code tag} and returns it. Any thread may call
   * it; the thread parks while it waits.
   *
   * @param tag the tag to wait on; registered if the call has to wait and it is not live
   * @return the oldest message on {@code tag}; never {@link Message#TIMEOUT}
   * @throws NullPointerException if {@code tag} is null
   * @throws IllegalStateException if the call has to wait, {@code tag} is not live and the tag
   *     limit is reached
   * @throws CancellationException if the thread is interrupted while it would wait (the
   *     interrupt status stays set)
   */
  public Message receive(String tag) {
    Objects.requireNonNull(tag, "receive: tag must not be null");
    return receiveOne(tag, FOREVER);
  }

  /**
   * Waits up to {@code timeout} for a message on {@code tag}.
   *
   * @param tag the tag to wait on; registered if the call has to wait and it is not live
   * @param timeout how long to wait; {@code ZERO} checks once
   * @return the oldest message on {@code tag}, or {@link Message#TIMEOUT} if none came in time
   * @throws NullPointerException if {@code tag} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException as for {@link #receive(String)}
   * @throws CancellationException as for {@link #receive(String)}
   */
  public Message receive(String tag, Duration timeout) {
    Objects.requireNonNull(tag, "receive: tag must not be null");
    return receiveOne(tag, toNanos(timeout));
  }

  /**
   * Waits up to {@code timeout} for a message on {@code tag}; on timeout returns what
   * {@code after} supplies, unchanged. {@code after} runs on the calling thread, only on
   * timeout.
   *
   * @param tag the tag to wait on
   * @param timeout how long to wait; {@code ZERO} checks once
   * @param after supplies the result on timeout; not called when a message is received
   * @return the received {@link Message}, or {@code after.get()}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException as for {@link #receive(String)}
   * @throws CancellationException as for {@link #receive(String)}
   */
  public Object receive(String tag, Duration timeout, Supplier<?> after) {
    Objects.requireNonNull(tag, "receive: tag must not be null");
    Objects.requireNonNull(after, "receive: after must not be null; use receive(tag, timeout) for TIMEOUT");
    Message m = receiveOne(tag, toNanos(timeout));
    return m == Message.TIMEOUT ? after.get() : m;
  }

  /**
   * Waits, without a timeout, for a message on any of {@code tags} and returns the oldest
   * message of the first tag, in iteration order, that has one. Messages on other tags stay
   * queued. Duplicate tags are ignored.
   *
   * @param tags the tags to wait on, at least one; those not live are registered if the call
   *     has to wait (all or none: if they do not fit, none is registered)
   * @return the message; its {@link Message#tag()} names the tag it came from
   * @throws NullPointerException if {@code tags} or an element is null
   * @throws IllegalArgumentException if {@code tags} is empty
   * @throws IllegalStateException if the call has to wait and the tags not yet live do not fit
   *     under the tag limit
   * @throws CancellationException if the thread is interrupted while it would wait (the
   *     interrupt status stays set)
   */
  public Message receive(Collection<String> tags) {
    return receiveAny(tagArray(tags), FOREVER);
  }

  /**
   * Waits up to {@code timeout} for a message on any of {@code tags}; see
   * {@link #receive(Collection)}.
   *
   * @param tags the tags to wait on, at least one
   * @param timeout how long to wait; {@code ZERO} checks once
   * @return the message, or {@link Message#TIMEOUT} if none came in time
   * @throws NullPointerException if {@code tags}, an element or {@code timeout} is null
   * @throws IllegalArgumentException if {@code tags} is empty or {@code timeout} negative
   * @throws IllegalStateException as for {@link #receive(Collection)}
   * @throws CancellationException as for {@link #receive(Collection)}
   */
  public Message receive(Collection<String> tags, Duration timeout) {
    String[] t = tagArray(tags);
    return receiveAny(t, toNanos(timeout));
  }

  /**
   * Waits up to {@code timeout} for a message on any of {@code tags}; on timeout returns what
   * {@code after} supplies, unchanged. {@code after} runs on the calling thread, only on
   * timeout.
   *
   * @param tags the tags to wait on, at least one
   * @param timeout how long to wait; {@code ZERO} checks once
   * @param after supplies the result on timeout; not called when a message is received
   * @return the received {@link Message}, or {@code after.get()}
   * @throws NullPointerException if an argument or an element of {@code tags} is null
   * @throws IllegalArgumentException if {@code tags} is empty or {@code timeout} negative
   * @throws IllegalStateException as for {@link #receive(Collection)}
   * @throws CancellationException as for {@link #receive(Collection)}
   */
  public Object receive(Collection<String> tags, Duration timeout, Supplier<?> after) {
    String[] t = tagArray(tags);
    Objects.requireNonNull(after, "receive: after must not be null; use receive(tags, timeout) for TIMEOUT");
    Message m = receiveAny(t, toNanos(timeout));
    return m == Message.TIMEOUT ? after.get() : m;
  }

  // ---------------------------------------------------------------------- drain and setTags

  /**
   * Discards every message queued on {@code tag}. Other tags are untouched, the tag stays
   * registered, its counters are kept, and messages sent afterwards are delivered. A tag that
   * is not live, or has nothing queued, is a no-op. Any thread may call it; it never blocks.
   *
   * @param tag the tag to empty
   * @throws NullPointerException if {@code tag} is null
   */
  public void drain(String tag) {
    Objects.requireNonNull(tag, "drain: tag must not be null");
    discard(tag);
  }

  /**
   * Discards every message queued on each of {@code tags}; see {@link #drain(String)}. An empty
   * collection is a no-op. All elements are checked before anything is discarded.
   *
   * @param tags the tags to empty
   * @throws NullPointerException if {@code tags} or an element is null
   */
  public void drain(Collection<String> tags) {
    Objects.requireNonNull(tags, "drain: tags must not be null");
    String[] t = tags.toArray(new String[0]);
    for (String tag : t) {
      if (tag == null) {
        throw new NullPointerException("drain: tags must not contain null, got " + tags);
      }
    }
    for (String tag : t) {
      discard(tag);
    }
  }

  /**
   * Makes {@code tags} exactly the set of live tags and discards every pending message of every
   * queue. Tags already live keep their counters; tags not named are freed (their counters are
   * dropped); further tags register on use as usual. An empty collection resets the mailbox:
   * every tag freed, every queue emptied. Receivers parked on a freed tag keep waiting and are
   * woken by the next send on it (which registers it again).
   *
   * <p>Any thread may call it. A send that overlaps it may have its message discarded.
   *
   * @param tags the tags to register; duplicates count once
   * @throws NullPointerException if {@code tags} or an element is null
   * @throws IllegalArgumentException if there are more distinct tags than the tag limit; then
   *     nothing changes
   */
  public void setTags(Collection<String> tags) {
    Objects.requireNonNull(tags, "setTags: tags must not be null");
    Set<String> wanted = new LinkedHashSet<>();
    for (String tag : tags.toArray(new String[0])) {
      if (tag == null) {
        throw new NullPointerException("setTags: tags must not contain null, got " + tags);
      }
      wanted.add(tag);
    }
    if (wanted.size() > tagLimit) {
      throw new IllegalArgumentException("setTags: got " + wanted.size()
          + " distinct tags but this mailbox holds at most " + tagLimit
          + " live tags; pass at most " + tagLimit
          + " tags or construct the Mailbox with a larger limit (new Mailbox(int))");
    }
    registryLock.lock();
    try {
      for (TagQueue q : queues.values()) {
        q.discardAll();
        if (!wanted.contains(q.tag())) {
          if (q.lvLifecycle() == TagQueue.LIVE) {
            q.svLifecycle(TagQueue.DETACHED);
            liveTags--;
          }
          if (q.killIfUnheld()) {
            queues.remove(q.tag(), q);
          }
        }
      }
      for (String tag : wanted) {
        makeLive(tag);
      }
    } finally {
      registryLock.unlock();
    }
  }

  // ------------------------------------------------------------------------------ statistics

  /**
   * Returns how many messages are queued on {@code tag} now. O(n) in the queue length: meant
   * for monitoring. Any thread; no side effects (it registers nothing).
   *
   * @param tag the tag to inspect
   * @return the number of queued messages; 0 for a tag the mailbox does not know
   * @throws NullPointerException if {@code tag} is null
   */
  public int depth(String tag) {
    Objects.requireNonNull(tag, "depth: tag must not be null");
    TagQueue q = queues.get(tag);
    return q == null ? 0 : q.depth();
  }

  /**
   * Returns a snapshot of the counters of every live tag, sorted by tag. Reading it changes
   * nothing; counters only grow while a tag stays live ({@code drain} lowers neither).
   * Any thread may call it.
   *
   * @return an immutable list, one {@link TagStats} per live tag
   */
  public List<TagStats> tagStats() {
    List<TagStats> out = new ArrayList<>();
    for (TagQueue q : queues.values()) {
      if (q.lvLifecycle() == TagQueue.LIVE) {
        out.add(new TagStats(q.tag(), q.pushedTotal(), q.poppedTotal()));
      }
    }
    out.sort(Comparator.comparing(TagStats::tag));
    return List.copyOf(out);
  }

  /**
   * Returns the maximum number of live tags this mailbox holds. Any thread.
   *
   * @return the limit given to the constructor, or {@value #DEFAULT_TAG_LIMIT}
   */
  public int tagLimit() {
    return tagLimit;
  }

  /**
   * Returns the number of live tags now. Any thread; no side effects.
   *
   * @return the live tags, between 0 and {@link #tagLimit()}
   */
  public int liveTags() {
    return liveTags;
  }

  /** Returns a short description: live tags, the limit and a bounded mailbox's capacity. */
  @Override
  public String toString() {
    return "Mailbox[liveTags=" + liveTags + ", tagLimit=" + tagLimit
        + (capacity == UNBOUNDED ? "" : ", capacity=" + capacity) + "]";
  }

  // ------------------------------------------------------------------------- receive engine

  private Message receiveOne(String tag, long nanos) {
    TagQueue q = queues.get(tag);
    if (q != null) {
      Message m = q.poll();
      if (m != null) {
        return m;
      }
    }
    return nanos == 0 ? Message.TIMEOUT : await(new String[] {tag}, nanos);
  }

  private Message receiveAny(String[] tags, long nanos) {
    for (String tag : tags) {
      TagQueue q = queues.get(tag);
      if (q != null) {
        Message m = q.poll();
        if (m != null) {
          return m;
        }
      }
    }
    return nanos == 0 ? Message.TIMEOUT : await(tags, nanos);
  }

  /**
   * The slow path: register, re-poll, park, and on wake-up withdraw, poll, and hand off.
   * See the implementation notes for why this loses no wake-up.
   */
  private Message await(String[] tags, long nanos) {
    final long deadline = nanos == FOREVER ? 0L : System.nanoTime() + nanos; // wraps safely
    final TagQueue[] held = holdAll(tags);
    try {
      for (;;) {
        Waiter w = new Waiter();
        for (TagQueue q : held) {
          q.addWaiter(w); // R1: volatile store of waiterCount
        }
        Message m = pollAny(held); // R2: ordered after R1, so no send slips between
        boolean interrupted = false;
        boolean timedOut = false;
        while (m == null && w.lvIsWaiting()) {
          if (nanos == FOREVER) {
            LockSupport.park(this);
          } else {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0L) {
              timedOut = true;
              break;
            }
            LockSupport.parkNanos(this, remaining);
          }
          if (Thread.interrupted()) {
            interrupted = true;
            break;
          }
        }
        boolean notified = !w.casCancel();
        for (TagQueue q : held) {
          q.removeWaiter(w);
        }
        if (m == null) {
          m = pollAny(held);
        }
        if (notified) {
          for (TagQueue q : held) {
            q.signalIfPending(); // hand-off: a wake-up we did not use goes on
          }
        }
        if (m != null) {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
          return m;
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
          throw new CancellationException("receive on " + Arrays.toString(tags)
              + " was interrupted while waiting for a message; the interrupt status"
              + " is still set. Stop this receiver, or clear the status with"
              + " Thread.interrupted() before receiving again");
        }
        if (timedOut) {
          return Message.TIMEOUT;
        }
        // Notified, but another receiver took the message first: wait again.
      }
    } finally {
      releaseAll(held, held.length);
    }
  }

  private static Message pollAny(TagQueue[] queues) {
    for (TagQueue q : queues) {
      Message m = q.poll();
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  /**
   * Holds the TagQueue of every tag for a waiting receive, registering tags that are not live
   * (all or none). Live ones are held without the registry lock.
   */
  private TagQueue[] holdAll(String[] tags) {
    TagQueue[] held = new TagQueue[tags.length];
    int n = 0;
    while (n < tags.length) {
      TagQueue q = queues.get(tags[n]);
      if (q == null || !q.tryHold()) {
        break;
      }
      held[n++] = q;
    }
    if (n == tags.length) {
      return held;
    }
    registryLock.lock();
    try {
      int missing = 0;
      for (int i = n; i < tags.length; i++) {
        TagQueue q = queues.get(tags[i]);
        if (q == null || q.lvLifecycle() != TagQueue.LIVE) {
          missing++;
        }
      }
      if (missing > tagLimit - liveTags) {
        String first = null;
        for (int i = n; i < tags.length && first == null; i++) {
          TagQueue q = queues.get(tags[i]);
          if (q == null || q.lvLifecycle() != TagQueue.LIVE) {
            first = tags[i];
          }
        }
        releaseAll(held, n);
        throw capacityExceeded(first);
      }
      for (int i = n; i < tags.length; i++) {
        TagQueue q = makeLive(tags[i]);
        q.hold();
        held[i] = q;
      }
      return held;
    } finally {
      registryLock.unlock();
    }
  }

  private void releaseAll(TagQueue[] held, int count) {
    for (int i = 0; i < count; i++) {
      TagQueue q = held[i];
      if (q.release()) {
        registryLock.lock();
        try {
          if (q.killIfUnheld()) {
            queues.remove(q.tag(), q);
          }
        } finally {
          registryLock.unlock();
        }
      }
    }
  }

  // ------------------------------------------------------------------------------ registry

  private TagQueue registerForSend(String tag) {
    registryLock.lock();
    try {
      TagQueue q = queues.get(tag);
      if ((q == null || q.lvLifecycle() != TagQueue.LIVE) && liveTags >= tagLimit) {
        throw capacityExceeded(tag);
      }
      return makeLive(tag);
    } finally {
      registryLock.unlock();
    }
  }

  /**
   * Returns {@code tag}'s TagQueue, creating or reviving it as needed. Caller holds the
   * registry lock and has checked that a new live tag fits.
   */
  private TagQueue makeLive(String tag) {
    TagQueue q = queues.get(tag);
    if (q == null) {
      q = new TagQueue(tag, capacity);
      queues.put(tag, q);
      liveTags++;
    } else if (q.lvLifecycle() != TagQueue.LIVE) {
      q.svLifecycle(TagQueue.LIVE); // DETACHED -> LIVE; DEAD queues are never in the map
      liveTags++;
    }
    return q;
  }

  private void discard(String tag) {
    TagQueue q = queues.get(tag);
    if (q != null) {
      q.discardAll();
    }
  }

  private IllegalStateException capacityExceeded(String tag) {
    return new IllegalStateException("Mailbox tag capacity exceeded: cannot register tag \""
        + tag + "\" because all " + tagLimit + " tag slots are live. Construct the"
        + " Mailbox with a larger limit (new Mailbox(int)), or free tags with setTags(...)");
  }

  private static String[] tagArray(Collection<String> tags) {
    Objects.requireNonNull(tags, "receive: tags must not be null");
    String[] raw = tags.toArray(new String[0]);
    if (raw.length == 0) {
      throw new IllegalArgumentException("receive: tags is empty; pass at least one tag to wait on");
    }
    for (String tag : raw) {
      if (tag == null) {
        throw new NullPointerException("receive: tags must not contain null, got " + tags);
      }
    }
    if (raw.length == 1) {
      return raw;
    }
    if (raw.length > SMALL_TAG_SET) {
      return new LinkedHashSet<>(Arrays.asList(raw)).toArray(new String[0]);
    }
    int n = 0;
    for (String tag : raw) {
      if (!contains(raw, n, tag)) {
        raw[n++] = tag;
      }
    }
    return n == raw.length ? raw : Arrays.copyOf(raw, n);
  }

  private static boolean contains(String[] a, int n, String s) {
    for (int i = 0; i < n; i++) {
      if (a[i].equals(s)) {
        return true;
      }
    }
    return false;
  }

  private static long toNanos(Duration timeout) {
    Objects.requireNonNull(timeout, "receive: timeout must not be null; use receive(tag) to wait without one");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("receive: timeout must not be negative, got " + timeout
          + "; use Duration.ZERO to check once, or receive without a timeout to wait forever");
    }
    return nanosOrForever(timeout);
  }

  /** A non-negative timeout in nanoseconds, or {@link #FOREVER} if too long for them. */
  private static long nanosOrForever(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLongForNanos) {
      return FOREVER;
    }
  }
}
