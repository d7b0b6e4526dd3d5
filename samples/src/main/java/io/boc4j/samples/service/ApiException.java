package io.boc4j.samples.service;

/**
 * A request the service refuses: an HTTP status, a stable machine-readable code and a message for
 * people (what was wrong, with which value, what to send instead). Handlers throw it (or signal it
 * as a {@code Mono} error); {@link Reply#error} turns it into the JSON error body {@code
 * {"status":400,"error":"invalid-amount","message":"..."}}. It carries no stack trace: it is an
 * answer, not a fault.
 */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }

  static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
