package io.boc4j.samples.support;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks for option values, reported the picocli way: a message naming the option, then the
 * usage.
 */
public final class Check {

  private Check() {}

  /**
   * Rejects a value below {@code min}.
   *
   * @param spec the command being run
   * @param option the option's name as the user types it, e.g. {@code --workers}
   * @param value the parsed value
   * @param min the smallest accepted value
   * @throws ParameterException if {@code value < min}
   */
  public static void atLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(),
          option + " must be at least " + min + ", got " + value);
    }
  }

  /**
   * Rejects a value outside {@code [min, max]}.
   *
   * @param spec the command being run
   * @param option the option's name as the user types it
   * @param value the parsed value
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @throws ParameterException if the value is out of range
   */
  public static void between(CommandSpec spec, String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(),
          option + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
