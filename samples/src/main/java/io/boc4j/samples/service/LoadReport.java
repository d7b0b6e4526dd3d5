package io.boc4j.samples.service;

import java.util.Locale;

/**
 * What a load run saw, counted by outcome.
 *
 * @param requests transfers asked for
 * @param applied answered 200: the money moved
 * @param insufficient answered 409 insufficient-funds: refused, nothing moved (expected under random
 *     load)
 * @param shuttingDown answered 503: the service was shutting down
 * @param unexpected answered with any other status (a bug, or a bad request)
 * @param unanswered no response: connection refused or closed (expected only around a shutdown)
 * @param nanos wall-clock time of the run
 * @param p50Millis median latency of the answered requests, milliseconds
 * @param p99Millis 99th percentile latency, milliseconds
 */
record LoadReport(long requests, long applied, long insufficient, long shuttingDown,
    long unexpected, long unanswered, long nanos, double p50Millis, double p99Millis) {

  /** Requests per second over the run. */
  double perSecond() {
    return nanos == 0 ? 0 : requests * 1e9 / nanos;
  }

  /** True if every request was answered 200 or 409 insufficient-funds. */
  boolean allExpected() {
    return shuttingDown == 0 && unexpected == 0 && unanswered == 0;
  }

  /** One line: rate, latency and outcomes. */
  String describe() {
    return String.format(Locale.ROOT, "%,d requests in %.1f s: %,.0f requests/s; latency p50 %.2f ms,"
        + " p99 %.2f ms; %,d transferred, %,d refused for insufficient funds, %,d failed",
        requests, nanos / 1e9, perSecond(), p50Millis, p99Millis, applied, insufficient,
        shuttingDown + unexpected + unanswered);
  }
}
