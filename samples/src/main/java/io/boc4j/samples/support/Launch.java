package io.boc4j.samples.support;

import picocli.CommandLine;

/** Runs a picocli command as a program's {@code main}. */
public final class Launch {

  private Launch() {}

  /**
   * Parses {@code args} into {@code command}, runs it, and exits the JVM only when it failed, so
   * that a successful run inside {@code mvn exec:java} lets Maven finish normally.
   *
   * @param command a {@link picocli.CommandLine.Command}-annotated object
   * @param args the program's arguments
   */
  public static void main(Object command, String[] args) {
    int code = new CommandLine(command).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
