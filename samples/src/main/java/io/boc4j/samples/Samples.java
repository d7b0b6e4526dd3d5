package io.boc4j.samples;

import io.boc4j.samples.bank.BankTransfers;
import io.boc4j.samples.boids.Boids;
import io.boc4j.samples.calculator.Calculator;
import io.boc4j.samples.cooking.Cooking;
import io.boc4j.samples.dining.DiningPhilosophers;
import io.boc4j.samples.fibonacci.Fibonacci;
import io.boc4j.samples.primes.PrimeFactors;
import io.boc4j.samples.service.BankService;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs any sample by name: {@code Samples dining --hunger 500}; {@code Samples --help} lists them,
 * and {@code Samples <sample> --help} shows a sample's options. Each sample also has a {@code main}
 * of its own.
 */
@Command(name = "samples", synopsisSubcommandLabel = "SAMPLE", commandListHeading = "%nSamples:%n",
    description = "Runs one of the boc4j samples; add --help after its name for its options.",
    subcommands = {BankTransfers.class, DiningPhilosophers.class, Fibonacci.class,
        PrimeFactors.class, Calculator.class, Cooking.class, Boids.class, BankService.class})
public final class Samples implements Runnable {

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  /** Created by picocli, or by {@link #main}. */
  public Samples() {}

  /**
   * Runs the sample named by the first argument.
   *
   * @param args the sample's name, then its options
   */
  public static void main(String[] args) {
    Launch.main(new Samples(), args);
  }

  /**
   * Called when no sample was named.
   *
   * @throws ParameterException always, which prints the list of samples
   */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "choose a sample: " + String.join(", ", spec.subcommands().keySet()));
  }
}
