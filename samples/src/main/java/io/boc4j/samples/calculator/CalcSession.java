package io.boc4j.samples.calculator;

import io.boc4j.Mailbox;
import io.boc4j.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One session of the service: starts a {@link CalcServer} thread, lets {@code clients} client
 * threads ask {@code questions} questions each, shuts the server down through its {@value
 * CalcServer#SHUTDOWN} tag, and finally asks one more question of the stopped server, which times
 * out and falls back to the client's {@code after} value.
 *
 * @param clients client threads, at least 1
 * @param questions questions per client
 * @param seed seeds the clients' questions (client {@code i} uses {@code seed + i})
 * @param timeout how long a client waits for each answer
 * @param lateTimeout how long the question to the stopped server waits
 */
record CalcSession(int clients, int questions, long seed, Duration timeout, Duration lateTimeout) {

  /**
   * What the session observed.
   *
   * @param perClient each client's totals, by client number
   * @param server what the server reported on shutdown, or null if it did not report in time
   * @param late the answer to the question asked after shutdown
   * @param nanos how long the clients took, from the first question to the last answer
   */
  record Outcome(List<ClientTotals> perClient, CalcServer.Totals server, CalcReply late,
      long nanos) {

    /** All clients' totals together. */
    ClientTotals total() {
      return perClient.stream().reduce(ClientTotals.NONE, ClientTotals::plus);
    }
  }

  /** Runs the session on a fresh mailbox. */
  Outcome run() throws Exception {
    Mailbox mailbox = new Mailbox();
    Thread server = new Thread(new CalcServer(mailbox), "calc-server");
    server.setDaemon(true);
    server.start();

    List<ClientTotals> perClient = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    try {
      List<Future<ClientTotals>> running = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int client = i;
        running.add(pool.submit(() -> ask(mailbox, client)));
      }
      for (Future<ClientTotals> f : running) {
        perClient.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    long nanos = System.nanoTime() - start;

    mailbox.send(CalcServer.SHUTDOWN, "reply/main");
    Object report = mailbox.receive("reply/main", timeout, () -> null);
    CalcServer.Totals totals =
        report instanceof Message m ? (CalcServer.Totals) m.payload() : null;
    server.join(timeout.toMillis());

    CalcReply late = new CalcClient(mailbox, "late", lateTimeout).ask(CalcOp.ADD, 2, 2);
    return new Outcome(List.copyOf(perClient), totals, late, nanos);
  }

  private ClientTotals ask(Mailbox mailbox, int client) {
    CalcClient calc = new CalcClient(mailbox, "client-" + client, timeout);
    ClientTotals totals = ClientTotals.NONE;
    for (Question q : Question.script(seed + client, questions)) {
      totals = totals.plus(q, calc.ask(q.op(), q.a(), q.b()));
    }
    return totals;
  }
}
