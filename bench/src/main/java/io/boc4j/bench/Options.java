package io.boc4j.bench;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line, declared for picocli; {@code --help} prints it. Unset options are null and
 * resolve to the defaults, or to {@code --quick}'s, in {@link #settings()} and {@link
 * #dimensions(Workload)}.
 */
@Command(name = "boc4j-bench", sortOptions = false, usageHelpWidth = 100,
    synopsisHeading = "%nUsage: java -jar bench/target/boc4j-bench.jar ",
    customSynopsis = "[OPTIONS]",
    description = "SPEC section 8 workloads on boc4j and its peers. Every (implementation, "
        + "configuration) cell runs in fresh JVMs of its own, --forks of them, interleaved "
        + "across implementations; each fork warms up, then measures; records give the median, "
        + "min and max over forks x runs.",
    footer = {"",
        "Exit status: 0 when every cell completed and verified, 1 otherwise (the outputs are",
        "written either way), 64 for a bad command line."})
final class Options {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
  boolean help;

  @ArgGroup(validate = false, heading = "%nSelection (comma-separated lists; default: all)%n")
  Selection selection = new Selection();

  @ArgGroup(validate = false, heading = "%nMeasurement%n")
  Measurement measurement = new Measurement();

  @ArgGroup(validate = false, heading = "%nOutput%n")
  Output output = new Output();

  /** The cell a child JVM measures; set by the parent harness, hidden from --help. */
  @Option(names = "--child", hidden = true)
  String childCell;

  /** Where a child JVM reports its progress and result. */
  @Option(names = "--child-out", hidden = true)
  Path childOut;

  /** The options that choose cells. */
  static final class Selection {
    @Option(names = "--workload", split = ",", paramLabel = "LIST", hideParamSyntax = true,
        completionCandidates = WorkloadNames.class,
        description = "workloads: ${COMPLETION-CANDIDATES}")
    List<String> workloads;

    @Option(names = "--impl", split = ",", paramLabel = "LIST", hideParamSyntax = true,
        completionCandidates = ImplNames.class,
        description = "implementations: ${COMPLETION-CANDIDATES}")
    List<String> impls;

    @Option(names = "--workers", split = ",", paramLabel = "LIST", hideParamSyntax = true,
        description = "worker threads (default 1,2; quick 2; messaging and noticeboard: "
            + "producer/posting threads, default 1,4, quick 4; pinned: 2)")
    List<Integer> workers;

    @Option(names = "--work", split = ",", paramLabel = "LIST", hideParamSyntax = true,
        description = "busy work per operation in us (default 0,10; quick 0; messaging and "
            + "noticeboard: 0 only)")
    List<Integer> work;

    @Option(names = "--accounts", split = ",", paramLabel = "LIST", hideParamSyntax = true,
        description = "bank accounts (default 36,2,8,1024; quick 36; mono and metrics: 36; "
            + "readers: 8)")
    List<Integer> accounts;

    @Option(names = "--reads", split = ",", paramLabel = "LIST", hideParamSyntax = true,
        description = "readers: percent of operations that only read (default 90,99; quick 90)")
    List<Integer> reads;

    @Option(names = "--order", split = ",", paramLabel = "LIST", hideParamSyntax = true,
        description = "dining start order (default natural,optimal; quick natural)")
    List<String> orders;

    @Option(names = "--polluted",
        description = "also measure every boc4j cell in polluted mode: in its own JVMs, after "
            + "warming every implementation of the workload and a mix of "
            + LambdaMix.BODIES + " distinct behaviour body classes")
    boolean polluted;

    @Option(names = "--quick",
        description = "one small configuration per workload (W=2, U=0, A=36, natural; "
            + "messaging and noticeboard W=4), 1 fork, short runs: a smoke check")
    boolean quick;
  }

  /** The options that say how cells are measured. */
  static final class Measurement {
    @Option(names = "--forks", paramLabel = "N",
        description = "fresh JVMs per cell (default 3; quick 1); 0 measures every cell in this "
            + "JVM, for tests only: the numbers then depend on what ran before")
    Integer forks;

    @Option(names = "--runs", paramLabel = "N",
        description = "measured runs per fork (default 5; quick 3)")
    Integer runs;

    @Option(names = "--warmups", paramLabel = "N",
        description = "warm-up runs per fork, after a calibration run (default 6; quick 1)")
    Integer warmups;

    @Option(names = "--target-ms", paramLabel = "MS",
        description = "target duration of one run (default 500; quick 100)")
    Long targetMs;

