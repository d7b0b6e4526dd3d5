package io.boc4j.samples.calculator;

/**
 * The answer to one {@link CalcRequest}, or the client's own fallback when none came in time.
 *
 * @param id the request's id
 * @param status how it ended
 * @param value the result; meaningful only when {@code status} is {@link Status#OK}
 * @param error why the server refused; null unless {@code status} is {@link Status#REFUSED}
 */
record CalcReply(long id, Status status, long value, String error) {

  /** How a request ended. */
  enum Status {
    /** The server computed a value. */
    OK,
    /** The server could not compute it (division by zero, overflow). */
    REFUSED,
    /** No reply came in time: the client's {@code after} fallback, never sent by the server. */
    TIMED_OUT
  }

  /** The server computed {@code value}. */
  static CalcReply ok(long id, long value) {
    return new CalcReply(id, Status.OK, value, null);
  }

  /** The server could not compute an answer, for the reason {@code error}. */
  static CalcReply refused(long id, String error) {
    return new CalcReply(id, Status.REFUSED, 0, error);
  }

  /** The client's fallback when no answer came in time. */
  static CalcReply timedOut(long id) {
    return new CalcReply(id, Status.TIMED_OUT, 0, null);
  }
}
