package io.boc4j.bench.verona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's table, its reading of the bench's output, its runner and its command line. */
@Timeout(60)
class SideBySideTest {

  private static final VeronaCell BANK1 = new VeronaCell("bank", 1, 0, false);
  private static final VeronaCell BANK2 = new VeronaCell("bank", 2, 0, false);

  @Test
  void theTableGivesMediansRangesRatiosAndScaling() {
    Map<VeronaCell, List<Double>> verona = new LinkedHashMap<>();
    Map<VeronaCell, List<Double>> boc = new LinkedHashMap<>();
    verona.put(BANK1, List.of(1.8e6, 2.0e6, 1.5e6));
    boc.put(BANK1, List.of(1.2e6, 1.4e6, 1.3e6));
    verona.put(BANK2, List.of(1.2e6, 1.3e6, 1.1e6));
    boc.put(BANK2, List.of(0.9e6, 1.3e6, 1.0e6));
    String t = SideBySide.table(List.of(BANK1, BANK2), verona, boc);
    assertTrue(t.contains("| bank W=1 U=0 | tx/s | 1.80 M (1.50 M–2.00 M) | 1.30 M (1.20 M–1.40 M)"
        + " | 0.72 | disjoint | 0.70 (0.67–0.87) |"), t);
    assertTrue(t.contains("| bank W=2 U=0 | tx/s | 1.20 M (1.10 M–1.30 M) | 1.00 M (900.0 k–1.30 M)"
        + " | 0.83 | overlap | 0.91 (0.75–1.00) |"), t);
    assertTrue(t.contains("| bank U=0 | 0.67 | 0.77 |"), t);
  }

  @Test
  void oneRoundHasNoRangesToCompare() {
    String t = SideBySide.table(List.of(BANK1), Map.of(BANK1, List.of(2.0e6)),
        Map.of(BANK1, List.of(1.0e6)));
    assertTrue(t.contains("| 0.50 | one sample | 0.50 (0.50–0.50) |"), t);
  }

  @Test
  void aBenchDocumentGivesItsOneRecordsMedianOrSaysWhyNot() throws IOException {
    Map<String, Object> ok = Map.of("records", List.of(Map.of("status", "ok", "median", 1.5e6)));
    assertEquals(1.5e6, SideBySide.medianOf(ok, BANK1));
    Map<String, Object> failed = Map.of("records",
        List.of(Map.of("status", "timeout", "error", "run 3 took longer than 20 s")));
    assertTrue(assertThrows(IOException.class, () -> SideBySide.medianOf(failed, BANK1))
        .getMessage().contains("ended timeout: run 3 took longer"));
    assertTrue(assertThrows(IOException.class,
        () -> SideBySide.medianOf(Map.of("records", List.of()), BANK1))
        .getMessage().contains("expected one record, found 0"));
  }

  @Test
  void ratesComeFromTimedRunsOfTheCellsProgram(@TempDir Path build) throws Exception {
    // A stand-in program that records its arguments; any run beyond the smallest lasts a second
    // longer, far beyond the jitter of starting a process, so the timed run is the longer one.
    Path args = build.resolve("args.txt");
    fake(build, "perf-con-banking",
        "echo \"$@\" >> " + args + "\n[ \"$4\" -gt 4 ] && sleep 1\nexit 0\n");
    fake(build, "perf-con-dining_phil", "exit 0\n");
    double rate = VeronaRt.built(build).rate(BANK2, 0.01);
    assertTrue(rate > 0 && Double.isFinite(rate), "rate " + rate);
    List<String> calls = Files.readAllLines(args);
    assertEquals(3, calls.size(), "smallest, calibration, timed: " + calls);
    assertTrue(calls.get(0).contains("--num_trans 4 "), calls.get(0));
    assertTrue(calls.get(1).contains("--num_trans " + BANK2.calibrationOps() + " "), calls.get(1));
    assertTrue(calls.stream().allMatch(c -> c.startsWith("--cores 2 ")), calls.toString());
  }

  @Test
  void aFailingProgramIsAnErrorNamingItsCommand(@TempDir Path build) throws Exception {
    fake(build, "perf-con-banking", "exit 3\n");
    fake(build, "perf-con-dining_phil", "exit 0\n");
    IOException e = assertThrows(IOException.class,
        () -> VeronaRt.built(build).rate(BANK1, 0.01));
    assertTrue(e.getMessage().startsWith("exit code 3: ") && e.getMessage().contains(
        "perf-con-banking --cores 1"), e.getMessage());
  }

  @Test
  void aMissingProgramOrAnAmbiguousSourceIsABadCommandLine(@TempDir Path empty) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      assertEquals(64, SideBySide.run(out, "--verona-build", empty.toString()));
      assertEquals(64, SideBySide.run(out, "--rounds", "2"));
      assertEquals(64, SideBySide.run(out, "--verona-build", empty.toString(), "--rounds", "0"));
    } finally {
      System.setErr(saved);
    }
    String said = err.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("test/perf-con-banking is missing: build verona-rt there first"), said);
    assertTrue(said.contains("give exactly one of --verona-build and --verona-src"), said);
    assertTrue(said.contains("--rounds and --runs must be at least 1"), said);
  }

  private static void fake(Path build, String name, String body) throws IOException {
    Path p = build.resolve("test").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
