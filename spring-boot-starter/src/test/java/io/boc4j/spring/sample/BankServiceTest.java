package io.boc4j.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.boc4j.Boc;
import io.boc4j.spring.sample.BankClient.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.MethodMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The sample bank on a random port: B01 (one dependency, a working runtime) and B03. The last test
 * closes the runtime, and the context with it.
 */
@SpringBootTest(classes = BankApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class BankServiceTest {

  private static final int ACCOUNTS = 16;
  private static final long OPENING = 1000;

  @LocalServerPort
  int port;

  @Autowired
  WebTestClient web;

  @Test
  void concurrentTransfersThroughTheControllerConserveTheTotal() {
    long seed = System.nanoTime();
    System.out.println("BankServiceTest seed " + seed);
    List<TransferRequest> requests = Transfers.random(seed, 600, ACCOUNTS, 200);
    try (BankClient client = new BankClient(port)) {
      List<Outcome> outcomes = Flux.fromIterable(requests)
          .flatMap(client::transfer, 32)
          .collectList()
          .block(Duration.ofSeconds(45));
      assertThat(outcomes).hasSize(requests.size())
          .allSatisfy(o -> assertThat(o.status()).as("seed %d", seed).isIn(200, 409));
      assertThat(outcomes).filteredOn(Outcome::acknowledged).isNotEmpty();
      assertThat(client.total().block(Duration.ofSeconds(10))).isEqualTo(ACCOUNTS * OPENING);
      assertThat(client.balances().block(Duration.ofSeconds(10)))
          .hasSize(ACCOUNTS)
          .allSatisfy(balance -> assertThat(balance).isNotNegative());
    }
  }

  @Test
  void aBadTransferIsA400WithTheReason() {
    web.post().uri("/transfers").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(new TransferRequest(3, 3, 10))
        .exchange()
        .expectStatus().isBadRequest()
        .expectBody().jsonPath("$.error").isEqualTo("from and to are the same account");
  }

  @Test
  void theBoc4jSeriesAppearAtTheActuatorsPrometheusEndpoint() {
    web.post().uri("/transfers").bodyValue(new TransferRequest(0, 1, 1)).exchange()
        .expectStatus().isOk();
    String scrape = web.get().uri("/actuator/prometheus").exchange()
        .expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(scrape)
        .containsPattern(series("boc4j_scheduled_behaviours_total"))
        .containsPattern(series("boc4j_completed_behaviours_total"))
        .containsPattern(series("boc4j_in_flight_behaviours"))
        .containsPattern(series("boc4j_pinned_queue_depth_behaviours"))
        .containsPattern(series("boc4j_workers_threads") + " 2\\.0")
        .containsPattern("boc4j_worker_run_behaviours_total\\{[^}]*worker=\"0\"");
  }

  /** A Prometheus series of the bank's runtime, whatever other tags it carries. */
  private static String series(String name) {
    return name + "\\{[^}]*runtime=\"bank\"[^}]*\\}";
  }

  @Test
  void theBoc4jMetersAreListedAtTheActuatorsMetricsEndpoint() {
    web.get().uri("/actuator/metrics/boc4j.completed").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.name").isEqualTo("boc4j.completed")
        .jsonPath("$.availableTags[0].tag").isEqualTo("runtime");
  }

  @Test
  void healthIsUpWithTheRuntimesDetails() {
    web.get().uri("/actuator/health/boc4j").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.status").isEqualTo("UP")
        .jsonPath("$.details.runtime").isEqualTo("bank")
        .jsonPath("$.details.workers").isEqualTo(2)
        .jsonPath("$.details.mainQueue.depth").isEqualTo(0);
  }

  @Test
  @Order(Integer.MAX_VALUE) // it closes the runtime for good
  @DirtiesContext(methodMode = MethodMode.AFTER_METHOD)
  void healthIsDownOnceTheRuntimeIsClosed(@Autowired Boc boc) {
    boc.close();
    web.get().uri("/actuator/health/boc4j").exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectBody()
        .jsonPath("$.status").isEqualTo("DOWN")
        .jsonPath("$.details.closed").isEqualTo(true);
    web.get().uri("/actuator/health").exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectBody().jsonPath("$.status").isEqualTo("DOWN");
  }
}
