/**
 * boc4j core: Behaviour-Oriented Concurrency for the JVM. Cowns, behaviours scheduled with {@code
 * when}, the work-stealing runtime, pinned cowns with their main thread, the noticeboard and
 * send/receive messaging.
 *
 * <p>Only {@code io.boc4j} is exported; everything under {@code io.boc4j.internal} is
 * implementation and may change without notice.
 */
module io.boc4j.core {
  requires org.jctools.core;

  exports io.boc4j;
}
