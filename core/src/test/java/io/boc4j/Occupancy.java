package io.boc4j;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is inside each cown: readers count up, a writer is -1. A body entering beside a writer, or a
 * writer entering beside anyone, is a violation: a cown handed on too early by a resumed release
 * (a grant counted twice dispatches a behaviour before its last cown arrives).
 */
final class Occupancy {
  final AtomicInteger[] inside;
  final AtomicLong violations = new AtomicLong();

  Occupancy(int cowns) {
    inside = new AtomicInteger[cowns];
    for (int i = 0; i < cowns; i++) {
      inside[i] = new AtomicInteger();
    }
  }

  /** A body enters every cown of {@code indices}, all read-only or all writable. */
  void enter(List<Integer> indices, boolean reader) {
    for (int i : indices) {
      enter(i, reader);
    }
  }

  /** The body that entered them leaves. */
  void exit(List<Integer> indices, boolean reader) {
    for (int i : indices) {
      exit(i, reader);
    }
  }

  /** A body enters cown {@code i}, read-only or writable. */
  void enter(int i, boolean reader) {
    boolean ok = reader ? inside[i].getAndIncrement() >= 0 : inside[i].compareAndSet(0, -1);
    if (!ok) {
      violations.incrementAndGet();
    }
  }

  /** The body that entered cown {@code i} leaves it. */
  void exit(int i, boolean reader) {
    if (reader) {
      inside[i].decrementAndGet();
    } else {
      inside[i].set(0);
    }
  }
}
