package io.boc4j.samples.bank;

import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Atomic bank transfers between random distinct accounts. Each transfer is one behaviour over the
 * two account cowns it touches and nothing else, so it updates both balances atomically with no
 * lock in sight, transfers over disjoint pairs run in parallel, and transfers sharing an account
 * run in the order they were scheduled. An audit, the one behaviour over every account, reads the
 * balances before and after.
 *
 * <p>The program runs the same transfers on one worker and on {@code --workers} workers and prints
 * the balances, the elapsed time and transfers per second of each run, and the most transfers that
 * ran at once. Because BoC fixes the order of transfers that share an account, both runs end with
 * the very same balances; the total never changes.
 */
@Command(name = "bank", sortOptions = false, sortSynopsis = false,
    description = "Atomic transfers between random distinct accounts, at 1 and N workers.")
public final class BankTransfers implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--accounts"}, paramLabel = "N",
      description = "Accounts (default: ${DEFAULT-VALUE}).")
  int accounts = 16;

  @Option(names = {"-t", "--transfers"}, paramLabel = "N",
      description = "Transfers (default: ${DEFAULT-VALUE}).")
  long transfers = 100_000;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "Workers of the parallel run (default: the processors, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--work-us", paramLabel = "US",
      description = "Simulated work in each transfer, microseconds (default: ${DEFAULT-VALUE}).")
  long workMicros = 10;

  @Option(names = "--opening", paramLabel = "AMOUNT",
      description = "Opening balance of each account (default: ${DEFAULT-VALUE}).")
  long opening = 1_000;

  @Option(names = "--max-amount", paramLabel = "AMOUNT",
      description = "Amounts are uniform in 1..AMOUNT (default: ${DEFAULT-VALUE}).")
  long maxAmount = 200;

  @Option(names = "--seed", paramLabel = "SEED",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  /** Created by picocli, or by {@link #main}. */
  public BankTransfers() {}

  /**
   * Runs the sample; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new BankTransfers(), args);
  }

  /**
   * Runs the transfers at one worker and at {@code --workers}, printing what happened.
   *
   * @return 0 if the total was conserved and every transfer is accounted for, 1 otherwise
   * @throws Exception if a run does not finish
   */
  @Override
  public Integer call() throws Exception {
    Check.atLeast(spec, "--accounts", accounts, 2);
    Check.atLeast(spec, "--transfers", transfers, 0);
    Check.atLeast(spec, "--workers", workers, 1);
    Check.atLeast(spec, "--work-us", workMicros, 0);
    Check.atLeast(spec, "--opening", opening, 0);
    Check.atLeast(spec, "--max-amount", maxAmount, 1);
    PrintWriter out = spec.commandLine().getOut();
    TransferRun run = new TransferRun(accounts, opening, transfers, maxAmount, workMicros, seed);
    out.printf("bank: %d accounts opened with %d each; %,d transfers of 1..%d between random"
        + " distinct accounts (seed %d), %d us of work in each%n",
        accounts, opening, transfers, maxAmount, seed, workMicros);

    List<TransferRun.Outcome> outcomes = new ArrayList<>();
    outcomes.add(run.on(1));
    if (workers > 1) {
      outcomes.add(run.on(workers));
    }
    out.println("before:  " + balances(outcomes.get(0).before()));
    boolean ok = true;
    for (TransferRun.Outcome o : outcomes) {
      out.printf("%2d worker%s: %s; %,d sent, %,d refused; at most %d ran at once%n",
          o.workers(), o.workers() == 1 ? " " : "s", o.time().describe("transfers"),
          o.after().sent(), o.after().refused(), o.mostAtOnce());
      ok &= o.after().total() == o.before().total() && o.after().transfers() == transfers;
    }
    TransferRun.Outcome last = outcomes.get(outcomes.size() - 1);
    out.println("after:   " + balances(last.after()));
    out.printf("total %d before, %d after: %s; transfers accounted for: %,d of %,d%n",
        last.before().total(), last.after().total(),
        last.before().total() == last.after().total() ? "conserved" : "NOT CONSERVED",
        last.after().transfers(), transfers);
    if (outcomes.size() > 1) {
      boolean same = Arrays.equals(outcomes.get(0).after().balances(), last.after().balances());
      out.printf("final balances at 1 and %d workers: %s%n", workers, same
          ? "identical (transfers sharing an account ran in the order they were scheduled)"
          : "DIFFERENT");
      ok &= same;
    }
    return ok ? 0 : 1;
  }

  private static String balances(Bank.Audit audit) {
    long[] b = audit.balances();
    int shown = Math.min(b.length, 16);
    StringBuilder line = new StringBuilder("total ").append(audit.total()).append(" [");
    for (int i = 0; i < shown; i++) {
      line.append(i == 0 ? "" : " ").append(b[i]);
    }
    if (shown < b.length) {
      line.append(" ... ").append(b.length - shown).append(" more");
    }
    return line.append(']').toString();
  }
}
