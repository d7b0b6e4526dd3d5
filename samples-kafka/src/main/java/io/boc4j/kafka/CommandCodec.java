package io.boc4j.kafka;

import io.boc4j.kafka.Command.Credit;
import io.boc4j.kafka.Command.Malformed;
import io.boc4j.kafka.Command.Transfer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Commands as short comma-separated text, readable with {@code kafka-console-consumer}: {@code
 * T,id,from,to,amount} and {@code C,id,from,to,amount,sourcePartition,sourceOffset,returned}.
 * Decoding never throws: a record it cannot read becomes a {@link Malformed} command, so a poison
 * record is rejected instead of stopping the consumer.
 */
final class CommandCodec implements Deserializer<Command> {

  /** The text form of {@code command} as UTF-8 bytes. */
  static byte[] encode(Command command) {
    String text;
    if (command instanceof Transfer t) {
      text = "T," + t.id() + "," + t.from() + "," + t.to() + "," + t.amount();
    } else if (command instanceof Credit c) {
      text = "C," + c.id() + "," + c.from() + "," + c.to() + "," + c.amount() + ","
          + c.sourcePartition() + "," + c.sourceOffset() + "," + (c.returned() ? 1 : 0);
    } else {
      throw new IllegalArgumentException("only transfers and credits are encoded, not " + command);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a command; anything unreadable becomes {@link Malformed}. */
  static Command decode(byte[] bytes) {
    if (bytes == null) {
      return new Malformed("", "the record has no value");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] f = text.split(",", -1);
    try {
      if (f[0].equals("T") && f.length == 5) {
        return valid(text, new Transfer(Long.parseLong(f[1]), Integer.parseInt(f[2]),
            Integer.parseInt(f[3]), Long.parseLong(f[4])));
      }
      if (f[0].equals("C") && f.length == 8) {
        return valid(text, new Credit(Long.parseLong(f[1]), Integer.parseInt(f[2]),
            Integer.parseInt(f[3]), Long.parseLong(f[4]), Integer.parseInt(f[5]),
            Long.parseLong(f[6]), f[7].equals("1")));
      }
      return new Malformed(text, "expected T,id,from,to,amount or C,id,from,to,amount,p,o,r");
    } catch (NumberFormatException e) {
      return new Malformed(text, "a field is not a number: " + e.getMessage());
    }
  }

  private static Command valid(String text, Command c) {
    long amount = c instanceof Transfer t ? t.amount() : ((Credit) c).amount();
    if (amount <= 0) {
      return new Malformed(text, "the amount must be positive");
    }
    if (c.account() < 0) {
      return new Malformed(text, "account ids are not negative");
    }
    return c;
  }

  @Override
  public Command deserialize(String topic, byte[] data) {
    return decode(data);
  }
}
