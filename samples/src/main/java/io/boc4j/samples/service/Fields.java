package io.boc4j.samples.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Validates the fields of a JSON request object, each failure an {@link ApiException} (400) that
 * names the field and says what to send. Checks are explicit rather than left to data binding, so
 * that {@code "12"}, {@code 1.5}, {@code 1e3} and numbers beyond {@code long} are refused instead
 * of coerced, truncated or wrapped.
 */
final class Fields {

  private Fields() {}

  /** Refuses any field not in {@code allowed} (a misspelt field must not be silently ignored). */
  static void only(ObjectNode body, Set<String> allowed) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest("unknown-field",
            "unknown field '" + name + "'; the fields are " + String.join(", ", allowed));
      }
    }
  }

  /**
   * The field {@code name} as a whole number in {@code [min, max]}.
   *
   * @param code the error code for a value of the wrong kind or out of range
   */
  static long wholeNumber(ObjectNode body, String name, long min, long max, String code) {
    JsonNode v = body.get(name);
    if (v == null) {
      throw ApiException.badRequest("missing-field", "the field '" + name + "' is missing");
    }
    if (!v.isNumber()) {
      throw ApiException.badRequest(code, "'" + name + "' must be a whole number, got "
          + v.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + v);
    }
    if (!v.isIntegralNumber()) {
      throw ApiException.badRequest(code,
          "'" + name + "' must be a whole number, got " + v.asText());
    }
    // Compared as BigInteger: a number beyond long must be refused, not wrapped.
    int sign = v.bigIntegerValue().signum();
    boolean fits = v.canConvertToLong();
    if (fits ? v.longValue() > max : sign > 0) {
      throw ApiException.badRequest(code,
          "'" + name + "' must be at most " + max + ", got " + v.asText());
    }
    if (fits ? v.longValue() < min : sign < 0) {
      throw ApiException.badRequest(code,
          "'" + name + "' must be at least " + min + ", got " + v.asText());
    }
    return v.longValue();
  }
}
