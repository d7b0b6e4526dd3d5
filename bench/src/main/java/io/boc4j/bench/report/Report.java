package io.boc4j.bench.report;

import io.boc4j.bench.Result;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code benchmarks.md} and {@code img/*.png} from a suite's JSON document. Everything in the
 * Markdown is generated except the hand-written analysis between the {@code notes:begin} and {@code
 * notes:end} markers, which is carried over from the existing file.
 */
public final class Report {

  static final String NOTES_BEGIN = "<!-- notes:begin (hand-written; kept when regenerated) -->";
  static final String NOTES_END = "<!-- notes:end -->";

  /** The one command that regenerates the checked-in results. */
  public static final String COMMAND = "mvn -B -q -pl bench -am package -DskipTests && "
      + "java -jar bench/target/boc4j-bench.jar --json docs/benchmarks.json --docs docs";

  private static final Map<String, Color> COLORS = Map.of(
      "boc4j", new Color(31, 119, 180),
      "locks", new Color(255, 127, 14),
      "synchronized", new Color(44, 160, 44),
      "pekko", new Color(148, 103, 189),
      "fjp", new Color(127, 127, 127),
      "lbq", new Color(214, 39, 40),
      "chm", new Color(140, 86, 75),
      "chain", new Color(31, 119, 180),
      "chain+pinned", new Color(23, 190, 207));

  /**
   * The implementation a workload's ratios are taken against, where it is not {@code boc4j}: the
   * pinned overlay compares boc4j with itself, with and without the overlay.
   */
  private static final Map<String, String> BASELINE = Map.of("pinned", "chain");

  /** Records whose runs saw more foreign CPU use than this share are marked as noisy. */
  static final double NOISY = 0.25;

  /** Medians closer than this (relative) count as a tie: runs on this machine spread more. */
  static final double TIE = 0.15;

  private Report() {}

  /**
   * Writes the report.
   *
   * @param doc the suite document (as written to --json)
   * @param dir the docs directory: {@code dir/benchmarks.md}, {@code dir/img/}
   * @param json where the document lives, for the report's reference to it
   * @throws IOException if a file cannot be written
   */
  @SuppressWarnings("unchecked")
  public static void write(Map<String, Object> doc, Path dir, Path json) throws IOException {
    List<Result> records = ((List<Object>) doc.get("records")).stream()
        .map(Result::fromJson).toList();
    Files.createDirectories(dir.resolve("img"));
    List<String> images = charts(records, dir.resolve("img"));
    Path md = dir.resolve("benchmarks.md");
    String notes = existingNotes(md);
    StringBuilder out = new StringBuilder();
    header(out, doc, dir, json);
    summary(out, records);
    losses(out, records, notes);
    out.append("## Charts\n\n");
    for (String img : images) {
      out.append("![").append(img).append("](img/").append(img).append(")\n\n");
    }
    allRecords(out, records);
    references(out);
    Files.writeString(md, out.toString(), StandardCharsets.UTF_8);
  }

  // --- sections -----------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static void header(StringBuilder out, Map<String, Object> doc, Path dir, Path json) {
    Map<String, Object> m = (Map<String, Object>) doc.get("machine");
    Map<String, Object> s = (Map<String, Object>) doc.get("settings");
    String jsonName = relative(dir, json);
    out.append("# boc4j benchmarks\n\n");
    out.append("Generated from [`").append(jsonName).append("`](").append(jsonName)
        .append(") (").append(doc.get("generatedAt")).append(", suite took ")
        .append(doc.get("suiteSeconds")).append(" s). Regenerate everything on this page with:\n\n")
        .append("```sh\n").append(COMMAND).append("\n```\n\n")
        .append("Only the text between the notes markers below is hand-written; the rest is "
            + "overwritten. `--report-from docs/benchmarks.json --docs docs` redraws the page "
            + "without running anything. Harness details: `bench/README.md`.\n\n");
    out.append("## Machine\n\n| | |\n|---|---|\n");
    out.append("| `nproc` | ").append(m.get("nproc")).append(" |\n");
    out.append("| `lscpu` model name | ").append(m.get("cpuModel")).append(" |\n");
    Object mem = m.get("memTotalBytes");
    out.append("| memory | ").append(mem instanceof Number n
        ? String.format(Locale.ROOT, "%.1f GiB", n.doubleValue() / (1L << 30)) : "unknown")
        .append(" |\n");
    out.append("| `java -version` | ").append(m.get("javaVersion")).append(" |\n");
    out.append("| OS | ").append(m.get("os")).append(" |\n");
    out.append("| 2-thread speedup of pure arithmetic, suite start / end | ")
        .append(m.get("parallelSpeedupAtStart")).append(" / ").append(m.get("parallelSpeedupAtEnd"))
        .append(" (2.0 = two free cores) |\n");
    out.append("| load average, suite start / end | ").append(m.get("loadAverageAtStart"))
        .append(" / ").append(m.get("loadAverageAtEnd")).append(" |\n\n");
    out.append("## Method\n\n");
    out.append(String.format(Locale.ROOT, """
        Each workload runs in its own child JVM (bank: `-Xmx2g`; others: the JVM's default heap), \
        and every implementation and configuration of that workload runs in that same JVM. Per cell: one small calibration run, %s warm-up runs each sized from the \
        previous rate to take about %d ms, then %s measured runs of identical size. Throughput is \
        operations / wall time from the first scheduling call to the last operation's completion; \
        threads, runtimes and actor systems are started before and stopped after the timed region. \
        Measured runs go round-robin over the implementations (run 1 of each, then run 2 of each, \
        ...). The tables give the median of the measured runs and their spread ((max − min) / \
        median).

        - **Allocation** per operation: the sum, over every live thread, of the change in \
        `com.sun.management.ThreadMXBean#getThreadAllocatedBytes` across a run, divided by the \
        operations. Java 17 has no JVM-wide counter (`getTotalThreadAllocatedBytes` is JDK 21+), so \
        the harness keeps every implementation's threads alive across the timed region and flags \
        a record `allocComplete: false` if a thread that was alive at the start disappeared.
        - **GC share**: change of `GarbageCollectorMXBean#getCollectionTime` summed over collectors \
        (G1 pauses), divided by wall time, over the measured runs.
        - **Peak heap**: every heap pool's peak is reset before a run and the pools' peaks summed \
        after it (an upper bound); the largest over the measured runs. `peakOldGenBytes` in the \
        JSON is the old generation alone.
        - **Other load**: the machine is shared, so each record carries `foreignCpuShare`, the CPU \
        time used by other processes (and stolen by the hypervisor) during its measured runs as a \
        share of the runs' capacity (wall time × CPUs), from `/proc/stat`. Cells above %d%% are \
        marked ⚠ below: their absolute numbers are depressed, although the interleaving of \
        measured runs across implementations keeps the ratios fairer.
        - A run that does not finish within %d s is abandoned and its cell reported as `timeout`; \
        a child JVM that dies (for instance out of memory) or goes silent is replaced and its cell \
        reported as `crashed` or `stalled`.

        """, s.get("warmups"), ((Number) s.get("targetMillis")).longValue(), s.get("runs"),
        Math.round(100 * NOISY), ((Number) s.get("runTimeoutMillis")).longValue() / 1000));
    out.append("""
        Workloads (one operation in brackets; definitions in `bench/src/main/java/io/boc4j/bench`):

        - **bank** [transaction], verona-rt's shape: A accounts (balance 100, overdraft 100), one \
        log, W tellers; a teller's job picks two distinct random accounts, schedules the transfer \
        (U µs of busy work, move 100 if funded, then an empty behaviour on the log) and \
        reschedules itself: 3 behaviours per transaction on boc4j. Peers: `locks` (a \
        `ReentrantLock` per account, both taken in index order, the log lock inside them, W \
        platform threads), `synchronized` (the same with monitors), `pekko` (typed actors: debit, \
        then credit, then log — **not atomic**: the money is in flight between the two messages; \
        the total is conserved once all messages are processed).
        - **dining** [meal], verona-rt's shape: 50 philosophers, hunger H, U µs of pondering per \
        meal, started in `natural` order or `optimal` order (evens first). Peer: `locks`, W \
        threads sharing the philosophers round-robin, forks locked in index order.
        - **chain** [step], bocpy's chain ring: 8 rings of 128 cowns, 8 chains per ring; each \
        step acquires the chain's state and a window of 2 adjacent ring cowns, works U µs and \
        reschedules itself one slot on. Peer: `fjp`, raw `ForkJoinPool` tasks forking the next \
        step, with no exclusion at all (the scheduling floor).
        - **fanout** [fanned-out task], bocpy's fan-out plus a fan-in: per round the producer \
        schedules 256 `when`s over fresh cowns and one behaviour joining their result cowns, \
        which starts the next round. Peer: `fjp`, a `CountedCompleter` per round.
        - **messaging** [message], `Mailbox` send → receive between plain threads: W producers         each send N messages on one tag of a fresh mailbox and W receivers each take N (W = 1         and 4: 2W threads), preallocated `Integer` payloads, every message checked to arrive         exactly once and in its sender's order. Peer: `lbq`, an unbounded `LinkedBlockingQueue`         with `put`/`take` on the same threads.
        - **noticeboard** [update], committed `update(key, v -> (Integer) v + 1, 0)` from W plain         posting threads (W = 1 and 4) over 8 keys, on a runtime with 2 workers; each thread then         `sync()`s and the run ends after `quiesce`; every key's final count is checked. Peer:         `chm`, `ConcurrentHashMap.merge(key, 1, Integer::sum)` from the same threads.
        - **pinned** [worker behaviour], SPEC §8's pinned overlay: the chain ring above on W = 2         workers while the measuring thread, bound as the main thread, busy-waits in 100 µs         periods until the ring is done; `chain+pinned` also calls `pump(null, 1, false)` each         period, running one self-rescheduling pinned behaviour, `chain` does not. Only chain         steps count. `×` is chain+pinned ÷ chain: the overlay's cost to the workers.

        """);
  }

  private static void summary(StringBuilder out, List<Result> records) {
    out.append("## Summary: boc4j against its peers\n\n")
        .append("Median throughput ± half the spread; `×` is the peer's median divided by "
            + "boc4j's (above 1: the peer is faster; for `pinned`, chain+pinned ÷ chain, the "
            + "overlay's cost); ⚠: other processes used more than "
            + Math.round(100 * NOISY) + "% of the machine during these runs.\n\n");
    for (String workload : distinct(records, Result::workload)) {
      List<Result> rs = records.stream().filter(r -> r.workload().equals(workload)).toList();
      List<String> impls = distinct(rs, Result::impl);
      String base = BASELINE.getOrDefault(workload, "boc4j");
      List<String> peers = impls.stream().filter(i -> !i.equals(base)).toList();
      out.append("### ").append(workload).append(" (").append(rs.get(0).unit()).append(")\n\n");
      out.append("| configuration | ").append(base).append(" |");
      peers.forEach(p -> out.append(' ').append(p).append(" | ×").append(" |"));
      out.append("\n|---|---:|");
      peers.forEach(p -> out.append("---:|---:|"));
      out.append('\n');
      for (String cfg : distinct(rs, Report::configLabel)) {
        Result boc = find(rs, base, cfg);
        out.append("| ").append(cfg).append(" | ").append(cellValue(boc)).append(" |");
        for (String p : peers) {
          Result r = find(rs, p, cfg);
          out.append(' ').append(cellValue(r)).append(" | ").append(ratio(r, boc)).append(" |");
        }
        out.append('\n');
      }
      out.append('\n');
    }
  }

  private static void losses(StringBuilder out, List<Result> records, String notes) {
    out.append("## Where boc4j loses, and why\n\n");
    List<String> lines = new ArrayList<>();
    int wins = 0;
    int ties = 0;
    int comparisons = 0;
    for (Result boc : records) {
      if (!boc.impl().equals("boc4j") || !boc.ok()) {
        continue;
      }
      for (Result peer : records) {
        if (peer.impl().equals("boc4j") || !peer.ok() || !peer.workload().equals(boc.workload())
            || !configLabel(peer).equals(configLabel(boc))) {
          continue;
        }
        comparisons++;
        double x = peer.median() / boc.median();
        if (x > 1 + TIE) {
          lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s %s | %.1f× |",
              boc.workload(), configLabel(boc), peer.impl(), human(peer.median()),
              "vs " + human(boc.median()), x));
        } else if (x < 1 / (1 + TIE)) {
          wins++;
        } else {
          ties++;
        }
      }
    }
    List<Result> failed = records.stream().filter(r -> !r.ok()).toList();
    out.append(String.format(Locale.ROOT,
        "Of %d same-configuration comparisons of medians, boc4j is faster than the peer by more "
            + "than %d%% in %d, within %d%% in %d, and slower by more than %d%% in %d. ",
        comparisons, Math.round(100 * TIE), wins, Math.round(100 * TIE), ties,
        Math.round(100 * TIE), comparisons - wins - ties));
    out.append(failed.isEmpty() ? "Every cell completed.\n\n"
        : failed.size() + " cell(s) did not complete (listed below).\n\n");
    if (!lines.isEmpty()) {
      out.append("<details><summary>Every comparison boc4j loses (peer faster by more than "
          + Math.round(100 * TIE) + "%), largest gap first</summary>\n\n");
      out.append("| workload | configuration | peer | peer vs boc4j | peer ÷ boc4j |\n"
          + "|---|---|---|---:|---:|\n");
      lines.sort((a, b) -> Double.compare(gap(b), gap(a)));
      lines.forEach(l -> out.append(l).append('\n'));
      out.append("\n</details>\n\n");
    }
    for (Result r : failed) {
      out.append("- **").append(r.status()).append("**: ").append(r.workload()).append(' ')
          .append(r.impl()).append(' ').append(configLabel(r)).append(" — ").append(r.error())
          .append('\n');
    }
    if (!failed.isEmpty()) {
      out.append('\n');
    }
    out.append(NOTES_BEGIN).append('\n').append(notes).append(NOTES_END).append("\n\n");
  }

  private static double gap(String line) {
    String[] cells = line.split("\\|");
    return Double.parseDouble(cells[cells.length - 1].trim().replace("×", ""));
  }

  private static void allRecords(StringBuilder out, List<Result> records) {
    out.append("## All records\n\n");
    out.append("| workload | impl | configuration | status | median | min | max | unit | spread "
        + "| alloc B/op | GC | peak heap | other load | runs |\n");
    out.append("|---|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : records) {
      double spread = (r.max() - r.min()) / r.median();
      out.append(String.format(Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
          r.workload(), r.impl(), configLabel(r), r.status(), human(r.median()), human(r.min()),
          human(r.max()), r.unit(), Double.isNaN(spread) ? "-"
              : String.format(Locale.ROOT, "%.0f%%", 100 * spread),
          Double.isNaN(r.allocBytesPerOp()) ? "-"
              : String.format(Locale.ROOT, "%.0f", r.allocBytesPerOp()),
          Double.isNaN(r.gcShare()) ? "-"
              : String.format(Locale.ROOT, "%.1f%%", 100 * r.gcShare()),
          Double.isNaN(r.peakHeapBytes()) ? "-"
              : String.format(Locale.ROOT, "%.0f MiB", r.peakHeapBytes() / (1 << 20)),
          Double.isNaN(foreign(r)) ? "-"
              : String.format(Locale.ROOT, "%.0f%%%s", 100 * foreign(r), noisy(r) ? " ⚠" : ""),
          r.runs()));
    }
    out.append('\n');
  }

  private static void references(StringBuilder out) {
    out.append("""
        ## External reference points (not measured here)

        From `SPEC.md` section 8, measured elsewhere on a 2-core machine of the kind we build on, \
        with verona-rt (C++): the bank shape at 1.6–1.9 M transactions/s with no work per \
        transfer (its pthread-mutex version 7–10 M), and dining philosophers at about 6 M \
        behaviours/s. They are a scale for the numbers above, not a same-run comparison.
        """);
  }

  // --- charts -------------------------------------------------------------------------------------

  private static List<String> charts(List<Result> records, Path img) throws IOException {
    List<String> files = new ArrayList<>();
    for (String workload : distinct(records, Result::workload)) {
      List<Result> rs = records.stream().filter(r -> r.workload().equals(workload) && r.ok()
          && (r.accounts() == null || r.accounts() == 36)).toList();
      if (rs.isEmpty()) {
        continue;
      }
      List<Chart.Panel> panels = new ArrayList<>();
      for (Integer u : distinct(rs, Result::workUs)) {
        List<Result> ru = rs.stream().filter(r -> r.workUs() == u).toList();
        List<Integer> workers = distinct(ru, Result::workers);
        List<String> cats = workers.stream().map(w -> "W=" + w).toList();
        List<Chart.Series> series = new ArrayList<>();
        for (String name : distinct(ru, Report::seriesName)) {
          double[][] v = new double[3][workers.size()];
          for (int i = 0; i < workers.size(); i++) {
            int w = workers.get(i);
            Result r = ru.stream().filter(x -> seriesName(x).equals(name) && x.workers() == w)
                .findFirst().orElse(null);
            v[0][i] = r == null ? Double.NaN : r.median();
            v[1][i] = r == null ? Double.NaN : r.min();
            v[2][i] = r == null ? Double.NaN : r.max();
          }
          series.add(new Chart.Series(name, color(name), name.contains("optimal"), v[0], v[1],
              v[2]));
        }
        panels.add(new Chart.Panel("U = " + u + " µs per operation", cats, series));
      }
      String file = workload + "-workers.png";
      String extra = workload.equals("bank") ? ", 36 accounts" : "";
      Chart.render(img.resolve(file), workload + ": throughput vs workers" + extra, "workers",
          rs.get(0).unit(), true, panels);
      files.add(file);
    }
    List<Result> bank = records.stream()
        .filter(r -> r.workload().equals("bank") && r.ok() && r.accounts() != null).toList();
    List<Integer> accounts = distinct(bank, Result::accounts).stream().sorted().toList();
    if (accounts.size() > 1) {
      List<Chart.Panel> panels = new ArrayList<>();
      for (Integer u : distinct(bank, Result::workUs)) {
        List<Result> ru = bank.stream().filter(r -> r.workUs() == u).toList();
        List<Chart.Series> series = new ArrayList<>();
        for (String impl : distinct(ru, Result::impl)) {
          for (Integer w : distinct(ru, Result::workers)) {
            double[][] v = new double[3][accounts.size()];
            for (int i = 0; i < accounts.size(); i++) {
              int a = accounts.get(i);
              Result r = ru.stream().filter(x -> x.impl().equals(impl) && x.workers() == w
                  && x.accounts() == a).findFirst().orElse(null);
              v[0][i] = r == null ? Double.NaN : r.median();
              v[1][i] = r == null ? Double.NaN : r.min();
              v[2][i] = r == null ? Double.NaN : r.max();
            }
            series.add(new Chart.Series(impl + " W=" + w, color(impl), w == 1, v[0], v[1], v[2]));
          }
        }
        panels.add(new Chart.Panel("U = " + u + " µs per transfer",
            accounts.stream().map(String::valueOf).toList(), series));
      }
      String file = "bank-contention.png";
      Chart.render(img.resolve(file), "bank: throughput vs contention (fewer accounts = more)",
          "accounts (W=1 dashed, W=2 solid)", "tx/s", false, panels);
      files.add(file);
    }
    return files;
  }

  private static String seriesName(Result r) {
    return r.variant() == null ? r.impl() : r.impl() + " " + r.variant();
  }

  private static Color color(String series) {
    String impl = series.split(" ")[0];
    Color c = COLORS.getOrDefault(impl, Color.BLACK);
    return series.contains("optimal") ? c.darker() : c;
  }

  // --- helpers ------------------------------------------------------------------------------------

  private static String existingNotes(Path md) throws IOException {
    if (Files.exists(md)) {
      String text = Files.readString(md, StandardCharsets.UTF_8);
      int b = text.indexOf(NOTES_BEGIN);
      int e = text.indexOf(NOTES_END);
      if (b >= 0 && e > b) {
        return text.substring(b + NOTES_BEGIN.length() + 1, e);
      }
    }
    return "_No hand-written analysis yet._\n";
  }

  private static String configLabel(Result r) {
    StringBuilder sb = new StringBuilder().append("W=").append(r.workers()).append(" U=")
        .append(r.workUs());
    if (r.accounts() != null) {
      sb.append(" A=").append(r.accounts());
    }
    if (r.variant() != null) {
      sb.append(' ').append(r.variant());
    }
    return sb.toString();
  }

  private static Result find(List<Result> rs, String impl, String cfg) {
    return rs.stream().filter(r -> r.impl().equals(impl) && configLabel(r).equals(cfg))
        .findFirst().orElse(null);
  }

  private static String cellValue(Result r) {
    if (r == null) {
      return "—";
    }
    if (!r.ok()) {
      return "**" + r.status() + "**";
    }
    double spread = (r.max() - r.min()) / r.median();
    return human(r.median()) + String.format(Locale.ROOT, " ±%.0f%%", 50 * spread)
        + (noisy(r) ? " ⚠" : "");
  }

  private static double foreign(Result r) {
    return r.get("foreignCpuShare") instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static boolean noisy(Result r) {
    return foreign(r) > NOISY;
  }

  private static String ratio(Result peer, Result boc) {
    if (peer == null || boc == null || !peer.ok() || !boc.ok()) {
      return "—";
    }
    double x = peer.median() / boc.median();
    return String.format(Locale.ROOT, x >= 10 ? "%.0f" : "%.2f", x);
  }

  private static <T> List<T> distinct(List<Result> rs, java.util.function.Function<Result, T> f) {
    Set<T> s = new LinkedHashSet<>();
    for (Result r : rs) {
      s.add(f.apply(r));
    }
    s.remove(null);
    return new ArrayList<>(s);
  }

  private static String relative(Path dir, Path file) {
    try {
      return dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize())
          .toString();
    } catch (IllegalArgumentException e) {
      return file.toString();
    }
  }

  static String human(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.0f k", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
