package io.boc4j.samples.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a duration option the way people type one: {@code 500ms}, {@code 5s}, {@code 2m}, or ISO-8601
 * ({@code PT5S}). Use it as {@code @Option(converter = DurationConverter.class)}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m)");

  /** Created by picocli for each option that names it. */
  public DurationConverter() {}

  /**
   * Parses {@code value}.
   *
   * @param value the option's text
   * @return the duration
   * @throws TypeConversionException if it is neither a number with a unit nor ISO-8601
   */
  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(text);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMinutes(n);
        };
      }
      return Duration.parse(value.trim());
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration; write it as 500ms, 5s, 2m or PT5S");
    }
  }
}
