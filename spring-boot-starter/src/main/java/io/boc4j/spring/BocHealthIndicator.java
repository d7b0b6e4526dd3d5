package io.boc4j.spring;

import io.boc4j.Boc;
import io.boc4j.BocStats;
import io.boc4j.PinnedStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports a runtime's health from one {@link Boc#stats()} snapshot and the pump watchdog's
 * thresholds.
 *
 * <table>
 *   <caption>Status</caption>
 *   <tr><th>status</th><th>when</th></tr>
 *   <tr><td>{@code DOWN}</td><td>the runtime is closed; or pinned work has waited for the main
 *       thread at least the watchdog's raise threshold ({@code boc4j.pump-watchdog.raise}): the
 *       main thread's next pump fails</td></tr>
 *   <tr><td>{@code OUT_OF_SERVICE}</td><td>pinned work has waited at least the watchdog's warn
 *       threshold ({@code boc4j.pump-watchdog.warn}): the watchdog reports starvation</td></tr>
 *   <tr><td>{@code UP}</td><td>otherwise, including while no workers run (before the first
 *       behaviour, or between a {@code waitAll} and the next {@code when})</td></tr>
 * </table>
 *
 * Starvation is judged by the rule the watchdog applies: the age of the main queue's current
 * non-empty period against the thresholds. So the status is back to {@code UP} as soon as the main
 * thread has pumped the queue empty, and a runtime without pinned work, or with the watchdog off,
 * never reports starvation.
 *
 * <p>Details: the runtime's name, whether it runs, its workers, behaviours in flight (and the peak),
 * scheduled, completed and failed (lifetime), the back-pressure limit and muted producers, and the
 * main queue's depth, age and time since the last pump, with the watchdog's thresholds when set.
 *
 * <p>Reading takes no lock that behaviours take; any thread.
 */
public class BocHealthIndicator implements HealthIndicator {

  private final Boc boc;

  /**
   * An indicator for {@code boc}.
   *
   * @param boc the runtime
   * @throws NullPointerException if boc is null
   */
  public BocHealthIndicator(Boc boc) {
    this.boc = Objects.requireNonNull(boc, "boc is null");
  }

  /**
   * The runtime's health now; see the class notes.
   *
   * @return the health, with details
   */
  @Override
  public Health health() {
    BocStats stats = boc.stats();
    Optional<Duration> warn = boc.mainThread().pumpWatchdogWarn();
    Optional<Duration> raise = boc.mainThread().pumpWatchdogRaise();
    long queueAge = stats.pinned().nonEmptyForMillis();
    Health.Builder health = new Health.Builder(Status.UP, details(stats, warn, raise));
    if (stats.closed()) {
      health.down();
    } else if (crossed(raise, queueAge)) {
      health.down().withDetail("starvation", starvation(stats.pinned(), "raise", raise.get()));
    } else if (crossed(warn, queueAge)) {
      health.outOfService()
          .withDetail("starvation", starvation(stats.pinned(), "warn", warn.get()));
    }
    return health.build();
  }

  private static boolean crossed(Optional<Duration> threshold, long queueAgeMillis) {
    return queueAgeMillis > 0 && threshold.isPresent()
        && queueAgeMillis >= threshold.get().toMillis();
  }

  private static String starvation(PinnedStats pinned, String which, Duration threshold) {
    return pinned.depth() + " pinned behaviour(s) have waited " + pinned.nonEmptyForMillis()
        + " ms for the main thread, past the watchdog's " + which + " threshold of "
        + threshold.toMillis() + " ms: pump the main thread (boc4j.pump.enabled=true runs a pump"
        + " driver)";
  }

  private static Map<String, Object> details(
      BocStats stats, Optional<Duration> warn, Optional<Duration> raise) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("runtime", stats.runtime());
    d.put("running", stats.running());
    d.put("closed", stats.closed());
    d.put("workers", stats.workers());
    d.put("inFlight", stats.inFlight());
    d.put("peakInFlight", stats.peakInFlight());
    d.put("scheduled", stats.scheduled());
    d.put("completed", stats.completed());
    d.put("failed", stats.failed());
    d.put("backPressureLimit", stats.backPressureLimit());
    d.put("mutedNow", stats.backPressure().mutedNow());
    Map<String, Object> main = new LinkedHashMap<>();
    main.put("depth", stats.pinned().depth());
    main.put("nonEmptyForMillis", stats.pinned().nonEmptyForMillis());
    main.put("millisSinceLastPump", stats.pinned().millisSinceLastPump());
    warn.ifPresent(w -> main.put("watchdogWarnMillis", w.toMillis()));
    raise.ifPresent(r -> main.put("watchdogRaiseMillis", r.toMillis()));
    d.put("mainQueue", main);
    return d;
  }
}
