package io.boc4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The demo, run small as its {@code main} would run it. */
@ExtendWith(SharedBroker.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScaleOutDemoTest {

  @Test
  void aSmallRunSettlesConservedAndExactlyOnce(EmbeddedBroker broker) {
    Run run = run("--bootstrap", broker.bootstrapServers(), "--prefix", "demo-test.",
        "--instances", "2", "--partitions", "4", "--accounts", "100", "--transfers", "3000");
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("scale-out: 2 instances, 4 partitions, 100 accounts"),
        run.out());
    assertTrue(run.out().contains("settled: 3,000 transfers in"), run.out());
    assertTrue(run.out().contains("total 100,000,000 before, 100,000,000 after: conserved"),
        run.out());
    assertTrue(run.out().contains("each applied exactly once"), run.out());
  }

  @Test
  void itNeedsExactlyOneBrokerAndSaneSizes() {
    Run neither = run("--transfers", "10");
    assertEquals(2, neither.code());
    assertTrue(neither.err().contains("give either --bootstrap HOST:PORT or --embedded"),
        neither.err());
    Run none = run("--bootstrap", "localhost:1", "--instances", "0");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("--instances must be at least 1, got 0"), none.err());
  }

  @Test
  void helpListsTheOptions() {
    Run help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--embedded"), help.out());
    assertTrue(help.out().contains("--bootstrap=HOST:PORT"), help.out());
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(new ScaleOutDemo());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
