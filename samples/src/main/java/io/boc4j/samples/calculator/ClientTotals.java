package io.boc4j.samples.calculator;

/**
 * What clients saw, summed.
 *
 * @param asked questions sent
 * @param ok answers with a value
 * @param refused answers with an error
 * @param timedOut questions that got no answer in time (the {@code after} fallback was used)
 * @param wrong values that differ from the client's own computation
 * @param sum the sum of all values received
 */
record ClientTotals(long asked, long ok, long refused, long timedOut, long wrong, long sum) {

  /** Nothing asked yet. */
  static final ClientTotals NONE = new ClientTotals(0, 0, 0, 0, 0, 0);

  /** These totals with one more question and the reply it got. */
  ClientTotals plus(Question q, CalcReply reply) {
    return switch (reply.status()) {
      case OK -> new ClientTotals(asked + 1, ok + 1, refused, timedOut,
          wrong + (isRight(q, reply.value()) ? 0 : 1), sum + reply.value());
      case REFUSED -> new ClientTotals(asked + 1, ok, refused + 1, timedOut,
          wrong + (q.op() == CalcOp.DIVIDE && q.b() == 0 ? 0 : 1), sum);
      case TIMED_OUT -> new ClientTotals(asked + 1, ok, refused, timedOut + 1, wrong, sum);
    };
  }

  /** Both totals together. */
  ClientTotals plus(ClientTotals o) {
    return new ClientTotals(asked + o.asked, ok + o.ok, refused + o.refused,
        timedOut + o.timedOut, wrong + o.wrong, sum + o.sum);
  }

  private static boolean isRight(Question q, long value) {
    try {
      return q.op().apply(q.a(), q.b()) == value;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}
