package io.boc4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs cells in child JVMs, one child per workload: every implementation and configuration of a
 * workload shares that JVM (same JIT, same GC, same heap settings) and runs interleaved in it, while
 * workloads do not pollute each other's JIT profiles. Each workload picks its heap options (the bank
 * runs with {@code -Xmx2g}); children run with {@code -XX:+ExitOnOutOfMemoryError}.
 *
 * <p>Robustness: the child reports the start and end of each run and each finished cell as JSON
 * lines in a file the parent tails. If the child dies (out of memory, a crash) or stops reporting
 * for longer than a run timeout plus a grace period, the parent kills it, records the cell whose run
 * was in progress as {@code crashed} or {@code stalled}, and starts a fresh child for the workload's
 * remaining cells (those measured alongside it start over). So one runaway configuration costs one
 * record, never the suite.
 */
final class ForkedLauncher {

  /** Extra time on top of the run timeout before a silent child is declared stalled. */
  private static final long STALL_GRACE_MILLIS = 60_000;

  private final Options options;
  private final Progress progress;
  private final PrintStream log;

  ForkedLauncher(Options options, Progress progress, PrintStream log) {
    this.options = options;
    this.progress = progress;
    this.log = log;
  }

  List<Result> run(List<Cell> cells) throws IOException, InterruptedException {
    Map<Workload, List<Cell>> byWorkload = new LinkedHashMap<>();
    for (Cell c : cells) {
      byWorkload.computeIfAbsent(c.workload(), k -> new ArrayList<>()).add(c);
    }
    List<Result> results = new ArrayList<>();
    for (Map.Entry<Workload, List<Cell>> e : byWorkload.entrySet()) {
      List<Cell> remaining = new ArrayList<>(e.getValue());
      while (!remaining.isEmpty()) {
        results.addAll(runChild(e.getKey(), remaining));
      }
    }
    return results;
  }

  /** Runs one child over {@code remaining}, removing every cell it accounts for. */
  private List<Result> runChild(Workload w, List<Cell> remaining)
      throws IOException, InterruptedException {
    Path cellsFile = Files.createTempFile("boc4j-bench-cells", ".txt");
    Path outFile = Files.createTempFile("boc4j-bench-out", ".jsonl");
    try {
      Files.write(cellsFile, remaining.stream().map(Cell::key).toList(), StandardCharsets.UTF_8);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(w.jvmOptions());
      cmd.add("-XX:+ExitOnOutOfMemoryError");
      cmd.addAll(options.jvmArgs);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "--child", cellsFile.toString(), "--child-out", outFile.toString()));
      cmd.addAll(options.settingsArgs());
      List<String> jvmOptions = new ArrayList<>(w.jvmOptions());
      jvmOptions.addAll(options.jvmArgs);
      log.printf("== %s: %d cells in a child JVM %s%n", w.name(), remaining.size(),
          String.join(" ", jvmOptions));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Thread echo = echo(p);
      try {
        return watch(p, outFile, remaining);
      } finally {
        echo.join(10_000);
      }
    } finally {
      Files.deleteIfExists(cellsFile);
      Files.deleteIfExists(outFile);
    }
  }

  /** Copies the child's console output (its progress lines) to this harness's log. */
  private Thread echo(Process p) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.println(line);
        }
      } catch (IOException e) {
        log.println("(lost the child JVM's output: " + e + ")");
      }
    }, "bench-child-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private List<Result> watch(Process p, Path outFile, List<Cell> remaining)
      throws IOException, InterruptedException {
    long stallMillis = options.settings().runTimeoutMillis() + STALL_GRACE_MILLIS;
    List<Result> results = new ArrayList<>();
    Map<String, Cell> byKey = new LinkedHashMap<>();
    remaining.forEach(c -> byKey.put(c.key(), c));
    String current = null;
    long offset = 0;
    StringBuilder partial = new StringBuilder();
    long lastProgress = System.nanoTime();
    while (true) {
      boolean exited = p.waitFor(200, TimeUnit.MILLISECONDS);
      try (RandomAccessFile f = new RandomAccessFile(outFile.toFile(), "r")) {
        if (f.length() > offset) {
          byte[] bytes = new byte[(int) (f.length() - offset)];
          f.seek(offset);
          f.readFully(bytes);
          offset += bytes.length;
          partial.append(new String(bytes, StandardCharsets.UTF_8));
          lastProgress = System.nanoTime();
        }
      }
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        String line = partial.substring(0, nl);
        partial.delete(0, nl + 1);
        Map<String, Object> event = JsonCodec.parseLine(line);
        String key = (String) event.get("cell");
        switch ((String) event.get("event")) {
          case "begin" -> current = key;
          case "result" -> {
            results.add(Result.fromJson(event.get("record")));
            remaining.remove(byKey.get(key));
            if (key.equals(current)) {
              current = null;
            }
          }
          default -> { } // a run finished: only resets the stall clock
        }
      }
      if (exited) {
        int code = p.exitValue();
        if (current != null || !remaining.isEmpty()) { // a finished child accounts for all
          String why = code == 3
              ? "the child JVM ran out of memory (exit 3, -XX:+ExitOnOutOfMemoryError)"
              : "the child JVM exited with code " + code;
          results.add(lost(byKey.get(current != null ? current : remaining.get(0).key()),
              "crashed", why, remaining));
        }
        return results;
      }
      if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Cell c = byKey.get(current != null ? current : remaining.get(0).key());
        results.add(lost(c, "stalled", "the child JVM reported nothing for " + stallMillis / 1000
            + " s and was killed", remaining));
        return results;
      }
    }
  }

  private Result lost(Cell c, String status, String why, List<Cell> remaining) {
    remaining.remove(c);
    Result r = new Result.Builder(c).fail(status, why).samples(List.of()).build();
    progress.onCell(c, r);
    return r;
  }

  /** The child side: runs the listed cells in this JVM and reports to the parent's file. */
  static void child(Options o, Progress progress) throws IOException {
    List<Cell> cells = Files.readAllLines(o.childCells, StandardCharsets.UTF_8).stream()
        .filter(s -> !s.isBlank()).map(Cell::fromKey).toList();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(o.childOut,
        StandardCharsets.UTF_8), true)) {
      CellRunner runner = new CellRunner(o.settings(), new CellRunner.Listener() {
        @Override
        public void onRunStart(Cell cell) {
          out.println(JsonCodec.line(Map.of("event", "begin", "cell", cell.key())));
        }

        @Override
        public void onRun(Cell cell, String phase, int index, long ops, double rate) {
          progress.onRun(cell, phase, index, ops, rate);
          out.println(JsonCodec.line(Map.of("event", "run", "cell", cell.key())));
        }
      });
      for (List<Cell> group : Workloads.byConfiguration(cells)) {
        List<Result> rs = runner.runTogether(group);
        for (int i = 0; i < group.size(); i++) {
          progress.onCell(group.get(i), rs.get(i));
          Map<String, Object> event = new LinkedHashMap<>();
          event.put("event", "result");
          event.put("cell", group.get(i).key());
          event.put("record", rs.get(i).toMap());
          out.println(JsonCodec.line(event));
        }
      }
    }
  }
}
