package io.boc4j.samples.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * An HTTP client of the bank service on Reactor Netty, with its own connection pool and event loops
 * (so closing it leaves no thread behind): what the load generator, the demo and the tests speak.
 *
 * <p>Threading: any thread; every call returns a cold {@code Mono} and never blocks.
 */
final class BankClient implements AutoCloseable {

  /**
   * One response.
   *
   * @param status its HTTP status
   * @param body its body as text, empty if none
   * @param headers its headers
   */
  record Response(int status, String body, HttpHeaders headers) {

    /** The body parsed as JSON. */
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the response body is not JSON: " + body, e);
      }
    }
  }

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final LoopResources loops;
  private final ConnectionProvider pool;
  private final HttpClient http;

  /** A client of the service at {@code baseUrl} with up to {@code connections} connections. */
  BankClient(String baseUrl, int connections) {
    this.loops = LoopResources.create("bank-client", 1, 2, true);
    this.pool = ConnectionProvider.builder("bank-client")
        .maxConnections(connections)
        .pendingAcquireMaxCount(-1) // the callers bound their own concurrency
        .build();
    this.http = HttpClient.create(pool).runOn(loops).baseUrl(baseUrl)
        .disableRetry(true) // a transfer is not idempotent: never send one twice behind our back
        .responseTimeout(Duration.ofSeconds(30));
  }

  /** {@code GET path}. */
  Mono<Response> get(String path) {
    return request(HttpMethod.GET, path, null, null);
  }

  /** {@code POST path} with a JSON body. */
  Mono<Response> postJson(String path, String json) {
    return request(HttpMethod.POST, path, Reply.JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Any request.
   *
   * @param method the method
   * @param path the path, e.g. {@code /accounts}
   * @param contentType the body's content type; null sends none
   * @param body the body; null sends none
   * @return the response
   */
  Mono<Response> request(HttpMethod method, String path, String contentType, byte[] body) {
    return send(method, path, contentType, body == null ? null : Mono.just(body));
  }

  /**
   * A request whose body is sent in the chunks {@code chunks} emits, with no {@code Content-Length}
   * (chunked transfer encoding).
   */
  Mono<Response> send(
      HttpMethod method, String path, String contentType, Publisher<byte[]> chunks) {
    return http
        .headers(h -> {
          if (contentType != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
          }
        })
        .request(method)
        .uri(path)
        .send((req, out) -> chunks == null ? out : out.sendByteArray(chunks))
        .responseSingle((res, bytes) -> bytes.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(text -> new Response(res.status().code(), text, res.responseHeaders())));
  }

  /** Opens an account holding {@code opening}; emits its id. */
  Mono<Long> open(long opening) {
    return postJson("/accounts", "{\"opening\":" + opening + "}").map(r -> {
      if (r.status() != 201) {
        throw new IllegalStateException("opening an account failed: " + r.status() + " " + r.body());
      }
      return r.json().get("id").longValue();
    });
  }

  /** Asks for a transfer. */
  Mono<Response> transfer(long from, long to, long amount) {
    return postJson("/transfers",
        "{\"from\":" + from + ",\"to\":" + to + ",\"amount\":" + amount + "}");
  }

  /** Takes the audit. */
  Mono<JsonNode> audit() {
    return get("/audit").map(r -> {
      if (r.status() != 200) {
        throw new IllegalStateException("the audit failed: " + r.status() + " " + r.body());
      }
      return r.json();
    });
  }

  /** Closes the connections and stops the client's event loops. */
  @Override
  public void close() {
    pool.disposeLater().block(CLOSE_TIMEOUT);
    loops.disposeLater(Duration.ZERO, CLOSE_TIMEOUT).block(CLOSE_TIMEOUT); // no quiet period: nothing is left to run
  }
}
