package io.boc4j.samples.service;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Finds the handler of a request by path template and method. A path no template matches is a 404
 * ({@code unknown-route}); a path that matches with a method it does not offer is a 405 ({@code
 * method-not-allowed}) whose {@code Allow} header lists the methods it does offer. Templates are
 * literal segments and {@code {name}} placeholders, each matching one segment.
 *
 * <p>Threading: build it on one thread with {@link #on}; afterwards it is read-only and any thread
 * may route.
 */
final class Router {

  /** Handles one matched request. */
  @FunctionalInterface
  interface Handler {

    /**
     * The reply to {@code request}.
     *
     * @param request the request
     * @param params the placeholders' values, in template order
     * @return the reply, or an {@link ApiException} error
     */
    Mono<Reply> handle(HttpServerRequest request, List<String> params);
  }

  /** Template used as the {@code uri} tag of requests no route matched. */
  static final String UNMATCHED = "UNMATCHED";

  private final Map<String, Map<HttpMethod, Handler>> routes = new LinkedHashMap<>();

  /** Adds {@code handler} for {@code method} on {@code template}, e.g. {@code /accounts/{id}}. */
  Router on(HttpMethod method, String template, Handler handler) {
    routes.computeIfAbsent(template, t -> new LinkedHashMap<>()).put(method, handler);
    return this;
  }

  /**
   * Routes {@code request}: its handler's reply; a 405 reply with {@code Allow}; or a 404 {@link
   * ApiException} error.
   */
  Mono<Reply> route(HttpServerRequest request) {
    String path = request.fullPath();
    for (Map.Entry<String, Map<HttpMethod, Handler>> route : routes.entrySet()) {
      List<String> params = match(route.getKey(), path);
      if (params == null) {
        continue;
      }
      Handler h = route.getValue().get(request.method());
      if (h == null) {
        String allow = route.getValue().keySet().stream().map(HttpMethod::name)
            .collect(Collectors.joining(", "));
        ApiException refused = new ApiException(405, "method-not-allowed",
            request.method().name() + " is not allowed on " + route.getKey() + "; use " + allow);
        return Mono.just(Reply.error(refused).withHeader("Allow", allow));
      }
      return h.handle(request, params);
    }
    return Mono.error(ApiException.notFound("unknown-route",
        "no route " + request.method().name() + " " + path + "; the routes are "
            + String.join(", ", routes.keySet())));
  }

  /**
   * The template {@code uri} matches, e.g. {@code /accounts/{id}} for {@code /accounts/17}, or
   * {@value #UNMATCHED}: the {@code uri} tag of the HTTP server's meters, which must stay few.
   */
  String template(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    for (String template : routes.keySet()) {
      if (match(template, path) != null) {
        return template;
      }
    }
    return UNMATCHED;
  }

  /** The placeholders' values if {@code path} matches {@code template}, else null. */
  private static List<String> match(String template, String path) {
    String[] want = template.split("/", -1);
    String[] got = path.split("/", -1);
    if (want.length != got.length) {
      return null;
    }
    List<String> params = new ArrayList<>();
    for (int i = 0; i < want.length; i++) {
      if (want[i].startsWith("{") && want[i].endsWith("}")) {
        if (got[i].isEmpty()) {
          return null;
        }
        params.add(got[i]);
      } else if (!want[i].equals(got[i])) {
        return null;
      }
    }
    return params;
  }
}
