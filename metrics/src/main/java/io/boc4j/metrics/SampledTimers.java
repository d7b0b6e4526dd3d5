package io.boc4j.metrics;

import io.boc4j.BehaviourObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The opt-in sampled timers: a {@link BehaviourObserver} that records each sampled behaviour's
 * schedule-to-start latency ({@value MeterCatalog#QUEUED}) and body run time ({@value
 * MeterCatalog#RUN}) into every bound registry, tagged {@code thread=worker} or {@code thread=main}
 * (pinned behaviours, whose latency includes waiting for the pump).
 *
 * <p>Percentiles and histograms are off unless configured, so a recording is a few lock-free
 * updates. Threading: {@link #onSample} on any thread that runs bodies; {@link #bind} under the
 * {@link Registrar}'s lock. The bound timers are an immutable array, replaced whole.
 */
final class SampledTimers implements BehaviourObserver {

  /** One registry's four timers. */
  private record Bound(Timer queuedWorker, Timer queuedMain, Timer runWorker, Timer runMain) {}

  private final Tags tags;
  private final double[] percentiles;
  private final boolean histogram;
  private volatile Bound[] bound = new Bound[0];

  /**
   * @param tags the runtime's identity
   * @param percentiles client-side percentiles to publish, none if empty
   * @param histogram whether to publish a percentile histogram
   */
  SampledTimers(Tags tags, double[] percentiles, boolean histogram) {
    this.tags = tags;
    this.percentiles = percentiles.clone();
    this.histogram = histogram;
  }

  /** Registers the timers in {@code registry} and starts recording into them. */
  void bind(MeterRegistry registry, List<Meter> out) {
    Bound b = new Bound(timer(MeterCatalog.QUEUED, "worker", registry),
        timer(MeterCatalog.QUEUED, "main", registry), timer(MeterCatalog.RUN, "worker", registry),
        timer(MeterCatalog.RUN, "main", registry));
    out.addAll(List.of(b.queuedWorker(), b.queuedMain(), b.runWorker(), b.runMain()));
    Bound[] now = Arrays.copyOf(bound, bound.length + 1);
    now[now.length - 1] = b;
    bound = now; // volatile write: onSample sees the new registry from now on
  }

  /** Stops recording into any registry. */
  void unbindAll() {
    bound = new Bound[0];
  }

  @Override
  public void onSample(long queuedNanos, long runNanos, boolean pinned, boolean failed) {
    for (Bound b : bound) {
      (pinned ? b.queuedMain() : b.queuedWorker()).record(queuedNanos, TimeUnit.NANOSECONDS);
      (pinned ? b.runMain() : b.runWorker()).record(runNanos, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String name, String thread, MeterRegistry registry) {
    MeterSpec spec = MeterCatalog.ALL.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow();
    return Timer.builder(name).description(spec.description()).tags(tags)
        .tag(MeterSpec.THREAD, thread)
        .publishPercentiles(percentiles)
        .publishPercentileHistogram(histogram)
        .register(registry);
  }

  @Override
  public String toString() {
    return "boc4j-metrics sampled timers " + tags;
  }
}
