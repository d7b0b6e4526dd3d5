package io.boc4j.samples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.samples.support.CommandRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo command: what the README's first command runs, run short. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BankServiceTest {

  @Test
  void theDemoStartsDrivesAuditsAndShutsDownTheService() {
    CommandRun run = CommandRun.of(new BankService(),
        "--accounts", "16", "--requests", "2000", "--duration", "2s", "--concurrency", "16");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String out = run.out();
    assertTrue(out.matches("(?s)bank-service: listening on http://127\\.0\\.0\\.1:\\d+ .*"), out);
    assertTrue(out.contains("opened 16 accounts with 1,000 each over HTTP: opening total 16,000"),
        out);
    Matcher load = Pattern.compile("load: ([\\d,]+) requests in [\\d.]+ s: [\\d,]+ requests/s;"
        + " latency p50 [\\d.]+ ms, p99 [\\d.]+ ms; .* 0 failed").matcher(out);
    assertTrue(load.find(), out);
    assertTrue(out.contains("audit: 16 accounts, total 16,000, opening total 16,000: conserved"),
        out);
    assertTrue(out.matches("(?s).*metrics: http://127\\.0\\.0\\.1:\\d+/metrics \\(e\\.g\\."
        + " boc4j_completed_behaviours_total\\{runtime=\"bank-service\"} [\\d.E]+\\).*"), out);
    assertTrue(out.contains("quiesced, closed; final audit total 16,000 (conserved)"), out);
  }

  @Test
  void theReadmesFirstCommandRunsThisDemo() throws IOException {
    // `mvn -B -q -pl samples exec:java` runs the module's exec.mainClass, which surefire passes on.
    assertEquals(BankService.class.getName(), System.getProperty("boc4j.exec.mainClass"));
    Path readme = Path.of(System.getProperty("boc4j.readme", "../README.md"));
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertTrue(text.contains("mvn -B -q install -DskipTests && mvn -B -q -pl samples exec:java\n"),
        "the README's first command changed: update this test and the demo together");
  }

  @Test
  void badOptionsAreRejectedWithTheOptionNamed() {
    CommandRun run = CommandRun.of(new BankService(), "--accounts", "1");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--accounts must be between 2 and 100000, got 1"), run.err());
    CommandRun duration = CommandRun.of(new BankService(), "--duration", "soon");
    assertEquals(2, duration.exitCode());
    assertTrue(duration.err().contains("'soon' is not a duration"), duration.err());
  }

  @Test
  void helpListsTheOptions() {
    CommandRun run = CommandRun.of(new BankService(), "--help");
    assertEquals(0, run.exitCode());
    for (String option : new String[] {"--requests", "--duration", "--concurrency", "--serve",
        "--port", "--max-body"}) {
      assertTrue(run.out().contains(option), option + " missing from:\n" + run.out());
    }
  }
}
