/**
 * JMH microbenchmarks of boc4j's hot paths, separate from the workload harness. Each is short (3 ×
 * 1 s warm-up, 3 × 1 s measurement, one fork: the build machine has two cores). Run them all with
 * {@code java -cp bench/target/boc4j-bench.jar org.openjdk.jmh.Main}, or a subset by regular
 * expression, e.g. {@code ... org.openjdk.jmh.Main RunRoundTrip}.
 *
 * <p>Scheduling benchmarks measure a chain: each behaviour schedules the next over the same cowns,
 * and one invocation is {@link io.boc4j.bench.jmh.Chains#HOPS} hops, so the reported time per
 * operation is one schedule-to-run hand-off with the wake-up of the benchmark thread amortised away.
 */
package io.boc4j.bench.jmh;
