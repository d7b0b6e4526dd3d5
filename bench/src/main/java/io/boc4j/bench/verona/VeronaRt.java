package io.boc4j.bench.verona;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * verona-rt's perf programs, built from a source tree outside the project (never vendored) and run
 * as separate processes, each timed by its wall clock. Its programs print no rate of their own, so
 * a rate is the operations over the run's wall time less the program's fixed cost (the time of its
 * smallest run, measured beside it).
 */
public final class VeronaRt {

  /** The two programs the comparison runs. */
  static final List<String> TARGETS = List.of("perf-con-banking", "perf-con-dining_phil");

  private static final long RUN_TIMEOUT_SECONDS = 300;

  private final Path buildDir;

  private VeronaRt(Path buildDir) {
    this.buildDir = buildDir;
  }

  /**
   * Uses programs built already.
   *
   * @param buildDir a CMake build directory of verona-rt holding {@code test/perf-con-banking} and
   *     {@code test/perf-con-dining_phil}
   * @return the runner
   * @throws IllegalArgumentException if a program is missing
   */
  public static VeronaRt built(Path buildDir) {
    for (String t : TARGETS) {
      if (!Files.isExecutable(buildDir.resolve("test").resolve(t))) {
        throw new IllegalArgumentException(buildDir + "/test/" + t + " is missing: build verona-rt"
            + " there first (or pass --verona-src and let this tool build it)");
      }
    }
    return new VeronaRt(buildDir);
  }

  /**
   * Configures and builds the two programs (Release) with CMake. verona-rt fetches its pinned
   * snmalloc and cmake_utils itself unless local copies are given.
   *
   * @param source verona-rt's source tree
   * @param snmalloc a local snmalloc tree at verona-rt's pinned commit, or null to let CMake fetch
   * @param cmakeUtils a local cmake_utils tree at its pinned commit, or null to let CMake fetch
   * @param buildDir where to build (created if absent)
   * @param log where the build's progress goes
   * @return the runner
   * @throws IOException if CMake cannot be started or the build fails
   * @throws InterruptedException if interrupted while building
   */
  public static VeronaRt build(Path source, Path snmalloc, Path cmakeUtils, Path buildDir,
      PrintStream log) throws IOException, InterruptedException {
    if (!Files.isRegularFile(source.resolve("CMakeLists.txt"))) {
      throw new IllegalArgumentException(source + " is not verona-rt's source tree (no"
          + " CMakeLists.txt)");
    }
    Files.createDirectories(buildDir);
    List<String> configure = new ArrayList<>(List.of("cmake", "-S", source.toString(), "-B",
        buildDir.toString(), "-DCMAKE_BUILD_TYPE=Release"));
    if (snmalloc != null) {
      configure.add("-DFETCHCONTENT_SOURCE_DIR_SNMALLOC=" + snmalloc.toAbsolutePath());
    }
    if (cmakeUtils != null) {
      configure.add("-DFETCHCONTENT_SOURCE_DIR_CMAKE_UTILS=" + cmakeUtils.toAbsolutePath());
    }
    exec(configure, log);
    List<String> make = new ArrayList<>(List.of("cmake", "--build", buildDir.toString(),
        "--parallel", Integer.toString(Runtime.getRuntime().availableProcessors()), "--target"));
    make.addAll(TARGETS);
    exec(make, log);
    return built(buildDir);
  }

  private static void exec(List<String> cmd, PrintStream log)
      throws IOException, InterruptedException {
    log.println("$ " + String.join(" ", cmd));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().transferTo(log);
    if (p.waitFor() != 0) {
      throw new IOException("failed with exit code " + p.exitValue() + ": " + String.join(" ", cmd));
    }
  }

  /**
   * The rate of one timed run of about {@code targetSeconds}: a calibration run sizes it, and the
   * smallest run's time, taken right before, is subtracted as the fixed cost.
   *
   * @param cell the configuration
   * @param targetSeconds how long the timed run should take
   * @return operations per second
   * @throws IOException if the program cannot be started or fails
   * @throws InterruptedException if interrupted while waiting for it
   */
  public double rate(VeronaCell cell, double targetSeconds)
      throws IOException, InterruptedException {
    double fixed = seconds(cell, cell.smallestOps());
    long calibration = cell.calibrationOps();
    double perSecond = cell.opsRun(calibration) / Math.max(1e-3, seconds(cell, calibration) - fixed);
    long ops = Math.max(calibration, (long) (perSecond * targetSeconds));
    double elapsed = seconds(cell, ops) - fixed;
    if (elapsed <= 0) {
      throw new IOException(cell.label() + ": the timed run was no slower than the smallest one;"
          + " raise --target-seconds");
    }
    return cell.opsRun(ops) / elapsed;
  }

  /** Wall seconds of one run of the cell's program for {@code ops} operations. */
  private double seconds(VeronaCell cell, long ops) throws IOException, InterruptedException {
    List<String> cmd = cell.veronaCommand(buildDir, ops);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IOException("no end after " + RUN_TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
    }
    long nanos = System.nanoTime() - start;
    if (p.exitValue() != 0) {
      throw new IOException("exit code " + p.exitValue() + ": " + String.join(" ", cmd));
    }
    return nanos / 1e9;
  }
}
