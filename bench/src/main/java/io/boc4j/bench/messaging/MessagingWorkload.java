package io.boc4j.bench.messaging;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.List;

/**
 * Send-to-receive throughput of {@link io.boc4j.Mailbox} between plain threads (SPEC section 6): P
 * producer threads each send N messages on one tag of a fresh mailbox, and P receiver threads each
 * take N of them, so the run ends when all N·P messages have been received. One operation is one
 * message, sent and received. The {@code workers} dimension is P (default 1 and 4, so P = 4 runs 8
 * threads on however many cores there are); there is no busy work (U = 0 only).
 *
 * <p>The payloads are preallocated {@link Integer}s (message ids), reused across runs, so allocation
 * per operation is the channel's own. Each receiver records the ids it took; verification checks
 * that every id was received exactly once and that each receiver saw each producer's messages in
 * the order they were sent (a subsequence of a FIFO).
 *
 * <p>Peer: {@code lbq}, an unbounded {@link java.util.concurrent.LinkedBlockingQueue} with {@code
 * put} and {@code take}, on the same threads.
 */
public final class MessagingWorkload extends AbstractWorkload {

  static final String TAG = "bench";

  /** Mailbox messaging on boc4j and on a LinkedBlockingQueue. */
  public MessagingWorkload() {
    super("messaging", "msg/s", 4_000_000, impl("boc4j", MailboxMessaging::new),
        impl("lbq", QueueMessaging::new));
  }

  @Override
  public List<Integer> defaultWorkers(boolean quick) {
    return quick ? List.of(4) : List.of(1, 4);
  }

  @Override
  public List<Integer> defaultWorkUs(boolean quick) {
    return List.of(0);
  }

  @Override
  public String description() {
    return """
      `Mailbox` send → receive between plain threads: W \
      producers each send N messages on one tag of a fresh mailbox and W receivers each take N \
      (2W threads), preallocated `Integer` payloads, every message checked to arrive exactly once \
      and in its sender's order. Peer: `lbq`, an unbounded `LinkedBlockingQueue` with \
      `put`/`take` on the same threads.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return unloaded(d);
  }
}
