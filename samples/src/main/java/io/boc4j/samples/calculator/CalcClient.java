package io.boc4j.samples.calculator;

import io.boc4j.Mailbox;
import io.boc4j.Message;
import java.time.Duration;

/**
 * A client of the {@link CalcServer}: sends each request on {@link CalcServer#CALC} and waits for
 * the answer on its own reply tag, {@code reply/<name>}, for at most the timeout. When no answer
 * comes, the receive's {@code after} supplier gives the fallback, a {@link
 * CalcReply.Status#TIMED_OUT} reply. A late answer to an earlier request that timed out is
 * recognised by its id and dropped.
 *
 * <p>One thread per client: it asks one question at a time.
 */
final class CalcClient {

  private final Mailbox mailbox;
  private final String replyTag;
  private final Duration timeout;
  private long lastId;

  /**
   * @param mailbox where the server listens
   * @param name distinguishes this client's reply tag from the others'
   * @param timeout how long to wait for each answer
   */
  CalcClient(Mailbox mailbox, String name, Duration timeout) {
    this.mailbox = mailbox;
    this.replyTag = "reply/" + name;
    this.timeout = timeout;
  }

  /** Asks {@code a op b} and returns the answer, or the timed-out fallback. */
  CalcReply ask(CalcOp op, long a, long b) {
    long id = ++lastId;
    mailbox.send(CalcServer.CALC, new CalcRequest(id, op, a, b, replyTag));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Object got = mailbox.receive(replyTag, left, () -> CalcReply.timedOut(id));
      CalcReply reply = got instanceof Message m ? (CalcReply) m.payload() : (CalcReply) got;
      if (reply.id() == id) {
        return reply;
      }
    }
  }

  /** The tag this client's answers arrive on. */
  String replyTag() {
    return replyTag;
  }
}
