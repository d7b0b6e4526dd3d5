package io.boc4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine a suite ran on, as {@code nproc}, {@code lscpu}'s model name, total memory and {@code
 * java -version} would describe it; stored with the records and printed in the report.
 */
final class Machine {

  private Machine() {}

  /**
   * The description, for a suite that measured {@link #parallelSpeedup()} and {@link
   * HandOffProbe#measure()} (unless {@code probe} is false: {@code --quick} skips the probes, which
   * take about a second) and read {@link #loadAverage()} when it started.
   */
  static Map<String, Object> describe(Double speedupAtStart, Double handOffAtStart,
      Double loadAtStart, boolean probe) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("cpuModel", cpuModel());
    m.put("memTotalBytes", memTotal());
    m.put("javaVersion", System.getProperty("java.runtime.name") + " "
        + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
        + ", " + System.getProperty("java.vm.version") + ", " + System.getProperty("java.vm.info")
        + ")");
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("parallelSpeedupAtStart", speedupAtStart);
    m.put("parallelSpeedupAtEnd", probe ? parallelSpeedup() : null);
    m.put("handOffNanosAtStart", handOffAtStart);
    m.put("handOffNanosAtEnd", probe ? HandOffProbe.measure() : null);
    m.put("loadAverageAtStart", loadAtStart);
    m.put("loadAverageAtEnd", loadAverage());
    return m;
  }

  private static volatile long sink;

  /**
   * How much faster two threads of pure arithmetic finish than one, as measured now: 2.0 on two
   * real cores, less on a VM whose virtual CPUs share a physical core or are throttled. A scale for
   * every W=2 number of the run. The median of three tries.
   */
  static double parallelSpeedup() {
    long iterations = 50_000_000L;
    work(iterations); // compile the loop
    double[] tries = new double[3];
    for (int i = 0; i < tries.length; i++) {
      long one = timeThreads(1, iterations);
      long two = timeThreads(2, iterations);
      tries[i] = 2.0 * one / two;
    }
    java.util.Arrays.sort(tries);
    return Math.round(tries[1] * 100) / 100.0;
  }

  private static long timeThreads(int n, long iterations) {
    Thread[] ts = new Thread[n];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      ts[i] = new Thread(() -> sink = work(iterations));
      ts[i].start();
    }
    for (Thread t : ts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return System.nanoTime() - t0;
  }

  private static long work(long n) {
    long x = 1;
    for (long i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L; // an LCG step: no memory traffic
    }
    return x;
  }

  private static String cpuModel() {
    String fromLscpu = lscpuModelName();
    if (fromLscpu != null) {
      return fromLscpu;
    }
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static String lscpuModelName() {
    try {
      Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      for (String line : out.split("\n")) {
        if (line.startsWith("Model name:")) {
          return line.substring("Model name:".length()).trim();
        }
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /** The one-minute load average, or null where {@code /proc/loadavg} is missing. */
  static Double loadAverage() {
    List<String> l = lines(Path.of("/proc/loadavg"));
    return l.isEmpty() ? null : Double.valueOf(l.get(0).split("\\s+")[0]);
  }

  private static Long memTotal() {
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]) * 1024; // reported in kB
      }
    }
    return null;
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }
}
