package io.boc4j.samples.dining;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --order} values: {@code natural} or {@code optimal}, in any case. */
final class OrderConverter implements ITypeConverter<SeatingOrder> {

  @Override
  public SeatingOrder convert(String value) {
    try {
      return SeatingOrder.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a start order; use natural or optimal");
    }
  }
}
