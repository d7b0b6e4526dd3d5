package io.boc4j.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per schedule: each run gets its own {@link io.boc4j.Boc} built with {@link
 * io.boc4j.Boc.Builder#deterministic(long)}, so behaviours run on the test thread (inside {@code
 * quiesce} / {@code waitAll}) in an order drawn from that run's seed. A failing run says its seed and
 * the annotation that replays exactly that interleaving.
 *
 * <pre>{@code
 * @BocSchedules(seeds = 200)
 * void transfersNeverOverdraw(Boc boc) throws Exception {
 *   ... schedule behaviours on boc ...
 *   boc.quiesce(Duration.ofSeconds(5));
 *   ... assert ...
 * }
 * }</pre>
 *
 * <p>The test method takes a {@link io.boc4j.Boc} parameter (closed after the run) and may take a
 * {@code long} parameter named by {@link BocSeed} to see its seed. The runtime can be configured
 * further by a {@code static Boc.Builder} factory named in {@link #builder()}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(BocSchedulesExtension.class)
public @interface BocSchedules {

  /**
   * How many schedules to try: seeds {@link #firstSeed()}, {@code firstSeed + 1}, ... The seeds are
   * fixed, so a run in CI and a run on a laptop try the same interleavings.
   *
   * @return the number of runs, at least 1
   */
  int seeds() default 100;

  /**
   * The first seed.
   *
   * @return the seed of the first run
   */
  long firstSeed() default 1;

  /**
   * Replays one seed only, ignoring {@link #seeds()} and {@link #firstSeed()}: paste the value a
   * failing run printed. {@code Long.MIN_VALUE} (the default) means no replay.
   *
   * @return the seed to replay
   */
  long replay() default Long.MIN_VALUE;

  /**
   * The name of a static no-argument method of the test class that returns a {@code Boc.Builder}
   * to configure each run's runtime (its {@code deterministic} seed is then set by the extension).
   * Empty (the default) uses {@code Boc.builder()}.
   *
   * @return the factory method's name
   */
  String builder() default "";
}
