package io.boc4j.spring.sample;

import java.time.Duration;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A client of the sample bank for the tests, with event loops and connections of its own: closing
 * the application (which disposes Reactor Netty's global resources) must not take the client down
 * with it.
 */
final class BankClient implements AutoCloseable {

  /**
   * A transfer's HTTP outcome.
   *
   * @param status the response status, or 0 when no response came (connection refused or closed)
   * @param transfer the body of a 200 or 409 response, else null
   */
  record Outcome(int status, Transfer transfer) {

    boolean acknowledged() {
      return status >= 200 && status < 300;
    }
  }

  private final LoopResources loops = LoopResources.create("bank-client", 2, true);
  private final ConnectionProvider connections = ConnectionProvider.builder("bank-client")
      .maxConnections(64)
      .pendingAcquireMaxCount(-1)
      .build();
  private final WebClient client;

  BankClient(int port) {
    HttpClient http = HttpClient.create(connections).runOn(loops)
        .responseTimeout(Duration.ofSeconds(30));
    this.client = WebClient.builder()
        .baseUrl("http://127.0.0.1:" + port)
        .clientConnector(new ReactorClientHttpConnector(http))
        .build();
  }

  Mono<Outcome> transfer(TransferRequest request) {
    return client.post().uri("/transfers").bodyValue(request)
        .exchangeToMono(response -> {
          int status = response.statusCode().value();
          return status == 200 || status == 409
              ? response.bodyToMono(Transfer.class).map(t -> new Outcome(status, t))
              : response.releaseBody().thenReturn(new Outcome(status, null));
        })
        .onErrorResume(noResponse -> Mono.just(new Outcome(0, null)));
  }

  Mono<List<Long>> balances() {
    return client.get().uri("/accounts").retrieve()
        .bodyToMono(new ParameterizedTypeReference<List<Long>>() {});
  }

  Mono<Long> total() {
    return client.get().uri("/accounts/total").retrieve().bodyToMono(Long.class);
  }

  @Override
  public void close() {
    connections.disposeLater().block(Duration.ofSeconds(10));
    loops.disposeLater().block(Duration.ofSeconds(10));
  }
}
