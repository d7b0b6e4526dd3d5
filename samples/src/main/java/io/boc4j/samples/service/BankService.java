package io.boc4j.samples.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.DurationConverter;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;

/**
 * The reactive bank service, and a demo of it in one command: starts the HTTP JSON API on Reactor
 * Netty (every handler returns the {@code Mono} of a behaviour), opens accounts over HTTP, drives
 * random transfers at it with the built-in load generator for a few seconds, prints requests/s and
 * latency percentiles, audits every account at once (the total equals the opening total), shows
 * where the Prometheus metrics are, and shuts down gracefully. With {@code --serve} it keeps
 * serving after the load run until the process is stopped (Ctrl-C shuts it down gracefully).
 *
 * <p>The endpoints and every refusal are listed in {@link BankApi}.
 */
@Command(name = "bank-service", sortOptions = false, sortSynopsis = false,
    description = "The reactive bank service on Reactor Netty, driven by its built-in load"
        + " generator.")
public final class BankService implements Callable<Integer> {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = {"-p", "--port"}, paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 0;

  @Option(names = {"-a", "--accounts"}, paramLabel = "N",
      description = "Accounts the demo opens (default: ${DEFAULT-VALUE}).")
  int accounts = 64;

  @Option(names = "--opening", paramLabel = "AMOUNT",
      description = "Opening balance of each account (default: ${DEFAULT-VALUE}).")
  long opening = 1_000;

  @Option(names = {"-n", "--requests"}, paramLabel = "N",
      description = "Most transfers the load run sends; 0 skips it (default: ${DEFAULT-VALUE}).")
  long requests = 1_000_000;

  @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
      description = "Longest the load run sends, e.g. 5s or 500ms (default: 5s).")
  Duration duration = Duration.ofSeconds(5);

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
      description = "Requests the load run keeps in flight (default: ${DEFAULT-VALUE}).")
  int concurrency = 32;

  @Option(names = "--max-amount", paramLabel = "AMOUNT",
      description = "Transfer amounts are uniform in 1..AMOUNT (default: ${DEFAULT-VALUE}).")
  long maxAmount = 100;

  @Option(names = "--seed", paramLabel = "SEED",
      description = "Random seed of the load run (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "boc4j workers (default: the processors, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--max-accounts", paramLabel = "N",
      description = "Most accounts the bank opens (default: ${DEFAULT-VALUE}).")
  int maxAccounts = 100_000;

  @Option(names = "--max-body", paramLabel = "BYTES",
      description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
  int maxBody = 1_024;

  @Option(names = "--serve",
      description = "Keep serving after the load run, until the process is stopped.")
  boolean serve;

  /** Created by picocli, or by {@link #main}. */
  public BankService() {}

  /**
   * Runs the service and its demo; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new BankService(), args);
  }

  /**
   * Starts the service, runs the demo and shuts down (or, with {@code --serve}, keeps serving).
   *
   * @return 0 if the audit total equals the opening total and every request of the load run was
   *     answered as expected, 1 otherwise
   * @throws Exception if the service does not start or stop in time
   */
  @Override
  public Integer call() throws Exception {
    Check.between(spec, "--port", port, 0, 65_535);
    Check.between(spec, "--max-accounts", maxAccounts, 2, Accounts.MAX_ACCOUNTS);
    Check.between(spec, "--accounts", accounts, 2, maxAccounts);
    Check.between(spec, "--opening", opening, 0, Accounts.MAX_AMOUNT);
    Check.atLeast(spec, "--requests", requests, 0);
    Check.atLeast(spec, "--duration", duration.toMillis(), 1);
    Check.atLeast(spec, "--concurrency", concurrency, 1);
    Check.between(spec, "--max-amount", maxAmount, 1, Accounts.MAX_AMOUNT);
    Check.atLeast(spec, "--workers", workers, 1);
    Check.atLeast(spec, "--max-body", maxBody, 64);
    PrintWriter out = spec.commandLine().getOut();

    BankServer server = BankServer.start(new BankServer.Settings(host, port, workers,
        Runtime.getRuntime().availableProcessors(), maxAccounts, maxBody));
    out.printf("bank-service: listening on %s with %d boc4j worker%s%n",
        server.baseUrl(), workers, workers == 1 ? "" : "s");
    boolean ok;
    try (BankClient client = new BankClient(server.baseUrl(), concurrency)) {
      List<Long> ids = Flux.range(0, accounts).concatMap(i -> client.open(opening))
          .collectList().block(WAIT);
      long openingTotal = accounts * opening;
      out.printf("opened %d accounts with %,d each over HTTP: opening total %,d%n",
          accounts, opening, openingTotal);
      ok = true;
      if (requests > 0) {
        out.printf("load: %d concurrent clients, up to %,d transfers of 1..%d for at most %s%n",
            concurrency, requests, maxAmount, seconds(duration));
        LoadReport load = new LoadGenerator(client, ids).run(new LoadGenerator.Settings(
            requests, duration, concurrency, maxAmount, seed), sent -> { });
        out.println("load: " + load.describe());
        ok = load.allExpected();
      }
      JsonNode audit = client.audit().block(WAIT);
      long total = audit.get("total").longValue();
      out.printf("audit: %d accounts, total %,d, opening total %,d: %s%n",
          audit.get("accounts").intValue(), total, openingTotal,
          total == openingTotal ? "conserved" : "NOT CONSERVED");
      ok &= total == openingTotal;
      out.printf("metrics: %s (%s)%n", server.metricsUrl(), completedBehaviours(client));
    }
    if (serve) {
      serveUntilStopped(server, out);
      return ok ? 0 : 1;
    }
    printShutdown(out, server.shutdown(WAIT));
    return ok ? 0 : 1;
  }

  /** The runtime's completed-behaviours counter, read from the service's own scrape. */
  private static String completedBehaviours(BankClient client) {
    String scrape = client.get("/metrics").block(WAIT).body();
    return scrape.lines()
        .filter(line -> line.startsWith("boc4j_completed_behaviours_total{"))
        .findFirst()
        .map(line -> "e.g. " + line)
        .orElse("boc4j_completed_behaviours_total MISSING");
  }

  private static void serveUntilStopped(BankServer server, PrintWriter out)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        printShutdown(out, server.shutdown(WAIT));
      } catch (Exception e) {
        out.println("shutdown failed: " + e);
      } finally {
        out.flush();
        stopped.countDown();
      }
    }, "bank-service-shutdown"));
    out.printf("serving on %s until stopped (Ctrl-C shuts down gracefully); try%n"
        + "  curl -s %s/audit%n", server.baseUrl(), server.baseUrl());
    out.flush();
    stopped.await();
  }

  private static void printShutdown(PrintWriter out, BankServer.ShutdownReport r) {
    out.printf("shutdown: stopped accepting (%d request%s in flight, all finished), quiesced,"
        + " closed; final audit total %,d (%s)%n",
        r.inFlightAtClose(), r.inFlightAtClose() == 1 ? "" : "s", r.finalAudit().total(),
        r.finalAudit().conserved() ? "conserved" : "NOT CONSERVED");
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
  }
}
