package io.boc4j.samples.fibonacci;

import io.boc4j.Boc;
import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import io.boc4j.samples.support.Results;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Fibonacci over result cowns: {@code fib(n)} is {@code when(fib(n - 1), fib(n - 2), (a, b) ->
 * a.get() + b.get())}, computed sequentially below a threshold. Each round computes fib(n) once on
 * one thread and once with behaviours; the program prints both times per round (the first round
 * pays for the JIT's warm-up), the best of each, and whether every round agreed.
 */
@Command(name = "fibonacci", sortOptions = false, sortSynopsis = false,
    description = "Fibonacci as a tree of behaviours joined through result cowns.")
public final class Fibonacci implements Callable<Integer> {

  /**
   * One round: fib(n) with behaviours and sequentially.
   *
   * @param value fib(n) from the behaviours
   * @param behaviours how many behaviours computed it
   * @param nanos how long scheduling and running them took, runtime start included
   * @param sequential fib(n) computed on one thread
   * @param sequentialNanos how long that took
   */
  record Round(long value, long behaviours, long nanos, long sequential, long sequentialNanos) {

    /** Whether the behaviours and the sequential code agree. */
    boolean agrees() {
      return value == sequential;
    }
  }

  /** The sequential code is doubly recursive: fib(45) already takes seconds. */
  static final int MAX_N = 45;

  /** More behaviours than this would take too long to schedule: raise the threshold instead. */
  static final long MAX_BEHAVIOURS = 1_000_000;

  private static final Duration WAIT = Duration.ofMinutes(5);

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-n"}, paramLabel = "N",
      description = "Which Fibonacci number, 0.." + MAX_N + " (default: ${DEFAULT-VALUE}).")
  int n = 38;

  @Option(names = {"-t", "--threshold"}, paramLabel = "T",
      description = "Below this n one behaviour computes sequentially (default: ${DEFAULT-VALUE}).")
  int threshold = 28;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "Workers (default: the processors, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = {"-r", "--rounds"}, paramLabel = "R",
      description = "Rounds to run and time (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  /** Created by picocli, or by {@link #main}. */
  public Fibonacci() {}

  /**
   * Runs the sample; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new Fibonacci(), args);
  }

  /**
   * Computes fib(n) with behaviours and sequentially, {@code --rounds} times, and prints the times.
   *
   * @return 0 if every round agreed, 1 otherwise
   * @throws Exception if the behaviours do not finish
   */
  @Override
  public Integer call() throws Exception {
    Check.between(spec, "-n", n, 0, MAX_N);
    Check.atLeast(spec, "--threshold", threshold, 2);
    Check.atLeast(spec, "--workers", workers, 1);
    Check.atLeast(spec, "--rounds", rounds, 1);
    long behaviours = BehaviourFibonacci.count(n, threshold);
    if (behaviours > MAX_BEHAVIOURS) {
      throw new ParameterException(spec.commandLine(), String.format("fib(%d) with --threshold %d"
          + " would schedule %,d behaviours, more than %,d; raise --threshold", n, threshold,
          behaviours, MAX_BEHAVIOURS));
    }
    PrintWriter out = spec.commandLine().getOut();
    long best = Long.MAX_VALUE;
    long bestSequential = Long.MAX_VALUE;
    boolean agree = true;
    for (int i = 1; i <= rounds; i++) {
      Round r = round(n, threshold, workers);
      if (i == 1) {
        out.printf("fib(%d) = %,d from %,d behaviours (sequential below %d), %d worker%s%n",
            n, r.value(), r.behaviours(), threshold, workers, workers == 1 ? "" : "s");
      }
      out.printf("round %d: behaviours %,.1f ms, sequential %,.1f ms%s%n", i, r.nanos() / 1e6,
          r.sequentialNanos() / 1e6, r.agrees() ? "" : ": DIFFERENT, sequential gives "
              + r.sequential());
      best = Math.min(best, r.nanos());
      bestSequential = Math.min(bestSequential, r.sequentialNanos());
      agree &= r.agrees();
    }
    out.printf("best:    behaviours %,.1f ms, sequential %,.1f ms (speed-up %.2fx)%n", best / 1e6,
        bestSequential / 1e6, (double) bestSequential / best);
    out.println(agree ? "equal to the sequential result in every round" : "NOT EQUAL");
    return agree ? 0 : 1;
  }

  /** One round: fib(n) sequentially, then with behaviours on a fresh runtime. */
  static Round round(int n, int threshold, int workers) throws Exception {
    long sequentialStart = System.nanoTime();
    long sequential = SequentialFibonacci.of(n);
    long sequentialNanos = System.nanoTime() - sequentialStart;
    long start = System.nanoTime();
    try (Boc boc = Boc.builder().workers(workers).build()) {
      BehaviourFibonacci fib = new BehaviourFibonacci(boc, threshold);
      long value = Results.await(fib.fib(n), WAIT);
      long nanos = System.nanoTime() - start;
      return new Round(value, fib.behaviours(), nanos, sequential, sequentialNanos);
    }
  }
}
