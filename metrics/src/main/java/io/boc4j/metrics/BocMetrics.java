package io.boc4j.metrics;

import io.boc4j.Boc;
import io.boc4j.Mailbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Publishes a boc4j runtime's statistics as Micrometer meters: {@code new
 * BocMetrics(boc).bindTo(registry)}. Every meter is listed, with its name, type, base unit, tags and
 * meaning, in {@code docs/metrics.md}; a Grafana dashboard over them ships in this module's resources
 * ({@value #DASHBOARD_RESOURCE}).
 *
 * <h2>What it registers</h2>
 *
 * Names are dot-separated lower case with the prefix {@code boc4j.}, in base units (seconds for
 * times); every meter is tagged {@code runtime} with {@link Boc#name()} (so several runtimes in one
 * application stay apart) plus the common tags given to the {@link Builder}. Counters are {@code
 * FunctionCounter}s over the runtime's lifetime counters ({@link Boc#stats()}), which never go
 * backwards across {@code waitAll} and restart; gauges read the moment. Per-worker meters are tagged
 * {@code worker} (the index), mailbox depths {@code mailbox} and {@code tag}.
 *
 * <ul>
 *   <li><b>Workers</b> can change in number at each restart. Per-worker meters are registered lazily:
 *       every read of the meters (every scrape) checks whether the runtime lists a worker index that
 *       has no meters yet, and registers it; an index, once registered, stays (after a restart with
 *       fewer workers it keeps its final totals).
 *   <li><b>Mailbox tags</b> are user data, so at most {@link Builder#mailboxTagLimit} tags per mailbox
 *       (default {@value #DEFAULT_MAILBOX_TAG_LIMIT}) get a depth gauge of their own, the first seen;
 *       the depths of later tags are summed into one gauge with {@code tag="_other"}.
 *   <li><b>Nothing per behaviour</b> unless {@link Builder#sampledTimers} is set: then one behaviour
 *       in N is timed (schedule-to-start latency and body run time, Micrometer {@code Timer}s with
 *       percentiles off unless configured) through {@link Boc#sampleBehaviours}. Without it, binding
 *       installs no per-behaviour hook at all.
 * </ul>
 *
 * <h2>Reading</h2>
 *
 * All meters of a runtime read one shared snapshot of its statistics, reused for at most {@link
 * Builder#snapshotMaxAge} (default 1 s) so that a scrape reads the runtime once, not once per meter.
 * A read takes no lock that behaviours take. The meters hold the runtime weakly, as Micrometer's own
 * binders hold what they measure: keep a reference to the runtime for as long as it should be
 * reported (once it is garbage collected its gauges read NaN and its counters keep their last
 * value).
 *
 * <h2>Restart and close</h2>
 *
 * A runtime that {@code waitAll}s and restarts keeps reporting through the same meters. A runtime
 * that is {@linkplain Boc#close() closed} is reported <b>frozen</b>: its meters stay registered, its
 * counters keep their final values, and its gauges read what a stopped runtime shows (0 workers, 0 in
 * flight, an empty main queue). To remove the meters, close this binder ({@link #close()}).
 *
 * <p>Threading: any thread may bind and close; bind to several registries if needed (each gets every
 * meter). Binding the same registry twice is a no-op.
 */
public final class BocMetrics implements MeterBinder, AutoCloseable {

  /** The classpath resource of the Grafana dashboard over these meters. */
  public static final String DASHBOARD_RESOURCE = "/io/boc4j/metrics/boc4j-dashboard.json";

  /** Tags per mailbox that get a depth gauge of their own unless the builder says otherwise. */
  public static final int DEFAULT_MAILBOX_TAG_LIMIT = 32;

  private static final Set<String> OWN_TAG_KEYS = Set.of(
      MeterSpec.RUNTIME, MeterSpec.WORKER, MeterSpec.MAILBOX, MeterSpec.TAG, MeterSpec.THREAD);

  private final Boc boc;
  private final Registrar registrar;
  private final SampledTimers timers;
  private final int sampleOneIn;
  private final Object samplingLock = new Object();
  private Boc.Registration sampling; // guarded by samplingLock

  /**
   * Meters for {@code boc} with the defaults: no common tags, only the runtime's own mailbox, no
   * sampled timers.
   *
   * @param boc the runtime
   * @throws NullPointerException if boc is null
   */
  public BocMetrics(Boc boc) {
    this(builder(boc));
  }

  private BocMetrics(Builder b) {
    this.boc = b.boc;
    Tags tags = Tags.of(MeterSpec.RUNTIME, boc.name()).and(b.tags);
    this.registrar = new Registrar(tags, b.snapshotMaxAge.toNanos(), b.mailboxes, b.mailboxTagLimit);
    this.sampleOneIn = b.sampleOneIn;
    this.timers = b.sampleOneIn == 0 ? null
        : new SampledTimers(tags, b.percentiles, b.percentileHistogram);
  }

  /**
   * A builder for meters of {@code boc} with options.
   *
   * @param boc the runtime
   * @return a new builder with the defaults
   * @throws NullPointerException if boc is null
   */
  public static Builder builder(Boc boc) {
    return new Builder(Objects.requireNonNull(boc, "BocMetrics: boc is null; pass the runtime"));
  }

  /**
   * Registers this runtime's meters in {@code registry} (see the class comment); with sampled timers
   * configured, the first binding also starts the runtime's behaviour sampling. Any thread. Binding a
   * registry that is already bound does nothing.
   *
   * @param registry the registry
   * @throws NullPointerException if registry is null
   * @throws IllegalStateException if this binder is closed, or if sampled timers are configured and
   *     the runtime is already sampled by another observer (see {@link Boc#sampleBehaviours})
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "BocMetrics.bindTo: registry is null");
    synchronized (samplingLock) {
      boolean claimed = false;
      if (timers != null && sampling == null) {
        // Claim the runtime's sampling slot before registering anything, so that a conflict leaves
        // nothing half-registered.
        sampling = boc.sampleBehaviours(sampleOneIn, timers);
        claimed = true;
      }
      try {
        registrar.bind(boc, registry, (r, out) -> {
          if (timers != null) {
            timers.bind(r, out);
          }
        });
      } catch (RuntimeException | Error e) {
        if (claimed) {
          sampling.close();
          sampling = null;
        }
        throw e;
      }
    }
  }

  /**
   * Removes every meter this binder registered, from every registry, and stops the behaviour
   * sampling it started. The runtime is not affected. Idempotent; any thread. Afterwards {@link
   * #bindTo} throws.
   */
  @Override
  public void close() {
    synchronized (samplingLock) {
      registrar.close();
      if (timers != null) {
        timers.unbindAll();
      }
      if (sampling != null) {
        sampling.close();
        sampling = null;
      }
    }
  }

  @Override
  public String toString() {
    return "BocMetrics[runtime=" + boc.name() + "]";
  }

  /**
   * Options of a {@link BocMetrics}. Not thread-safe; build once.
   */
  public static final class Builder {

    private final Boc boc;
    private Tags tags = Tags.empty();
    private int mailboxTagLimit = DEFAULT_MAILBOX_TAG_LIMIT;
    private final Map<String, Mailbox> mailboxes = new LinkedHashMap<>();
    private int sampleOneIn;
    private double[] percentiles = new double[0];
    private boolean percentileHistogram;
    private Duration snapshotMaxAge = Duration.ofSeconds(1);

    private Builder(Boc boc) {
      this.boc = boc;
    }

    /**
     * Common tags added to every meter, for example the application's name.
     *
     * @param tags the tags
     * @return this builder
     * @throws NullPointerException if tags is null
     * @throws IllegalArgumentException if a tag uses a key these meters set themselves ({@code
     *     runtime}, {@code worker}, {@code mailbox}, {@code tag}, {@code thread})
     */
    public Builder tags(Iterable<Tag> tags) {
      Objects.requireNonNull(tags, "tags is null; pass Tags.empty() for none");
      for (Tag t : tags) {
        if (OWN_TAG_KEYS.contains(t.getKey())) {
          throw new IllegalArgumentException("tag key \"" + t.getKey() + "\" is set by BocMetrics"
              + " itself (" + OWN_TAG_KEYS + "); choose another key");
        }
      }
      this.tags = this.tags.and(tags);
      return this;
    }

    /**
     * How many tags per mailbox get a depth gauge of their own (default {@value
     * #DEFAULT_MAILBOX_TAG_LIMIT}): the first seen; later tags are summed into {@code
     * tag="_other"}. Each tag is one time series.
     *
     * @param tags at least 0 (0 sums every tag into {@code _other})
     * @return this builder
     * @throws IllegalArgumentException if tags is negative
     */
    public Builder mailboxTagLimit(int tags) {
      if (tags < 0) {
        throw new IllegalArgumentException("mailboxTagLimit must not be negative, got " + tags);
      }
      this.mailboxTagLimit = tags;
      return this;
    }

    /**
     * Also reports the per-tag depth of an independent {@link Mailbox} (one not owned by the
     * runtime, such as {@link Mailbox#shared()}), tagged {@code mailbox=name} beside the runtime's
     * own ({@code mailbox="runtime"}).
     *
     * @param name the {@code mailbox} tag value; non-blank, not {@code "runtime"}, unique
     * @param mailbox the mailbox
     * @return this builder
     * @throws NullPointerException if name or mailbox is null
     * @throws IllegalArgumentException if the name is blank, {@code "runtime"} or already used
     */
    public Builder mailbox(String name, Mailbox mailbox) {
      Objects.requireNonNull(name, "mailbox name is null");
      Objects.requireNonNull(mailbox, "mailbox is null");
      if (name.isBlank() || name.equals(Snapshot.RUNTIME_MAILBOX) || mailboxes.containsKey(name)) {
        throw new IllegalArgumentException("mailbox name \"" + name + "\" is blank, reserved for the"
            + " runtime's own mailbox, or already used; choose another");
      }
      mailboxes.put(name, mailbox);
      return this;
    }

    /**
     * Times one behaviour in {@code oneIn} on average (a random sample): its schedule-to-start
     * latency ({@code boc4j.behaviour.queued}) and body run time ({@code boc4j.behaviour.run}), as
     * Micrometer {@code Timer}s tagged {@code thread=worker|main}. Off by default. Their counts are
     * counts of <em>samples</em>; use {@code boc4j.completed} for throughput. Costs, per sampled
     * behaviour, a small allocation, three clock reads and the timers' recording; per unsampled one,
     * a thread-local random draw.
     *
     * @param oneIn at least 1 (1 times every behaviour)
     * @return this builder
     * @throws IllegalArgumentException if oneIn &lt; 1
     */
    public Builder sampledTimers(int oneIn) {
      if (oneIn < 1) {
        throw new IllegalArgumentException(
            "sampledTimers: oneIn must be at least 1 (1 times every behaviour), got " + oneIn);
      }
      this.sampleOneIn = oneIn;
      return this;
    }

    /**
     * Client-side percentiles the sampled timers publish (default none). Only with {@link
     * #sampledTimers}.
     *
     * @param percentiles each in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if one is outside [0, 1]
     */
    public Builder timerPercentiles(double... percentiles) {
      for (double p : percentiles) {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("timer percentiles must be in [0, 1], got " + p);
        }
      }
      this.percentiles = percentiles.clone();
      return this;
    }

    /**
     * Whether the sampled timers publish a percentile histogram (default false), for server-side
     * quantiles such as Prometheus' {@code histogram_quantile}. Only with {@link #sampledTimers}.
     *
     * @param enabled true to publish buckets
     * @return this builder
     */
    public Builder timerPercentileHistogram(boolean enabled) {
      this.percentileHistogram = enabled;
      return this;
    }

    /**
     * How long the meters may reuse one snapshot of the runtime's statistics (default 1 s), so that
     * one scrape reads the runtime once. {@link Duration#ZERO} reads afresh for every meter.
     *
     * @param maxAge non-negative; longer than a day counts as a day
     * @return this builder
     * @throws NullPointerException if maxAge is null
     * @throws IllegalArgumentException if maxAge is negative
     */
    public Builder snapshotMaxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "snapshotMaxAge is null; pass Duration.ZERO to never reuse");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("snapshotMaxAge must not be negative, got " + maxAge);
      }
      this.snapshotMaxAge = maxAge.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : maxAge;
      return this;
    }

    /**
     * Builds the binder; nothing is registered until {@link BocMetrics#bindTo}.
     *
     * @return the binder
     */
    public BocMetrics build() {
      return new BocMetrics(this);
    }
  }
}
