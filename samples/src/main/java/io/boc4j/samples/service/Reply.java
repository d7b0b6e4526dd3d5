package io.boc4j.samples.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response before it is written: status, content type, body bytes and extra headers. Handlers
 * build one and {@link BankApi} writes it, so every response (errors included) leaves through one
 * place.
 *
 * @param status the HTTP status
 * @param contentType the media type of the body
 * @param body the body
 * @param headers extra headers, e.g. {@code Location} or {@code Allow}
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

  static final String JSON = "application/json";

  /** A JSON reply of {@code value}, serialised with {@link Json#MAPPER}. */
  static Reply json(int status, Object value) {
    try {
      return new Reply(status, JSON, Json.MAPPER.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write " + value + " as JSON", e);
    }
  }

  /** The JSON error body of {@code e}: {@code {"status":..,"error":..,"message":..}}. */
  static Reply error(ApiException e) {
    return json(e.status(), new ErrorBody(e.status(), e.code(), e.getMessage()));
  }

  /** A plain-text reply, e.g. a Prometheus scrape. */
  static Reply text(int status, String contentType, String text) {
    return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** This reply with one more header. */
  Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, contentType, body, Map.copyOf(more));
  }

  /**
   * The JSON error body.
   *
   * @param status the HTTP status, repeated for clients that only keep the body
   * @param error a stable code, e.g. {@code invalid-amount}
   * @param message what was wrong and what to send instead
   */
  record ErrorBody(int status, String error, String message) {}
}
