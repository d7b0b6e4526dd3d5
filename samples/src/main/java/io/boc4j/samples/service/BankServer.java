package io.boc4j.samples.service;

import io.boc4j.Boc;
import io.boc4j.reactor.BocReactor;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The reactive bank service, running: a boc4j runtime holding the accounts, the Reactor bridge,
 * the {@link BankApi} on a Reactor Netty HTTP server, and its Prometheus meters. {@link #start}
 * binds it; {@link #shutdown} stops it gracefully.
 *
 * <p>Threading: {@link #start} and {@link #shutdown} on a plain thread (they wait); the getters on
 * any thread.
 */
final class BankServer implements AutoCloseable {

  /**
   * How to run the service.
   *
   * @param host the address to listen on, e.g. {@code 127.0.0.1}
   * @param port the port; 0 picks a free one
   * @param workers boc4j workers
   * @param eventLoops Netty event-loop threads
   * @param maxAccounts the most accounts the bank opens
   * @param maxBodyBytes the largest request body accepted
   */
  record Settings(
      String host, int port, int workers, int eventLoops, int maxAccounts, int maxBodyBytes) {}

  /**
   * What a graceful shutdown did.
   *
   * @param inFlightAtClose requests admitted but not yet answered when the service stopped
   *     accepting; every one was finished
   * @param admitted requests admitted over the service's life
   * @param refused requests refused (503) while it shut down
   * @param finalAudit the audit taken after the last accepted transfer, before the runtime closed
   */
  record ShutdownReport(long inFlightAtClose, long admitted, long refused, AuditReport finalAudit) {}

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final Boc boc;
  private final Accounts accounts;
  private final ShutdownGate gate;
  private final ServiceMetrics metrics;
  private final LoopResources loops;
  private final DisposableServer server;

  private BankServer(Settings s) {
    this.boc = Boc.builder().name("bank-service").workers(s.workers()).build();
    this.accounts = new Accounts(BocReactor.of(boc), s.maxAccounts());
    this.gate = new ShutdownGate();
    this.metrics = new ServiceMetrics(boc);
    BankApi api = new BankApi(accounts, new JsonBody(s.maxBodyBytes()), metrics, gate);
    this.loops = LoopResources.create("bank-http", 1, s.eventLoops(), true);
    this.server = HttpServer.create()
        .host(s.host())
        .port(s.port())
        .runOn(loops)
        .metrics(true, api.router()::template) // templates keep the uri tag's values few
        .handle(api::handle)
        .bindNow(BIND_TIMEOUT);
  }

  /**
   * Starts a service and binds its port.
   *
   * @param settings how to run it
   * @return the running service
   */
  static BankServer start(Settings settings) {
    return new BankServer(settings);
  }

  /** The port it listens on (the one picked, if 0 was asked for). */
  int port() {
    return server.port();
  }

  /** Its base URL, e.g. {@code http://127.0.0.1:8080}. */
  String baseUrl() {
    return "http://" + server.host() + ":" + server.port();
  }

  /** The URL of its Prometheus scrape. */
  String metricsUrl() {
    return baseUrl() + "/metrics";
  }

  /** The bank itself, for in-process checks. */
  Accounts accounts() {
    return accounts;
  }

  /** The runtime, for in-process checks. */
  Boc boc() {
    return boc;
  }

  /**
   * Shuts down gracefully: stops accepting (later requests get 503), waits until every admitted
   * request, every accepted transfer among them, has been applied and answered, quiesces the
   * runtime, takes a final audit, then closes the server, the runtime and the event loops.
   *
   * @param timeout how long each wait may take
   * @return what the shutdown did
   * @throws TimeoutException if requests or behaviours were still in flight after the timeout
   * @throws InterruptedException if interrupted while waiting
   */
  ShutdownReport shutdown(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      gate.close().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException impossible) {
      throw new IllegalStateException("the drain never fails", impossible);
    }
    boc.quiesce(timeout);
    AuditReport audit = accounts.audit().block(timeout);
    server.disposeNow(timeout);
    metrics.close();
    boc.close();
    loops.disposeLater(Duration.ZERO, timeout).block(timeout); // no quiet period: all is answered
    return new ShutdownReport(gate.inFlightAtClose(), gate.admitted(), gate.refused(), audit);
  }

  /** {@link #shutdown} with a 30 s timeout, for try-with-resources; idempotent. */
  @Override
  public void close() throws Exception {
    if (!boc.isClosed()) {
      shutdown(Duration.ofSeconds(30));
    }
  }
}
