package io.boc4j.samples.primes;

import io.boc4j.Boc;
import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prime factorisation with Pollard's rho in parallel behaviours. Each composite is split by a race
 * of several rho walks with different polynomials; every walk runs in slices, one behaviour each,
 * and reschedules itself until it finds a divisor. The first divisor goes on the noticeboard; the
 * other walks read the board at the start of each slice and stop rescheduling once it holds one.
 * The divisor is read from the final board that {@link Boc#waitAll} returns.
 *
 * <p>The program prints, for each race, the divisor found and how early the race ended (slices run
 * against the budget, walks stopped by the board), then the factorisation and a check that the
 * factors multiply back to the number.
 */
@Command(name = "primes", sortOptions = false, sortSynopsis = false,
    description = "Prime factorisation with Pollard's rho walks racing in parallel behaviours.")
public final class PrimeFactors implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Parameters(paramLabel = "N", arity = "0..1",
      description = "The number to factorise (default: ${DEFAULT-VALUE} = 998244353 x 1000000007).")
  BigInteger n = new BigInteger("998244359987710471");

  @Option(names = "--walks", paramLabel = "W",
      description = "Rho walks racing per composite (default: ${DEFAULT-VALUE}).")
  int walks = 8;

  @Option(names = "--slice", paramLabel = "STEPS",
      description = "Rho steps per behaviour (default: ${DEFAULT-VALUE}).")
  int sliceSteps = 256;

  @Option(names = "--max-slices", paramLabel = "S",
      description = "Slices a walk runs before it gives up (default: ${DEFAULT-VALUE}).")
  int maxSlices = 20_000;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "Workers (default: the processors, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  /** Created by picocli, or by {@link #main}. */
  public PrimeFactors() {}

  /**
   * Runs the sample; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new PrimeFactors(), args);
  }

  /**
   * Factorises N and prints each race and the result.
   *
   * @return 0 if the factors multiply back to N, 1 otherwise
   * @throws Exception if a race does not finish, or every walk of one gives up
   */
  @Override
  public Integer call() throws Exception {
    Check.atLeast(spec, "N", n.signum(), 1);
    Check.atLeast(spec, "--walks", walks, 1);
    Check.atLeast(spec, "--slice", sliceSteps, 1);
    Check.atLeast(spec, "--max-slices", maxSlices, 1);
    Check.atLeast(spec, "--workers", workers, 1);
    PrintWriter out = spec.commandLine().getOut();
    RhoRace race = new RhoRace(walks, sliceSteps, maxSlices);
    Factoriser.Factorisation f;
    long start = System.nanoTime();
    try (Boc boc = Boc.builder().workers(workers).build()) {
      f = new Factoriser(race, Duration.ofMinutes(10)).factorise(boc, n);
    }
    long nanos = System.nanoTime() - start;
    for (Factoriser.Race r : f.races()) {
      RhoRace.Outcome o = r.outcome();
      out.printf("split %s: found %s; slices run %,d of a budget of %,d (%d walks x %,d slices of"
          + " %d steps); %d walk%s found it, %d stopped early on seeing the board%n",
          r.composite(), o.divisor(), o.slices(), race.budget(), walks, maxSlices, sliceSteps,
          o.finders(), o.finders() == 1 ? "" : "s", o.stopped());
    }
    boolean ok = f.product().equals(n);
    out.printf("%s = %s%n", n, powers(f));
    out.printf("%d race%s on %d worker%s in %,.1f ms; the factors multiply back to %s: %s%n",
        f.races().size(), f.races().size() == 1 ? "" : "s", workers, workers == 1 ? "" : "s",
        nanos / 1e6, n, ok ? "yes" : "NO");
    return ok ? 0 : 1;
  }

  /** The factors as a product of prime powers, e.g. {@code 2^3 x 7}. */
  private static String powers(Factoriser.Factorisation f) {
    if (f.primes().isEmpty()) {
      return "1 (no prime factors)";
    }
    Map<BigInteger, Long> exponents = f.primes().stream()
        .collect(Collectors.groupingBy(p -> p, TreeMap::new, Collectors.counting()));
    return exponents.entrySet().stream()
        .map(e -> e.getValue() == 1 ? e.getKey().toString() : e.getKey() + "^" + e.getValue())
        .collect(Collectors.joining(" x "));
  }
}
