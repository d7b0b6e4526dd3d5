/**
 * What every sample shares and nothing else: the command-line launch, option checks, simulated
 * work, a gauge of how many bodies run at once, waiting for a result cown, and throughput
 * arithmetic.
 */
package io.boc4j.samples.support;
