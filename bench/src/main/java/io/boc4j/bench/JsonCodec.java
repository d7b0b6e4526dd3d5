package io.boc4j.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The harness's JSON, through one Jackson mapper: the suite document (pretty), the child JVMs'
 * progress lines (one object per line) and the records they carry. Integers read back as {@link
 * Long} whatever their size, so readers of a record never see {@code Integer} and {@code Long} mixed.
 */
public final class JsonCodec {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer children may add fields
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private JsonCodec() {}

  /**
   * Writes a document, indented, ending with a newline.
   *
   * @param file the file; its directory is created
   * @param document maps, lists, strings, numbers, booleans and records
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, Object document) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter()
        .writeValueAsString(document) + "\n");
  }

  /**
   * Reads a JSON object from a file.
   *
   * @param file the file
   * @return the object, insertion-ordered
   * @throws IOException if it cannot be read or is not a JSON object
   */
  public static Map<String, Object> read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), OBJECT);
  }

  /**
   * Renders a value on one line, for the child's progress file.
   *
   * @param value the value
   * @return the JSON text, without line breaks
   */
  static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses one line written by {@link #line}.
   *
   * @param text the line
   * @return the object
   * @throws IllegalArgumentException if it is not a JSON object
   */
  static Map<String, Object> parseLine(String text) {
    try {
      return MAPPER.readValue(text, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + text, e);
    }
  }

  /**
   * Converts a parsed JSON value to a typed value (for instance a record).
   *
   * @param <T> the type
   * @param value maps, lists and scalars as parsed
   * @param type the type
   * @return the typed value
   */
  static <T> T convert(Object value, Class<T> type) {
    return MAPPER.convertValue(value, type);
  }
}
