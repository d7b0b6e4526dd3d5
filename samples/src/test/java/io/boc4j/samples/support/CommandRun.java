package io.boc4j.samples.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A sample's command run as its {@code main} would run it, with its output captured.
 *
 * @param exitCode what the command returned (0 for success)
 * @param out everything it printed to standard output
 * @param err everything it printed to standard error
 */
public record CommandRun(int exitCode, String out, String err) {

  /**
   * Runs {@code command} with {@code args} and captures what it prints.
   *
   * @param command a picocli command object
   * @param args the command line
   * @return the exit code and output
   */
  public static CommandRun of(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }
}
