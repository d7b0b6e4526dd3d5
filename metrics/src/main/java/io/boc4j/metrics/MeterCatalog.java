package io.boc4j.metrics;

import static io.boc4j.metrics.MeterSpec.counter;
import static io.boc4j.metrics.MeterSpec.functionTimer;
import static io.boc4j.metrics.MeterSpec.gauge;
import static io.boc4j.metrics.MeterSpec.mailboxGauge;
import static io.boc4j.metrics.MeterSpec.sampledTimer;
import static io.boc4j.metrics.MeterSpec.timeGauge;
import static io.boc4j.metrics.MeterSpec.workerCounter;

import io.boc4j.BocStats;
import java.util.List;

/**
 * Every meter {@link BocMetrics} can register, in the order of {@code docs/metrics.md}. Counters read
 * the lifetime figures of {@link BocStats}, which never go backwards across {@code waitAll} and
 * restart; gauges read the moment.
 */
final class MeterCatalog {

  private MeterCatalog() {}

  /** Base units: behaviours for counts of behaviours, Micrometer's own names elsewhere. */
  static final String BEHAVIOURS = "behaviours";

  static final String QUEUED = "boc4j.behaviour.queued";
  static final String RUN = "boc4j.behaviour.run";
  static final String MAILBOX_DEPTH = "boc4j.mailbox.depth";

