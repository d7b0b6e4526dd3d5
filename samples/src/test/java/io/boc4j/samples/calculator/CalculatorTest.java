package io.boc4j.samples.calculator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Mailbox;
import io.boc4j.Message;
import io.boc4j.samples.support.CommandRun;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CalculatorTest {

  private static final Duration PATIENT = Duration.ofSeconds(10);

  /** The answers to a client's questions, computed here without the service. */
  private static long[] expected(long seed, int count) {
    long sum = 0;
    long divisionsByZero = 0;
    for (Question q : Question.script(seed, count)) {
      long a = q.a();
      long b = q.b();
      switch (q.op()) {
        case ADD -> sum += a + b;
        case SUBTRACT -> sum += a - b;
        case MULTIPLY -> sum += a * b;
        case DIVIDE -> {
          if (b == 0) {
            divisionsByZero++;
          } else {
            sum += a / b;
          }
        }
        default -> throw new AssertionError(q);
      }
    }
    return new long[] {sum, divisionsByZero};
  }

  @Test
  void everyQuestionIsAnsweredAndTheTotalsAddUp() throws Exception {
    int clients = 3;
    int questions = 400;
    CalcSession.Outcome o =
        new CalcSession(clients, questions, 7, PATIENT, Duration.ofMillis(50)).run();
    long sum = 0;
    long refused = 0;
    for (int i = 0; i < clients; i++) {
      long[] want = expected(7 + i, questions);
      ClientTotals got = o.perClient().get(i);
      assertEquals(want[0], got.sum(), "client " + i + " sum");
      assertEquals(want[1], got.refused(), "client " + i + " refusals");
      sum += want[0];
      refused += want[1];
    }
    ClientTotals all = o.total();
    assertEquals(clients * questions, all.asked());
    assertEquals(clients * questions - refused, all.ok());
    assertEquals(0, all.timedOut());
    assertEquals(0, all.wrong());
    assertEquals(sum, all.sum());
    assertNotNull(o.server(), "the server reports its totals on shutdown");
    assertEquals(new CalcServer.Totals(clients * questions, refused), o.server());
  }

  @Test
  void aQuestionToAStoppedServerTimesOutAndUsesTheAfterValue() {
    Mailbox mailbox = new Mailbox();
    Thread server = new Thread(new CalcServer(mailbox), "calc-server-under-test");
    server.start();
    CalcClient client = new CalcClient(mailbox, "test", PATIENT);
    assertEquals(CalcReply.ok(1, 42), client.ask(CalcOp.MULTIPLY, 6, 7));

    mailbox.send(CalcServer.SHUTDOWN, "reply/stopper");
    Message report = mailbox.receive("reply/stopper", PATIENT);
    assertEquals(new CalcServer.Totals(1, 0), report.payload());

    CalcClient late = new CalcClient(mailbox, "late", Duration.ofMillis(100));
    assertEquals(CalcReply.timedOut(1), late.ask(CalcOp.ADD, 2, 2));
  }

  @Test
  void aLateAnswerToAnEarlierQuestionIsNotTakenForTheCurrentOne() {
    Mailbox mailbox = new Mailbox();
    Thread server = new Thread(new CalcServer(mailbox), "calc-server-under-test");
    server.setDaemon(true);
    server.start();
    CalcClient client = new CalcClient(mailbox, "test", PATIENT);
    mailbox.send(client.replyTag(), CalcReply.ok(0, -1)); // as if question 0 had timed out earlier
    assertEquals(CalcReply.ok(1, 3), client.ask(CalcOp.DIVIDE, 7, 2));
    assertEquals(CalcReply.refused(2, "division by zero"), client.ask(CalcOp.DIVIDE, 7, 0));
    mailbox.send(CalcServer.SHUTDOWN, "reply/stopper");
  }

  @Test
  void commandPrintsTheTotalsAndTheFallback() {
    CommandRun run = CommandRun.of(new Calculator(), "-c", "2", "-q", "300",
        "--late-timeout-ms", "50");
    assertEquals(0, run.exitCode(), run.err());
    long[] c0 = expected(42, 300);
    long[] c1 = expected(43, 300);
    assertTrue(run.out().contains(String.format("the values sum to %,d", c0[0] + c1[0])),
        run.out());
    assertTrue(run.out().contains(String.format("server:   handled 600 requests (%,d refused)",
        c0[1] + c1[1])), run.out());
    assertTrue(run.out().contains("0 timed out, 0 wrong"), run.out());
    assertTrue(run.out().contains("returned the client's after fallback: TIMED_OUT"), run.out());
  }
}
