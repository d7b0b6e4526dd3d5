package io.boc4j.internal.mailbox;

import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link LongAdder} followed by 56 bytes of padding, so that whatever object comes next in the
 * heap starts on a later cache line than its {@code base}.
 *
 * <p>Why: a tag's queue counts the messages its senders push and its receivers pop in two adders,
 * which the heap places side by side (the constructor allocates them together, and a copying
 * collection keeps them together, as it copies the fields of one object in order). Unpadded, the
 * sender's increment and the receiver's shared one line: every message moved that line between
 * the two threads' cores, a miss of about 200 ns each way on a 2-vCPU machine whose vCPUs do not
 * share a cache. The adder's own cells are padded already; its base is not.
 */
final class PaddedLongAdder extends LongAdder {

  private static final long serialVersionUID = 1L;

  // Trailing padding: 56 bytes.
  @SuppressWarnings("unused")
  private long p1;
  @SuppressWarnings("unused")
  private long p2;
  @SuppressWarnings("unused")
  private long p3;
  @SuppressWarnings("unused")
  private long p4;
  @SuppressWarnings("unused")
  private long p5;
  @SuppressWarnings("unused")
  private long p6;
  @SuppressWarnings("unused")
  private long p7;
}
