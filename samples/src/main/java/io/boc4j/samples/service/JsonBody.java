package io.boc4j.samples.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a request body as one JSON object, refusing anything else with an {@link ApiException}: a
 * body over the size limit (413, checked against {@code Content-Length} before reading and again
 * while reading, for bodies sent in chunks), a content type that is not JSON (415), and malformed
 * JSON or a JSON value that is not an object (400).
 *
 * <p>Threading: immutable; any thread.
 */
final class JsonBody {

  private final int maxBytes;

  /** Reads bodies of at most {@code maxBytes} bytes. */
  JsonBody(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The most bytes a body may have. */
  int maxBytes() {
    return maxBytes;
  }

  /** The request's body as a JSON object, or an {@link ApiException} error. */
  Mono<ObjectNode> read(HttpServerRequest request) {
    return Mono.defer(() -> {
      checkContentType(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
      checkDeclaredLength(request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH));
      return request.receive().asByteArray()
          .collect(() -> new Bounded(maxBytes), Bounded::add)
          .map(bytes -> parse(bytes.toByteArray()));
    });
  }

  private static void checkContentType(String contentType) {
    if (contentType == null) {
      return; // a client that says nothing is taken at its word that it sent JSON
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(Reply.JSON)) {
      throw new ApiException(415, "unsupported-media-type",
          "the body is " + mediaType + "; send JSON with Content-Type: application/json");
    }
  }

  private void checkDeclaredLength(String contentLength) {
    if (contentLength == null) {
      return; // chunked, or no body: Bounded counts while reading
    }
    long declared;
    try {
      declared = Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("bad-content-length",
          "Content-Length '" + contentLength + "' is not a number of bytes");
    }
    if (declared > maxBytes) {
      throw tooLarge("declares " + declared + " bytes");
    }
  }

  private ApiException tooLarge(String what) {
    return new ApiException(413, "body-too-large",
        "the body " + what + "; this service accepts at most " + maxBytes + " bytes");
  }

  private static ObjectNode parse(byte[] bytes) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed-json",
          "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("malformed-json", "the body could not be read: " + e);
    }
    if (node == null || node.isMissingNode()) {
      throw ApiException.badRequest("malformed-json", "the body is empty; send a JSON object");
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("malformed-json",
          "the body is a JSON " + node.getNodeType().toString().toLowerCase(Locale.ROOT)
              + "; send a JSON object");
    }
    return object;
  }

  /** Collects chunks, failing as soon as they add up to more than the limit. */
  private final class Bounded extends ByteArrayOutputStream {

    private final int limit;

    Bounded(int limit) {
      this.limit = limit;
    }

    void add(byte[] chunk) {
      if (size() + (long) chunk.length > limit) {
        throw tooLarge("is longer than " + limit + " bytes");
      }
      writeBytes(chunk);
    }
  }
}
