package io.boc4j.samples.calculator;

/**
 * A request sent on {@link CalcServer#CALC}: compute {@code a op b} and reply on {@code replyTo}.
 *
 * @param id the client's number for this request, echoed in the reply
 * @param op the operation
 * @param a left operand
 * @param b right operand
 * @param replyTo the tag the client waits on
 */
record CalcRequest(long id, CalcOp op, long a, long b, String replyTo) {}