    @Option(names = "--ops", paramLabel = "N",
        description = "fixed operations per run, no calibration (for tests)")
    Long ops;

    @Option(names = "--run-timeout", paramLabel = "S",
        description = "a run taking longer is abandoned and its fork reported as timeout "
            + "(default 20)")
    Long runTimeoutSeconds;

    @Option(names = "--jvm-args", paramLabel = "ARGS", split = "\\s+", hideParamSyntax = true,
        description = "extra options for every child JVM, space-separated in one argument "
            + "(e.g. \"-XX:+UseParallelGC -Xlog:gc\"); children run in a fixed heap, -Xms = "
            + "-Xmx = 2g; an -Xmx here sets both, an -Xms here is kept as given")
    List<String> jvmArgs;
  }

  /** The options that say what is written. */
  static final class Output {
    @Option(names = "--json", paramLabel = "FILE",
        description = "the JSON document (default target/boc4j-bench.json)")
    Path json = Path.of("target", "boc4j-bench.json");

    @Option(names = "--docs", paramLabel = "DIR",
        description = "also write DIR/benchmarks.md and DIR/img/*.png")
    Path docs;

    @Option(names = "--report-from", paramLabel = "FILE",
        description = "only regenerate --docs from an existing JSON document")
    Path reportFrom;

    @Option(names = "--list",
        description = "print the plan (cells, launches in order, computed duration) and exit")
    boolean list;
  }

  /** The command line as given, for the JSON document. */
  List<String> raw = List.of();

  /**
   * Parses a command line.
   *
   * @param args the arguments
   * @return the options, validated
   * @throws IllegalArgumentException for a bad command line, saying what is wrong
   */
  static Options parse(String... args) {
    Options o = new Options();
    CommandLine cl = new CommandLine(o).setOverwrittenOptionsAllowed(true); // the last one wins
    try {
      cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage() + " (see --help)");
    }
    o.raw = List.of(args);
    o.validate();
    return o;
  }

  /** @return the help text */
  static String usage() {
    return new CommandLine(new Options()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private void validate() {
    if (selection.workloads != null) {
      selection.workloads.forEach(Workloads::byName);
    }
    Measurement m = measurement;
    atLeast("--forks", m.forks, 0);
    atLeast("--runs", m.runs, 1);
    atLeast("--warmups", m.warmups, 0);
    atLeast("--target-ms", m.targetMs, 1);
    atLeast("--ops", m.ops, 1);
    atLeast("--run-timeout", m.runTimeoutSeconds, 1);
  }

  private static void atLeast(String option, Number value, long min) {
    if (value != null && value.longValue() < min) {
      throw new IllegalArgumentException(
          option + " must be at least " + min + ", got " + value + " (see --help)");
    }
  }

  /** The dimension values for one workload: the command line's, else the workload's defaults. */
  Workload.Dimensions dimensions(Workload w) {
    Selection s = selection;
    boolean quick = s.quick;
    return new Workload.Dimensions(
        or(s.workers, or(w.defaultWorkers(quick), quick ? List.of(2) : List.of(1, 2))),
        or(s.work, or(w.defaultWorkUs(quick), quick ? List.of(0) : List.of(0, 10))),
        or(s.accounts,
            or(w.defaultAccounts(quick), quick ? List.of(36) : List.of(36, 2, 8, 1024))),
        or(s.orders, quick ? List.of("natural") : List.of("natural", "optimal")),
        or(s.reads, quick ? List.of(90) : List.of(90, 99)));
  }

  Settings settings() {
    Measurement m = measurement;
    boolean quick = selection.quick;
    return new Settings(
        or(m.forks, quick ? 1 : 3),
        or(m.runs, quick ? 3 : 5),
        or(m.warmups, quick ? 1 : 6),
        or(m.targetMs, quick ? 100L : 500L),
        or(m.runTimeoutSeconds, 20L) * 1000,
        or(m.ops, 0L));
  }

  /** @return the extra child JVM options, empty if none were given */
  List<String> jvmArgs() {
    return or(measurement.jvmArgs, List.of());
  }

  private static <T> T or(T v, T dflt) {
    return v != null ? v : dflt;
  }

  /** The workload names, for --help. */
  static final class WorkloadNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Workloads.all().stream().map(Workload::name).iterator();
    }
  }

  /** Every implementation name of every workload, for --help. */
  static final class ImplNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Workloads.all().stream().flatMap(w -> w.impls().stream()).distinct().iterator();
    }
  }
}
