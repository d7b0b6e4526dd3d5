package io.boc4j.bench.report;

import io.boc4j.bench.Mode;
import io.boc4j.bench.Result;
import io.boc4j.bench.Workload;
import io.boc4j.bench.Workloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code benchmarks.md} and {@code img/*.png} from a suite's JSON document. Everything in the
 * Markdown is generated except the hand-written analysis between the {@code notes:begin} and {@code
 * notes:end} markers, which is carried over from the existing file.
 *
 * <p>The page claims a difference only where the two records' min–max ranges do not overlap; where
 * they do, it says "within noise" (see {@link Comparison}). Ratios are drawn as dot plots centred on
 * 1 ({@link Figures}).
 */
public final class Report {

  static final String NOTES_BEGIN = "<!-- notes:begin (hand-written; kept when regenerated) -->";
  static final String NOTES_END = "<!-- notes:end -->";

  /** The one command that regenerates the checked-in results. */
  public static final String COMMAND = "mvn -B -q -pl bench -am package -DskipTests && "
      + "java -jar bench/target/boc4j-bench.jar --polluted --json docs/benchmarks.json "
      + "--docs docs";

  /** Records whose runs saw more foreign CPU use than this share are marked as noisy. */
  static final double NOISY = 0.25;

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
    List<Comparison> comparisons = Comparison.of(records);
    Path img = dir.resolve("img");
    Files.createDirectories(img);
    Path md = dir.resolve("benchmarks.md");
    String notes = existingNotes(md);
    StringBuilder out = new StringBuilder();
    header(out, doc, dir, json);
    machine(out, (Map<String, Object>) doc.get("machine"));
    Method.write(out, doc, NOISY);
    workloads(out, doc, records);
    summary(out, records, comparisons, img);
    verdicts(out, records, comparisons, notes);
    throughput(out, records, img);
    allRecords(out, records);
    references(out);
    Files.writeString(md, out.toString(), StandardCharsets.UTF_8);
  }

  // --- sections -----------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static void header(StringBuilder out, Map<String, Object> doc, Path dir, Path json) {
    String jsonName = relative(dir, json);
    Map<String, Object> plan = (Map<String, Object>) doc.get("plan");
    out.append("# boc4j benchmarks\n\n");
    out.append("Generated from [`").append(jsonName).append("`](").append(jsonName)
        .append(") (").append(doc.get("generatedAt")).append("; the suite took ")
        .append(seconds(doc.get("suiteSeconds")));
    if (plan != null) {
      out.append(", planned ").append(seconds(plan.get("estimatedSeconds"))).append(" for ")
          .append(plan.get("launches")).append(" launches");
    }
    out.append("). Regenerate everything on this page with:\n\n")
        .append("```sh\n").append(COMMAND).append("\n```\n\n")
        .append("Only the text between the notes markers below is hand-written; the rest is "
            + "overwritten. `--report-from docs/benchmarks.json --docs docs` redraws the page "
            + "without running anything. Harness details: `bench/README.md`.\n\n");
  }

  private static void machine(StringBuilder out, Map<String, Object> m) {
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
        .append(orDash(m.get("parallelSpeedupAtStart"))).append(" / ")
        .append(orDash(m.get("parallelSpeedupAtEnd"))).append(" (2.0 = two free cores) |\n");
    if (m.get("handOffNanosAtStart") != null || m.get("handOffNanosAtEnd") != null) {
      out.append("| one-way hand-off of a cache line between two threads, suite start / end | ")
          .append(orDash(m.get("handOffNanosAtStart"))).append(" / ")
          .append(orDash(m.get("handOffNanosAtEnd")))
          .append(" ns (what each cown both workers touch costs at W=2) |\n");
    }
    out.append("| load average, suite start / end | ").append(orDash(m.get("loadAverageAtStart")))
        .append(" / ").append(orDash(m.get("loadAverageAtEnd"))).append(" |\n\n");
  }

  @SuppressWarnings("unchecked")
  private static void workloads(StringBuilder out, Map<String, Object> doc, List<Result> records) {
    Map<String, String> described = new LinkedHashMap<>();
    Object listed = doc.get("workloads");
    if (listed instanceof List<?> l) {
      for (Object o : l) {
        Map<String, Object> w = (Map<String, Object>) o;
        described.put((String) w.get("name"), (String) w.get("description"));
      }
    }
    out.append("## Workloads\n\nOne operation's unit in brackets; the code is in "
        + "`bench/src/main/java/io/boc4j/bench`.\n\n");
    for (String name : distinct(records, Result::workload)) {
      String d = described.get(name);
      if (d == null) { // documents of schema 1 did not carry the descriptions
        d = Workloads.all().stream().filter(w -> w.name().equals(name))
            .map(Workload::description).findFirst().orElse("");
      }
      String unit = records.stream().filter(r -> r.workload().equals(name)).findFirst()
          .orElseThrow().unit();
      out.append("- **").append(name).append("** [").append(unit).append("]: ").append(d)
          .append('\n');
    }
    out.append('\n');
  }

  private static void summary(StringBuilder out, List<Result> records,
      List<Comparison> comparisons, Path img) throws IOException {
    out.append("## Summary: ratios, with the claims the ranges allow\n\n")
        .append("Every row compares two records of one workload and configuration. "
            + "Throughput is the median over forks × runs, with min – max in brackets; `×` is "
            + "the compared record's median ÷ the reference's (above 1: the compared one is "
            + "faster) and its range goes from min ÷ reference max to max ÷ reference min. The "
            + "verdict names the faster side only when the two min – max ranges do not overlap; "
            + "otherwise it says **within noise**. ⚠: other processes used more than ")
        .append(Math.round(100 * NOISY)).append("% of the machine during these runs. In the "
            + "figures, dots are the median ratios and whiskers their min – max ranges, on a "
            + "log scale centred on 1.\n\n");
    for (String workload : distinct(records, Result::workload)) {
      List<Result> rs = records.stream().filter(r -> r.workload().equals(workload)).toList();
      List<Comparison> cs = comparisons.stream()
          .filter(c -> c.other().workload().equals(workload)).toList();
      out.append("### ").append(workload).append(" (").append(rs.get(0).unit()).append(")\n\n");
      String figure = Figures.ratios(img, workload, cs);
      if (figure != null) {
        out.append("![").append(workload).append(" ratios](img/").append(figure).append(")\n\n");
      }
      out.append("| configuration | reference | its throughput | compared | its throughput | × | "
          + "range of × | verdict |\n|---|---|---:|---|---:|---:|---:|---|\n");
      for (Comparison c : cs) {
        out.append("| ").append(Format.config(c.other())).append(" | ")
            .append(Format.column(c.reference())).append(" | ").append(value(c.reference()))
            .append(" | ").append(Format.column(c.other())).append(" | ")
            .append(value(c.other())).append(" | ");
        if (c.measured()) {
          out.append(Format.ratio(c.ratio())).append(" | ").append(Format.ratio(c.low()))
              .append(" – ").append(Format.ratio(c.high()));
        } else {
          out.append("— | —");
        }
        out.append(" | ").append(c.verdict()).append(" |\n");
      }
      if (cs.isEmpty()) {
        out.append("| (nothing to compare: no reference or no peer selected) | | | | | | | |\n");
      }
      out.append('\n');
    }
  }

  private static void verdicts(StringBuilder out, List<Result> records,
      List<Comparison> comparisons, String notes) {
    out.append("## Where boc4j loses, and why\n\n");
    List<Comparison> peers = comparisons.stream().filter(Comparison::measured)
        .filter(c -> c.reference().impl().equals("boc4j") && c.other().mode() == Mode.CLEAN)
        .toList();
    long slower = peers.stream().filter(c -> !c.withinNoise() && c.ratio() > 1).count();
    long faster = peers.stream().filter(c -> !c.withinNoise() && c.ratio() < 1).count();
    long noise = peers.size() - slower - faster;
    out.append(String.format(Locale.ROOT, "Of %d same-configuration comparisons of boc4j "
        + "(clean) with a peer, boc4j is faster in %d and slower in %d with the min – max ranges "
        + "apart; in %d the ranges overlap (within noise). ", peers.size(), faster, slower,
        noise));
    List<Comparison> polluted = comparisons.stream().filter(Comparison::measured)
        .filter(c -> c.other().mode() == Mode.POLLUTED).toList();
    if (!polluted.isEmpty()) {
      long pSlower = polluted.stream().filter(c -> !c.withinNoise() && c.ratio() < 1).count();
      long pFaster = polluted.stream().filter(c -> !c.withinNoise() && c.ratio() > 1).count();
      out.append(String.format(Locale.ROOT, "Polluted against clean, %d comparisons: slower in "
          + "%d, faster in %d, within noise in %d; median polluted ÷ clean %s. ",
          polluted.size(), pSlower, pFaster, polluted.size() - pSlower - pFaster,
          Format.ratio(median(polluted.stream().map(Comparison::ratio).toList()))));
    }
    List<Result> failed = records.stream().filter(r -> !r.ok()).toList();
    out.append(failed.isEmpty() ? "Every cell completed.\n\n"
        : failed.size() + " cell(s) did not complete (listed below).\n\n");
    List<Comparison> losses = new ArrayList<>(peers.stream()
        .filter(c -> !c.withinNoise() && c.ratio() > 1).toList());
    if (!losses.isEmpty()) {
      losses.sort(Comparator.comparingDouble(Comparison::ratio).reversed());
      out.append("<details><summary>Every comparison boc4j loses with the ranges apart, "
          + "largest gap first</summary>\n\n");
      out.append("| workload | configuration | peer | peer vs boc4j | peer ÷ boc4j (range) |\n"
          + "|---|---|---|---:|---:|\n");
      for (Comparison c : losses) {
        out.append("| ").append(c.other().workload()).append(" | ")
            .append(Format.config(c.other())).append(" | ").append(c.other().impl())
            .append(" | ").append(Format.human(c.other().median())).append(" vs ")
            .append(Format.human(c.reference().median())).append(" | ")
            .append(Format.ratio(c.ratio())).append("× (").append(Format.ratio(c.low()))
            .append(" – ").append(Format.ratio(c.high())).append(") |\n");
      }
      out.append("\n</details>\n\n");
    }
    for (Result r : failed) {
      out.append("- **").append(r.status()).append("**: ").append(r.workload()).append(' ')
          .append(Format.column(r)).append(' ').append(Format.config(r)).append(" — ")
          .append(r.error()).append('\n');
    }
    if (!failed.isEmpty()) {
      out.append('\n');
    }
    out.append(NOTES_BEGIN).append('\n').append(notes).append(NOTES_END).append("\n\n");
  }

  private static void throughput(StringBuilder out, List<Result> records, Path img)
      throws IOException {
    out.append("## Throughput\n\n").append(Figures.THROUGHPUT_KEY).append("; log scale.\n\n");
    for (String workload : distinct(records, Result::workload)) {
      String file = Figures.throughput(img, workload,
          records.stream().filter(r -> r.workload().equals(workload)).toList());
      if (file != null) {
        out.append("![").append(workload).append(" throughput](img/").append(file)
            .append(")\n\n");
      }
    }
  }

  private static void allRecords(StringBuilder out, List<Result> records) {
    out.append("## All records\n\n");
    out.append("| workload | column | configuration | status | forks | runs | median | min | max "
        + "| fork medians | alloc B/op | GC | peak heap | other load |\n");
    out.append("|---|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (Result r : records) {
      Object fm = r.get("forkMedians");
      String forkMedians = fm instanceof List<?> l && !l.isEmpty()
          ? String.join(", ", l.stream().map(x -> Format.human(((Number) x).doubleValue()))
              .toList()) : "—";
      double foreign = foreign(r);
      out.append(String.format(Locale.ROOT,
          "| %s | %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.workload(), Format.column(r), Format.config(r), r.status(), r.forks(), r.runs(),
          Format.human(r.median()), Format.human(r.min()), Format.human(r.max()), forkMedians,
          Double.isNaN(r.allocBytesPerOp()) ? "—"
              : String.format(Locale.ROOT, "%.0f", r.allocBytesPerOp()),
          Double.isNaN(r.gcShare()) ? "—"
              : String.format(Locale.ROOT, "%.1f%%", 100 * r.gcShare()),
          Double.isNaN(r.peakHeapBytes()) ? "—"
              : String.format(Locale.ROOT, "%.0f MiB", r.peakHeapBytes() / (1 << 20)),
          Double.isNaN(foreign) ? "—"
              : String.format(Locale.ROOT, "%.0f%%%s", 100 * foreign, noisy(r) ? " ⚠" : "")));
    }
    out.append('\n');
  }

  private static void references(StringBuilder out) {
    out.append("""
        ## External reference points

        From `SPEC.md` section 8, measured elsewhere on a 2-core machine of the kind we build on, \
        with verona-rt (C++): the bank shape at 1.35–1.83 M transactions/s with no work per \
        transfer (its mutex version 3.2–8.7 M), and dining philosophers at about 8.5–8.9 M \
        meals/s. They are a scale for the numbers above, not a same-run comparison. For one, \
        `io.boc4j.bench.verona.SideBySide` runs verona-rt's own bank and dining programs, built \
        outside the project, interleaved with boc4j's cells in one session (see the notes).
        """);
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

  private static String value(Result r) {
    if (!r.ok()) {
      return "**" + r.status() + "**";
    }
    return Format.withRange(r) + (noisy(r) ? " ⚠" : "");
  }

  private static double foreign(Result r) {
    return r.get("foreignCpuShare") instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static boolean noisy(Result r) {
    return foreign(r) > NOISY;
  }

  private static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String seconds(Object s) {
    return s instanceof Number n ? String.format(Locale.ROOT, "%.1f min", n.doubleValue() / 60)
        : "?";
  }

  private static String orDash(Object o) {
    return o == null ? "—" : o.toString();
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
}
