package io.boc4j;

/**
 * A snapshot of a runtime's pinned-work state ({@link MainThread#stats()}, {@link BocStats#pinned()}).
 * Each figure is individually recent; the record is not a consistent cut.
 *
 * @param depth pinned behaviours ready and waiting in the main queue (not counting one being run); 0
 *     when no runtime is running (gauge)
 * @param nonEmptyForMillis how long the main queue has been continuously non-empty, or 0 when it is
 *     empty; this is the age the pump watchdog compares with its thresholds (gauge)
 * @param millisSinceLastPump time since the main thread last pumped (an explicit {@link
 *     MainThread#pump}, or an auto-pump by {@link Boc#waitAll} / {@link Boc#quiesce}, even of an empty
 *     queue), or -1 if it never has on this runtime (gauge)
 * @param pumped pinned behaviours run by the main thread since the runtime was built, failed ones
 *     included (counter)
 * @param pumpFailures pinned bodies that threw since the runtime was built (counter)
 * @param watchdogWarnings reports the watchdog has made at severity WARN since the runtime was built
 *     (counter)
 * @param watchdogRaises {@link PumpStarvationException}s thrown since the runtime was built (counter)
 */
public record PinnedStats(
    long depth,
    long nonEmptyForMillis,
    long millisSinceLastPump,
    long pumped,
    long pumpFailures,
    long watchdogWarnings,
    long watchdogRaises) {}
