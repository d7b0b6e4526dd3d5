package io.boc4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs each launch in a fresh child JVM that measures exactly one fork of one cell (see {@link
 * Child}) and exits. A cell's JVM options depend on its workload and the command line only, never
 * on which other cells were selected: {@link #jvmOptions(Workload)}. Children run with {@code
 * -XX:+ExitOnOutOfMemoryError} and a heap of fixed size ({@link #withFixedHeap}).
 *
 * <p>The child reports each run and finally its {@link ForkOutcome} as JSON lines in a file the
 * parent tails. A child that dies (out of memory, a crash) is recorded as a {@code crashed} fork;
 * one that reports nothing for longer than a run timeout plus a grace period is killed and recorded
 * as {@code stalled}. Either costs one fork, never the suite.
 */
final class ForkedLauncher implements Launcher {

  /** Extra time on top of the run timeout before a silent child is declared stalled. */
  private static final long STALL_GRACE_MILLIS = 60_000;

  private final Settings settings;
  private final List<String> extraJvmArgs;
  private final PrintStream log;

  /**
   * @param settings how every cell is measured
   * @param extraJvmArgs the command line's extra options for every child
   * @param log where the children's console output goes
   */
  ForkedLauncher(Settings settings, List<String> extraJvmArgs, PrintStream log) {
    this.settings = settings;
    this.extraJvmArgs = List.copyOf(extraJvmArgs);
    this.log = log;
  }

  /**
   * The JVM options of every child measuring one of the workload's cells.
   *
   * @param w the workload
   * @return the options, in order
   */
  List<String> jvmOptions(Workload w) {
    List<String> o = new ArrayList<>(w.jvmOptions());
    o.add("-XX:+ExitOnOutOfMemoryError");
    o.addAll(extraJvmArgs);
    return withFixedHeap(o);
  }

  /** A child's heap when neither its workload nor the command line sizes it. */
  static final String DEFAULT_HEAP = "2g";

  /**
   * The options with a heap whose size does not change: {@code -Xms} equal to the maximum ({@code
   * -Xmx} from the options, else {@link #DEFAULT_HEAP} for both), put first so that the options
   * given still decide everything else. Options that already set an initial or minimum size are
   * returned as they are.
   *
   * <p>Why: each run starts with {@code System.gc()}, after which G1 shrinks the heap to its
   * minimum, about 20 MB with the JVM's defaults, so an allocating implementation collected many
   * times a second (boc4j's bank with no work: 48 young collections in a 6-second fork, against 1
   * in a fixed heap): a heap no service runs in. Services set {@code -Xms} to {@code -Xmx}; so do
   * the children.
   *
   * @param options the child's options, in order
   * @return the options with the heap fixed
   */
  static List<String> withFixedHeap(List<String> options) {
    String max = null;
    for (String s : options) {
      if (s.startsWith("-Xms") || s.startsWith("-XX:InitialHeapSize=")
          || s.startsWith("-XX:MinHeapSize=")) {
        return options;
      }
      if (s.startsWith("-Xmx")) {
        max = s.substring("-Xmx".length());
      } else if (s.startsWith("-XX:MaxHeapSize=")) {
        max = s.substring("-XX:MaxHeapSize=".length());
      }
    }
    List<String> fixed = new ArrayList<>();
    if (max == null) {
      max = DEFAULT_HEAP;
      fixed.add("-Xmx" + max);
    }
    fixed.add("-Xms" + max);
    fixed.addAll(options);
    return fixed;
  }

  @Override
  public ForkOutcome run(Plan.Launch launch) throws IOException, InterruptedException {
    Path outFile = Files.createTempFile("boc4j-bench-fork", ".jsonl");
    try {
      List<String> options = jvmOptions(launch.cell().workload());
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(options);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "--child", launch.cell().key(), "--child-out", outFile.toString()));
      cmd.addAll(settings.childArgs());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      log.printf("== launch %d: %s, fork %d, pid %d, %s%n", launch.sequence(), launch.cell(),
          launch.fork(), p.pid(), String.join(" ", options));
      Thread echo = echo(p);
      try {
        return watch(p, outFile, options);
      } finally {
        echo.join(10_000);
      }
    } finally {
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

  /** Tails the child's progress file until it reports its outcome, dies or falls silent. */
  private ForkOutcome watch(Process p, Path outFile, List<String> options)
      throws IOException, InterruptedException {
    long stallNanos = TimeUnit.MILLISECONDS.toNanos(
        settings.runTimeoutMillis() + STALL_GRACE_MILLIS);
    long offset = 0;
    StringBuilder partial = new StringBuilder();
    long lastProgress = System.nanoTime();
    ForkOutcome outcome = null;
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
        Map<String, Object> event = JsonCodec.parseLine(partial.substring(0, nl));
        partial.delete(0, nl + 1);
        if ("result".equals(event.get("event"))) {
          outcome = JsonCodec.convert(event.get("outcome"), ForkOutcome.class);
        } // other events only reset the stall clock
      }
      if (exited) {
        if (outcome != null) {
          return outcome;
        }
        int code = p.exitValue();
        String why = code == 3
            ? "the child JVM ran out of memory (exit 3, -XX:+ExitOnOutOfMemoryError)"
            : "the child JVM exited with code " + code + " before reporting";
        return ForkOutcome.withoutRuns("crashed", why, p.pid(), options);
      }
      if (System.nanoTime() - lastProgress > stallNanos) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return ForkOutcome.withoutRuns("stalled", "the child JVM reported nothing for "
            + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s and was killed", p.pid(), options);
      }
    }
  }
}
