package io.boc4j.samples.calculator;

import io.boc4j.Mailbox;
import io.boc4j.Message;
import java.util.List;

/**
 * The calculator service: run it on a thread of its own. It takes requests from the {@value #CALC}
 * tag and sends each answer to the request's reply tag. A message on {@value #SHUTDOWN}, whose
 * payload is a reply tag, makes it send its {@link Totals} there and return; requests already
 * queued on {@value #CALC} are answered first, since that tag comes first in its receive.
 */
final class CalcServer implements Runnable {

  /** The tag requests are sent on. */
  static final String CALC = "calc";

  /** The tag that stops the server; the payload is the tag to send its totals to. */
  static final String SHUTDOWN = "shutdown";

  /**
   * What the server did over its life.
   *
   * @param handled requests received
   * @param refused requests answered with an error
   */
  record Totals(long handled, long refused) {}

  private static final List<String> TAGS = List.of(CALC, SHUTDOWN);

  private final Mailbox mailbox;

  /** A server listening on {@code mailbox}; start it with {@code new Thread(server).start()}. */
  CalcServer(Mailbox mailbox) {
    this.mailbox = mailbox;
  }

  /** Serves until a shutdown message arrives. */
  @Override
  public void run() {
    long handled = 0;
    long refused = 0;
    while (true) {
      Message m = mailbox.receive(TAGS);
      if (m.tag().equals(SHUTDOWN)) {
        mailbox.send((String) m.payload(), new Totals(handled, refused));
        return;
      }
      CalcRequest r = (CalcRequest) m.payload();
      handled++;
      CalcReply reply;
      try {
        reply = CalcReply.ok(r.id(), r.op().apply(r.a(), r.b()));
      } catch (ArithmeticException e) {
        refused++;
        reply = CalcReply.refused(r.id(), e.getMessage());
      }
      mailbox.send(r.replyTo(), reply);
    }
  }
}
