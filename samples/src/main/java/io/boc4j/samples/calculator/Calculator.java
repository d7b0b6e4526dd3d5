package io.boc4j.samples.calculator;

import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import io.boc4j.samples.support.Throughput;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A calculator service over {@link io.boc4j.Mailbox} send/receive, Erlang style. A server thread
 * receives requests on the {@code calc} tag and replies on each client's own tag; client threads
 * ask random questions, wait for each answer with a timeout and an {@code after} fallback, and
 * check every answer against their own arithmetic. A message on the {@code shutdown} tag stops the
 * server, which reports its totals. Finally one more question goes to the stopped server: nobody
 * answers, so the client's receive times out and returns its {@code after} value.
 */
@Command(name = "calculator", sortOptions = false, sortSynopsis = false,
    description = "A calculator service over Mailbox send/receive, with timeouts and fallbacks.")
public final class Calculator implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-c", "--clients"}, paramLabel = "N",
      description = "Client threads (default: ${DEFAULT-VALUE}).")
  int clients = 4;

  @Option(names = {"-q", "--questions"}, paramLabel = "N",
      description = "Questions each client asks (default: ${DEFAULT-VALUE}).")
  int questions = 10_000;

  @Option(names = "--timeout-ms", paramLabel = "MS",
      description = "How long a client waits for an answer (default: ${DEFAULT-VALUE}).")
  long timeoutMs = 2_000;

  @Option(names = "--late-timeout-ms", paramLabel = "MS",
      description = "How long the question after shutdown waits (default: ${DEFAULT-VALUE}).")
  long lateTimeoutMs = 200;

  @Option(names = "--seed", paramLabel = "SEED",
      description = "Random seed of the questions (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  /** Created by picocli, or by {@link #main}. */
  public Calculator() {}

  /**
   * Runs the sample; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new Calculator(), args);
  }

  /**
   * Runs one session and prints the totals.
   *
   * @return 0 if every question got the right answer, the server handled them all and the question
   *     after shutdown fell back to its {@code after} value; 1 otherwise
   * @throws Exception if a client thread fails
   */
  @Override
  public Integer call() throws Exception {
    Check.atLeast(spec, "--clients", clients, 1);
    Check.atLeast(spec, "--questions", questions, 0);
    Check.atLeast(spec, "--timeout-ms", timeoutMs, 1);
    Check.atLeast(spec, "--late-timeout-ms", lateTimeoutMs, 0);
    PrintWriter out = spec.commandLine().getOut();
    CalcSession session = new CalcSession(clients, questions, seed,
        Duration.ofMillis(timeoutMs), Duration.ofMillis(lateTimeoutMs));
    out.printf("calculator: %d client%s x %,d questions to a server thread over a Mailbox"
        + " (requests on \"%s\", answers on \"reply/<client>\")%n",
        clients, clients == 1 ? "" : "s", questions, CalcServer.CALC);
    CalcSession.Outcome o = session.run();
    for (int i = 0; i < o.perClient().size(); i++) {
      out.printf("client %d: %s%n", i, describe(o.perClient().get(i)));
    }
    ClientTotals all = o.total();
    out.printf("all:      %s; %s%n", describe(all),
        new Throughput(all.asked(), o.nanos()).describe("questions"));
    out.printf("server:   %s%n", o.server() == null ? "DID NOT REPORT on \"shutdown\""
        : String.format("handled %,d requests (%,d refused), then stopped on \"%s\"",
            o.server().handled(), o.server().refused(), CalcServer.SHUTDOWN));
    out.printf("after shutdown: 2 + 2 got no answer within %d ms; the receive returned the"
        + " client's after fallback: %s%n", lateTimeoutMs, o.late().status());
    boolean ok = all.wrong() == 0 && all.timedOut() == 0 && o.server() != null
        && o.server().handled() == all.asked()
        && o.late().status() == CalcReply.Status.TIMED_OUT;
    return ok ? 0 : 1;
  }

  private static String describe(ClientTotals t) {
    return String.format("%,d asked, %,d computed, %,d refused (division by zero), %,d timed out,"
        + " %,d wrong; the values sum to %,d", t.asked(), t.ok(), t.refused(), t.timedOut(),
        t.wrong(), t.sum());
  }
}