  static final List<MeterSpec> ALL = List.of(
      // --- behaviours ---
      counter("boc4j.scheduled", BEHAVIOURS,
          "Behaviours scheduled (synchronous takes included)", s -> s.stats().scheduled()),
      counter("boc4j.completed", BEHAVIOURS,
          "Behaviours completed, failed ones included", s -> s.stats().completed()),
      counter("boc4j.failed", BEHAVIOURS,
          "Behaviours whose body threw", s -> s.stats().failed()),
      gauge("boc4j.in.flight", BEHAVIOURS,
          "Behaviours scheduled and not yet completed (an upper bound while running, exact at"
              + " quiescence; 0 when not running)", s -> s.stats().inFlight()),
      gauge("boc4j.in.flight.peak", BEHAVIOURS,
          "The highest in-flight count since the runtime was built", s -> s.stats().peakInFlight()),
      gauge("boc4j.workers", "threads",
          "Worker threads of the running generation (0 when not running or closed)",
          s -> s.stats().workers()),
      // --- per worker ---
      workerCounter("boc4j.worker.run", BEHAVIOURS,
          "Bodies this worker ran, failed ones included", w -> w.behavioursRun()),
      workerCounter("boc4j.worker.pushed.local", BEHAVIOURS,
          "Ready behaviours this worker's bodies pushed, or its steals moved, onto its own queue",
          w -> w.pushedLocal()),
      workerCounter("boc4j.worker.pushed.remote", BEHAVIOURS,
          "Ready behaviours other threads pushed onto this worker's queue", w -> w.pushedRemote()),
      workerCounter("boc4j.worker.steals", BEHAVIOURS,
          "Behaviours this worker took from another worker's queue", w -> w.poppedViaSteal()),
      workerCounter("boc4j.worker.steal.attempts", null,
          "Times this worker tried to steal from a victim that looked non-empty",
          w -> w.stealAttempts()),
      workerCounter("boc4j.worker.steal.failures", null,
          "Steal attempts that found nothing", w -> w.stealFailures()),
      workerCounter("boc4j.worker.parks", null,
          "Times this worker parked for lack of work", w -> w.parked()),
      // --- back-pressure ---
      gauge("boc4j.backpressure.limit", BEHAVIOURS,
          "The back-pressure limit: above it producers are held back",
          s -> s.stats().backPressureLimit()),
      functionTimer("boc4j.backpressure.producer.wait",
          "Plain-thread when()s held back by back-pressure (count) and the time they waited (sum)",
          s -> s.stats().backPressure().producerWaits(),
          s -> s.stats().backPressure().producerWaitMillis()),
      functionTimer("boc4j.backpressure.mute",
          "Bodies muted (kept their cowns) because the runtime was over its limit (count), and"
              + " the time they stayed muted (sum)",
          s -> s.stats().backPressure().mutes(), s -> s.stats().backPressure().mutedMillis()),
      gauge("boc4j.backpressure.muted", BEHAVIOURS,
          "Behaviours muted now", s -> s.stats().backPressure().mutedNow()),
      // --- pinned main queue ---
      gauge("boc4j.pinned.queue.depth", BEHAVIOURS,
          "Pinned behaviours ready and waiting for the main thread to pump",
          s -> s.stats().pinned().depth()),
      timeGauge("boc4j.pinned.queue.age",
          "How long the main queue has been continuously non-empty (0 when empty): what the pump"
              + " watchdog compares with its thresholds", s -> s.stats().pinned().nonEmptyForMillis()),
      timeGauge("boc4j.pinned.since.last.pump",
          "Time since the main thread last pumped (NaN if it never has)",
          s -> nanIfNegative(s.stats().pinned().millisSinceLastPump())),
      counter("boc4j.pinned.pumped", BEHAVIOURS,
          "Pinned behaviours run by the main thread, failed ones included",
          s -> s.stats().pinned().pumped()),
      counter("boc4j.pinned.failed", BEHAVIOURS,
          "Pinned bodies that threw", s -> s.stats().pinned().pumpFailures()),
      counter("boc4j.pinned.watchdog.warnings", null,
          "Pump watchdog reports at severity WARN", s -> s.stats().pinned().watchdogWarnings()),
      counter("boc4j.pinned.watchdog.raises", null,
          "Pump starvation exceptions thrown", s -> s.stats().pinned().watchdogRaises()),
      timeGauge("boc4j.pinned.watchdog.warn.threshold",
          "The pump watchdog's warn threshold (NaN while off)", Snapshot::warnMillis),
      timeGauge("boc4j.pinned.watchdog.raise.threshold",
          "The pump watchdog's raise threshold (NaN while off)", Snapshot::raiseMillis),
      // --- noticeboard ---
      gauge("boc4j.noticeboard.entries", null,
          "Entries on the committed board", s -> s.stats().noticeboard().size()),
      gauge("boc4j.noticeboard.capacity", null,
          "The most distinct keys the board holds", s -> s.stats().noticeboard().capacity()),
      counter("boc4j.noticeboard.commits", null,
          "The board's version: committed changes, monotonic across restarts",
          s -> s.stats().noticeboard().version()),
      gauge("boc4j.noticeboard.pending", "mutations",
          "Mutations posted and not yet committed", s -> s.stats().noticeboard().pendingMutations()),
      counter("boc4j.noticeboard.rejected", "writes",
          "Writes of a new key refused at the caller because the board was full",
          s -> s.stats().noticeboard().rejectedWrites()),
      counter("boc4j.noticeboard.dropped", "mutations",
          "Mutations dropped at commit because the board filled meanwhile (each logged)",
          s -> s.stats().noticeboard().droppedMutations()),
      counter("boc4j.noticeboard.failed", "updates",
          "Update functions that threw or returned null (each logged)",
          s -> s.stats().noticeboard().failedUpdates()),
      // --- mailboxes ---
      mailboxGauge(MAILBOX_DEPTH, "messages",
          "Messages queued now on one tag; tag \"" + MailboxMeters.OTHER + "\" sums the tags past"
              + " the per-mailbox limit"),
      // --- sampled timers (opt-in) ---
      sampledTimer(QUEUED,
          "Sampled behaviours: from scheduling to the body's start (waiting for cowns, then for a"
              + " worker or the pump)"),
      sampledTimer(RUN, "Sampled behaviours: the body's run time"));

  private static double nanIfNegative(long millis) {
    return millis < 0 ? Double.NaN : millis;
  }
}
