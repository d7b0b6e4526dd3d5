package io.boc4j.samples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

/** Every endpoint and every refusal of the bank service, over real HTTP on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BankApiTest {

  private static RunningBank bank;
  private static long a;
  private static long b;

  @BeforeAll
  static void start() {
    bank = RunningBank.with(2, 100, 4);
    a = bank.accounts.get(0);
    b = bank.accounts.get(1);
  }

  @AfterAll
  static void stop() throws Exception {
    bank.close();
  }

  private static BankClient.Response get(String path) {
    return bank.await(bank.client.get(path));
  }

  private static BankClient.Response post(String path, String json) {
    return bank.await(bank.client.postJson(path, json));
  }

  private static long balance(long id) {
    BankClient.Response r = get("/accounts/" + id);
    assertEquals(200, r.status(), r.body());
    return r.json().get("balance").longValue();
  }

  // --- what works -----------------------------------------------------------------------------

  @Test
  void openingAnAccountAnswers201WithItsLocationAndBalance() {
    BankClient.Response r = post("/accounts", "{\"opening\": 250}");
    assertEquals(201, r.status(), r.body());
    long id = r.json().get("id").longValue();
    assertEquals(250, r.json().get("balance").longValue());
    assertEquals("/accounts/" + id, r.headers().get("Location"));
    assertEquals(Reply.JSON, r.headers().get("Content-Type"));
    assertEquals(250, balance(id));
  }

  @Test
  void aTransferMovesTheAmountAtomicallyAndReportsBothBalances() {
    long from = openAccount(100);
    long to = openAccount(5);
    BankClient.Response r = post("/transfers",
        "{\"from\": " + from + ", \"to\": " + to + ", \"amount\": 30}");
    assertEquals(200, r.status(), r.body());
    JsonNode receipt = r.json();
    assertTrue(receipt.get("applied").booleanValue());
    assertEquals(70, receipt.get("fromBalance").longValue());
    assertEquals(35, receipt.get("toBalance").longValue());
    assertEquals(70, balance(from));
    assertEquals(35, balance(to));
  }

  @Test
  void aTransferTheAccountCannotCoverIsRefused409AndMovesNothing() {
    long from = openAccount(20);
    long to = openAccount(0);
    BankClient.Response r = post("/transfers",
        "{\"from\": " + from + ", \"to\": " + to + ", \"amount\": 21}");
    assertError(r, 409, "insufficient-funds");
    assertTrue(r.json().get("message").asText().contains("holds 20, less than the 21"), r.body());
    assertEquals(20, balance(from));
    assertEquals(0, balance(to));
  }

  @Test
  void theListShowsEveryAccountInIdOrder() {
    long id = openAccount(7);
    BankClient.Response r = get("/accounts");
    assertEquals(200, r.status(), r.body());
    JsonNode list = r.json();
    assertTrue(list.isArray());
    long previous = 0;
    boolean seen = false;
    for (JsonNode account : list) {
      assertTrue(account.get("id").longValue() > previous, "not in id order: " + list);
      previous = account.get("id").longValue();
      seen |= previous == id && account.get("balance").longValue() == 7;
    }
    assertTrue(seen, id + " missing from " + list);
  }

  @Test
  void theAuditReadsEveryAccountAtOnceAndFindsTheOpeningTotal() {
    BankClient.Response r = get("/audit");
    assertEquals(200, r.status(), r.body());
    JsonNode audit = r.json();
    long sum = 0;
    for (Map.Entry<String, JsonNode> e : iterable(audit.get("balances"))) {
      sum += e.getValue().longValue();
    }
    assertEquals(audit.get("total").longValue(), sum);
    assertEquals(audit.get("opened").longValue(), audit.get("total").longValue());
    assertTrue(audit.get("conserved").booleanValue());
    assertEquals(audit.get("accounts").intValue(), audit.get("balances").size());
  }

  @Test
  void metricsArePrometheusTextWithTheRuntimeTheJvmAndNetty() {
    balance(a); // at least one request the HTTP server's meters have seen
    BankClient.Response r = get("/metrics");
    assertEquals(200, r.status());
    assertTrue(r.headers().get("Content-Type").startsWith("text/plain"), r.headers().toString());
    String scrape = r.body();
    for (String series : new String[] {
        "boc4j_completed_behaviours_total{runtime=\"bank-service\"}",
        "boc4j_workers_threads{runtime=\"bank-service\"}",
        "jvm_memory_used_bytes{",
        "jvm_threads_live_threads ",
        "process_cpu_usage ",
        "reactor_netty_http_server_data_received_bytes_count{",
        "reactor_netty_http_server_response_time_seconds_count{"}) {
      assertTrue(scrape.contains(series), series + " missing from the scrape");
    }
    assertTrue(scrape.contains("uri=\"/accounts/{id}\""), "ids must not become uri tags");
    assertFalse(scrape.contains("uri=\"/accounts/" + a + "\""), "ids must not become uri tags");
  }

  // --- what is refused ------------------------------------------------------------------------

  /**
   * Each bad request: method, path, content type, body ({@code FROM} and {@code TO} stand for two
   * real accounts), the status and error code it must get.
   */
  static Stream<Arguments> badRequests() {
    String json = Reply.JSON;
    return Stream.of(
        bad("malformed JSON", "POST", "/transfers", json, "{\"from\": FROM,", 400, "malformed-json"),
        bad("empty body", "POST", "/transfers", json, "", 400, "malformed-json"),
        bad("JSON that is not an object", "POST", "/transfers", json, "[FROM, TO, 5]", 400,
            "malformed-json"),
        bad("trailing garbage", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 5} x", 400, "malformed-json"),
        bad("duplicate field", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 5, \"amount\": 6}", 400, "malformed-json"),
        bad("unknown paying account", "POST", "/transfers", json,
            "{\"from\": 999999, \"to\": TO, \"amount\": 5}", 404, "unknown-account"),
        bad("unknown receiving account", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": 999999, \"amount\": 5}", 404, "unknown-account"),
        bad("negative amount", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": -5}", 400, "invalid-amount"),
        bad("zero amount", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 0}", 400, "invalid-amount"),
        bad("non-numeric amount", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": \"abc\"}", 400, "invalid-amount"),
        bad("amount as a numeric string", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": \"5\"}", 400, "invalid-amount"),
        bad("fractional amount", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 1.5}", 400, "invalid-amount"),
        bad("amount in exponent form", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 1e3}", 400, "invalid-amount"),
        bad("amount overflowing a long", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 99999999999999999999}", 400,
            "invalid-amount"),
        bad("amount underflowing a long", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": -99999999999999999999}", 400,
            "invalid-amount"),
        bad("amount above the limit", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 1000000000001}", 400, "invalid-amount"),
        bad("null amount", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": null}", 400, "invalid-amount"),
        bad("missing amount", "POST", "/transfers", json, "{\"from\": FROM, \"to\": TO}", 400,
            "missing-field"),
        bad("misspelt field", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"ammount\": 5}", 400, "unknown-field"),
        bad("account id as a string", "POST", "/transfers", json,
            "{\"from\": \"FROM\", \"to\": TO, \"amount\": 5}", 400, "invalid-account"),
        bad("same account", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": FROM, \"amount\": 5}", 400, "same-account"),
        bad("body that is not JSON", "POST", "/transfers", "text/plain",
            "{\"from\": FROM, \"to\": TO, \"amount\": 5}", 415, "unsupported-media-type"),
        bad("oversize body", "POST", "/transfers", json,
            "{\"from\": FROM, \"to\": TO, \"amount\": 5, \"pad\": \"" + "x".repeat(1_100) + "\"}",
            413, "body-too-large"),
        bad("negative opening", "POST", "/accounts", json, "{\"opening\": -1}", 400,
            "invalid-amount"),
        bad("non-numeric opening", "POST", "/accounts", json, "{\"opening\": \"lots\"}", 400,
            "invalid-amount"),
        bad("unknown route", "GET", "/nope", null, null, 404, "unknown-route"),
        bad("unknown account", "GET", "/accounts/999999", null, null, 404, "unknown-account"),
        bad("account id that is not a number", "GET", "/accounts/abc", null, null, 404,
            "unknown-account"),
        bad("wrong method on a transfer", "GET", "/transfers", null, null, 405,
            "method-not-allowed"),
        bad("wrong method on the accounts", "DELETE", "/accounts", null, null, 405,
            "method-not-allowed"),
        bad("wrong method on an account", "PUT", "/accounts/FROM", json, "{}", 405,
            "method-not-allowed"),
        bad("wrong method on the audit", "POST", "/audit", json, "{}", 405,
            "method-not-allowed"));
  }

  private static Arguments bad(String what, String method, String path, String contentType,
      String body, int status, String code) {
    return Arguments.of(what, method, path, contentType, body, status, code);
  }

  @ParameterizedTest(name = "{0}: {5} {6}")
  @MethodSource("badRequests")
  void everyBadRequestIsA4xxWithAJsonErrorAndChangesNothing(String what, String method,
      String path, String contentType, String body, int status, String code) {
    Map<Long, Long> before = Map.of(a, balance(a), b, balance(b));
    byte[] bytes = body == null ? null : real(body).getBytes(StandardCharsets.UTF_8);
    BankClient.Response r = bank.await(
        bank.client.request(HttpMethod.valueOf(method), real(path), contentType, bytes));
    assertError(r, status, code);
    if (status == 405) {
      assertFalse(r.headers().get("Allow", "").isEmpty(), "405 without Allow: " + r.headers());
    }
    assertEquals(before, Map.of(a, balance(a), b, balance(b)), "balances changed by " + what);
    assertTrue(bank.await(bank.client.get("/audit")).json().get("conserved").booleanValue());
  }

  @Test
  void anOversizeBodySentInChunksIsRefused413() {
    Map<Long, Long> before = Map.of(a, balance(a), b, balance(b));
    byte[] chunk = " ".repeat(400).getBytes(StandardCharsets.UTF_8); // JSON whitespace
    byte[] transfer = real("{\"from\": FROM, \"to\": TO, \"amount\": 5}")
        .getBytes(StandardCharsets.UTF_8);
    BankClient.Response r = bank.await(bank.client.send(HttpMethod.POST, "/transfers", Reply.JSON,
        Flux.just(chunk, chunk, chunk, transfer)));
    assertError(r, 413, "body-too-large");
    assertEquals(before, Map.of(a, balance(a), b, balance(b)));
  }

  @Test
  void aBodyJustUnderTheLimitSentInChunksIsAccepted() {
    byte[] chunk = " ".repeat(300).getBytes(StandardCharsets.UTF_8);
    long from = openAccount(10);
    long to = openAccount(0);
    byte[] transfer = ("{\"from\": " + from + ", \"to\": " + to + ", \"amount\": 4}")
        .getBytes(StandardCharsets.UTF_8);
    BankClient.Response r = bank.await(bank.client.send(HttpMethod.POST, "/transfers", Reply.JSON,
        Flux.just(chunk, chunk, chunk, transfer)));
    assertEquals(200, r.status(), r.body());
    assertEquals(6, balance(from));
  }

  @Test
  void theAllowHeaderListsTheMethodsARouteOffers() {
    BankClient.Response r = bank.await(bank.client.request(HttpMethod.DELETE, "/accounts", null,
        null));
    assertEquals("GET, POST", r.headers().get("Allow"));
  }

  @Test
  void oneKeepAliveConnectionServesRequestAfterRequest() {
    // Replies written at once on the event loop, alternating with replies of behaviours from a
    // worker: the pattern that made Reactor Netty 1.3.7 stop reading a connection (see BankApi).
    try (BankClient oneConnection = new BankClient(bank.server.baseUrl(), 1)) {
      for (int i = 0; i < 1_000; i++) {
        BankClient.Response balance =
            oneConnection.get("/accounts/" + a).block(Duration.ofSeconds(5));
        assertEquals(200, balance.status(), "request " + i);
        BankClient.Response unknown =
            oneConnection.get("/nope").block(Duration.ofSeconds(5));
        assertEquals(404, unknown.status(), "request " + i);
      }
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private static long openAccount(long opening) {
    return bank.client.open(opening).block(RunningBank.WAIT);
  }

  private static String real(String text) {
    return text.replace("FROM", Long.toString(a)).replace("TO", Long.toString(b));
  }

  private static void assertError(BankClient.Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertEquals(Reply.JSON, r.headers().get("Content-Type"));
    JsonNode error = r.json();
    assertEquals(status, error.get("status").intValue(), r.body());
    assertEquals(code, error.get("error").asText(), r.body());
    assertFalse(error.get("message").asText().isBlank(), r.body());
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
