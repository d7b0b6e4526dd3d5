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

  static Map<String, Object> describe() {
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
    return m;
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
