package io.boc4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A report of the slow-body detector ({@link Boc.Builder#slowBodyThreshold}): a worker has been
 * running one behaviour — its body, or the completion callbacks that run on the worker right after
 * it — for longer than the threshold. While it does, that worker runs nothing else, and every
 * behaviour waiting for the behaviour's cowns waits with it. Given to {@link
 * BocListener#onSlowBody} and logged on {@code io.boc4j.runtime}; made once per behaviour.
 *
 * @param thread the name of the thread running the behaviour (a worker, or in deterministic mode the
 *     thread driving the schedule)
 * @param elapsed how long the behaviour had been running when it was reported, at least: measured
 *     from the first time the detector saw it running, so it is short by less than a quarter of the
 *     threshold
 * @param stack that thread's stack when it was reported, innermost frame first; empty if the
 *     behaviour ended while the stack was being read
 */
public record SlowBody(String thread, Duration elapsed, List<StackTraceElement> stack) {

  /**
   * Creates a report; the stack is copied.
   *
   * @param thread see the record component
   * @param elapsed see the record component
   * @param stack see the record component
   * @throws NullPointerException if a part is null (the message names it)
   */
  public SlowBody {
    Objects.requireNonNull(thread, "SlowBody: thread is null");
    Objects.requireNonNull(elapsed, "SlowBody: elapsed is null");
    stack = List.copyOf(Objects.requireNonNull(stack, "SlowBody: stack is null"));
  }
}
