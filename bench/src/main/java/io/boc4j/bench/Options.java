package io.boc4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The command line, parsed. Unset options are null and resolve to the defaults (or --quick's). */
final class Options {

  static final String USAGE = """
      boc4j benchmark harness: SPEC section 8 workloads on boc4j and its peers, in one JVM run each.

      usage: java -jar bench/target/boc4j-bench.jar [options]

      selection (comma-separated lists; default: everything)
        --workload LIST     %s
        --impl LIST         boc4j,locks,synchronized,pekko,fjp,lbq,chm,chain,chain+pinned
        --workers LIST      worker threads                 (default 1,2; messaging and
                            noticeboard: producer/posting threads, default 1,4; pinned: 2)
        --work LIST         busy work per operation, us    (default 0,10; messaging and
                            noticeboard: 0 only)
        --accounts LIST     bank accounts                  (default 36,2,8,1024)
        --order LIST        dining start order             (default natural,optimal)
        --quick             one configuration per workload (W=2, U=0, A=36, natural; messaging
                            and noticeboard W=4), short runs:
                            a smoke check that finishes in well under a minute

      measurement
        --runs N            measured runs per cell         (default 7; quick 3)
        --warmups N         warm-up runs per cell          (default 2; quick 1)
        --target-ms N       target duration of one run     (default 500; quick 100)
        --ops N             fixed operations per run; no calibration (for tests)
        --run-timeout S     a run taking longer is abandoned and reported as timeout (default 20)
        --fork MODE         workload: one child JVM per workload, all its implementations
                            interleaved in it (default); none: everything in this JVM
        --jvm-args "ARGS"   extra options for the child JVMs (e.g. JFR)

      output
        --json FILE         the JSON records               (default target/boc4j-bench.json)
        --docs DIR          also write DIR/benchmarks.md and DIR/img/*.png
        --report-from FILE  only regenerate --docs from an existing JSON file, run nothing
        --list              print the selected cells and exit

      Exit status: 0 when every cell completed and verified, 1 otherwise (the outputs are written
      either way), 64 for a bad command line.
      """.formatted(Workloads.names());

  List<String> workloads;
  List<String> impls;
  List<Integer> workers;
  List<Integer> work;
  List<Integer> accounts;
  List<String> orders;
  boolean quick;
  Integer runs;
  Integer warmups;
  Long targetMs;
  Long ops;
  Long runTimeoutSeconds;
  String fork = "workload";
  List<String> jvmArgs = List.of();
  Path json = Path.of("target", "boc4j-bench.json");
  Path docs;
  Path reportFrom;
  boolean list;
  boolean help;
  Path childCells;
  Path childOut;
  final List<String> raw;

  private Options(List<String> raw) {
    this.raw = raw;
  }

  static Options parse(String... args) {
    Options o = new Options(List.of(args));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> o.quick = true;
        case "--list" -> o.list = true;
        case "--help", "-h" -> o.help = true;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option " + a + " needs a value (see --help)");
          }
          String v = args[++i];
          switch (a) {
            case "--workload" -> o.workloads = strings(v);
            case "--impl" -> o.impls = strings(v);
            case "--workers" -> o.workers = ints(v, a);
            case "--work" -> o.work = ints(v, a);
            case "--accounts" -> o.accounts = ints(v, a);
            case "--order" -> o.orders = strings(v);
            case "--runs" -> o.runs = positive(v, a).intValue();
            case "--warmups" -> o.warmups = (int) number(v, a);
            case "--target-ms" -> o.targetMs = positive(v, a);
            case "--ops" -> o.ops = positive(v, a);
            case "--run-timeout" -> o.runTimeoutSeconds = positive(v, a);
            case "--fork" -> o.fork = oneOf(v, a, "workload", "none");
            case "--jvm-args" -> o.jvmArgs = Arrays.stream(v.trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
            case "--json" -> o.json = Path.of(v);
            case "--docs" -> o.docs = Path.of(v);
            case "--report-from" -> o.reportFrom = Path.of(v);
            case "--child" -> o.childCells = Path.of(v);
            case "--child-out" -> o.childOut = Path.of(v);
            default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
          }
        }
      }
    }
    if (o.workloads != null) {
      o.workloads.forEach(Workloads::byName);
    }
    return o;
  }

  /** The dimension values for one workload: the command line's, else the workload's defaults. */
  Workload.Dimensions dimensions(Workload w) {
    return new Workload.Dimensions(
        or(workers, or(w.defaultWorkers(quick), quick ? List.of(2) : List.of(1, 2))),
        or(work, or(w.defaultWorkUs(quick), quick ? List.of(0) : List.of(0, 10))),
        or(accounts, quick ? List.of(36) : List.of(36, 2, 8, 1024)),
        or(orders, quick ? List.of("natural") : List.of("natural", "optimal")));
  }

  CellRunner.Settings settings() {
    return new CellRunner.Settings(
        or(runs, quick ? 3 : 7),
        or(warmups, quick ? 1 : 2),
        or(targetMs, quick ? 100L : 500L),
        or(runTimeoutSeconds, 20L) * 1000,
        or(ops, 0L));
  }

  /** The measurement options, resolved, as arguments for a child JVM. */
  List<String> settingsArgs() {
    CellRunner.Settings s = settings();
    List<String> a = new ArrayList<>(List.of("--runs", "" + s.runs(), "--warmups", "" + s.warmups(),
        "--target-ms", "" + s.targetMillis(), "--run-timeout", "" + s.runTimeoutMillis() / 1000));
    if (s.fixedOps() > 0) {
      a.addAll(List.of("--ops", "" + s.fixedOps()));
    }
    return a;
  }

  private static <T> T or(T v, T dflt) {
    return v != null ? v : dflt;
  }

  private static List<String> strings(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static List<Integer> ints(String v, String opt) {
    return strings(v).stream().map(parser(opt, Integer::valueOf)).toList();
  }

  private static long number(String v, String opt) {
    return parser(opt, Long::valueOf).apply(v);
  }

  private static Long positive(String v, String opt) {
    long n = number(v, opt);
    if (n <= 0) {
      throw new IllegalArgumentException(opt + " must be positive, got " + v);
    }
    return n;
  }

  private static <T> Function<String, T> parser(String opt, Function<String, T> f) {
    return s -> {
      try {
        return f.apply(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(opt + " expects a number, got '" + s + "'");
      }
    };
  }

  private static String oneOf(String v, String opt, String... allowed) {
    if (!Arrays.asList(allowed).contains(v)) {
      throw new IllegalArgumentException(opt + " must be one of " + Arrays.toString(allowed));
    }
    return v;
  }
}
