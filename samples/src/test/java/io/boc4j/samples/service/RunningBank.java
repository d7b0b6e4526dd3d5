package io.boc4j.samples.service;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A bank service on a free loopback port with a client and some accounts opened over HTTP: what
 * each test of the service starts from.
 */
final class RunningBank implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final int MAX_BODY = 1_024;

  final BankServer server;
  final BankClient client;
  final List<Long> accounts;
  final long opening;

  private RunningBank(int accounts, long opening, int connections) {
    this.server = BankServer.start(
        new BankServer.Settings("127.0.0.1", 0, 2, 2, 10_000, MAX_BODY));
    this.client = new BankClient(server.baseUrl(), connections);
    this.opening = opening;
    this.accounts = Flux.range(0, accounts).concatMap(i -> client.open(opening))
        .collectList().block(WAIT);
  }

  /** Starts a service and opens {@code accounts} accounts holding {@code opening} each. */
  static RunningBank with(int accounts, long opening, int connections) {
    return new RunningBank(accounts, opening, connections);
  }

  /** The request's response, waited for. */
  BankClient.Response await(Mono<BankClient.Response> request) {
    return request.block(WAIT);
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
