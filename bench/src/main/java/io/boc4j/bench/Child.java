package io.boc4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child JVM's side of a launch: measures the one cell named by {@code --child} (polluting first
 * if it is a polluted cell) and reports to the file named by {@code --child-out}, one JSON object
 * per line: {@code run} after every run (the parent's proof of life) and finally {@code result} with
 * the {@link ForkOutcome}. Nothing else runs in this JVM.
 */
final class Child {

  private Child() {}

  /**
   * Measures the cell and reports.
   *
   * @param o the options, with {@code --child} and {@code --child-out}
   * @param progress the console progress
   * @throws IOException if the report cannot be written
   */
  static void run(Options o, Progress progress) throws IOException {
    Cell cell = Cell.fromKey(o.childCell);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(o.childOut,
        StandardCharsets.UTF_8), true)) {
      CellRunner runner = new CellRunner(o.settings(), (c, phase, index, ops, rate) -> {
        progress.onRun(c, phase, index, ops, rate);
        out.println(JsonCodec.line(Map.of("event", "run", "cell", c.key())));
      });
      ForkOutcome outcome = runner.measure(cell);
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("event", "result");
      event.put("cell", cell.key());
      event.put("outcome", outcome);
      out.println(JsonCodec.line(event));
    }
  }
}
