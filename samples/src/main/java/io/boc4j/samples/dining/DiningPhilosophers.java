package io.boc4j.samples.dining;

import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Dining philosophers on boc4j, with the first meals scheduled in two orders: natural (seats 0, 1,
 * 2, ...) and optimal (even seats first, then odd). A fork is a cown; a meal is one behaviour over
 * the philosopher and its two forks, and it schedules the philosopher's next meal. For each order
 * the program prints meals per second and the most philosophers that were eating at the same
 * moment, then checks that every fork was used exactly 2 × hunger times (once per meal of each of
 * its two neighbours) and that nobody is left hungry.
 *
 * <p>Why the orders differ (also printed by {@code --help} and after every run): BoC runs
 * behaviours whose cown sets overlap in the order they were scheduled, and a behaviour joins the
 * queue of every cown it needs when it is scheduled, before it holds any. Started 0, 1, 2, ...,
 * philosopher 1 queues for fork 1 behind philosopher 0 while already ahead of philosopher 2 in the
 * queue for fork 2, so philosopher 2 waits for philosopher 1, and so on round the table;
 * philosopher 0's next meal queues for fork 0 behind the last philosopher. Every meal waits,
 * transitively, for the one scheduled before it: a single chain, so one philosopher eats at a time
 * however many workers there are. Starting the even seats first, then the odd ones, avoids the
 * chain: the first wave holds pairwise disjoint forks and eats in parallel, each odd philosopher
 * waits only for its two neighbours, and the waves keep alternating, so up to P/2 eat at once (as
 * many as there are workers). In general: schedule the requests that do not overlap first, so that
 * no request queues behind one that is itself waiting.
 */
@Command(name = "dining", sortOptions = false, sortSynopsis = false,
    description = "Dining philosophers in natural and optimal start order.",
    footer = DiningPhilosophers.WHY)
public final class DiningPhilosophers implements Callable<Integer> {

  /** Why the natural order serialises, as printed: a format string whose only escape is %n. */
  static final String WHY = "%n"
      + "Why the orders differ: BoC runs behaviours whose cown sets overlap in the%n"
      + "order they were scheduled, and a behaviour joins the queue of every cown it%n"
      + "needs when it is scheduled, before it holds any. Started 0, 1, 2, ...,%n"
      + "philosopher 1 queues for fork 1 behind philosopher 0 while already ahead of%n"
      + "philosopher 2 in the queue for fork 2, so philosopher 2 waits for%n"
      + "philosopher 1, and so on round the table; philosopher 0's next meal queues%n"
      + "for fork 0 behind the last philosopher. Every meal waits, transitively, for%n"
      + "the one scheduled before it: a single chain, so one philosopher eats at a%n"
      + "time however many workers there are. Starting the even seats first, then the%n"
      + "odd ones, avoids the chain: the first wave holds pairwise disjoint forks and%n"
      + "eats in parallel, each odd philosopher waits only for its two neighbours,%n"
      + "and the waves keep alternating, so up to P/2 eat at once (as many as there%n"
      + "are workers). In general: schedule the requests that do not overlap first,%n"
      + "so that no request queues behind one that is itself waiting.%n";

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-p", "--philosophers"}, paramLabel = "P",
      description = "Philosophers (and forks) round the table (default: ${DEFAULT-VALUE}).")
  int philosophers = 20;

  @Option(names = {"-H", "--hunger"}, paramLabel = "N",
      description = "Meals each philosopher eats (default: ${DEFAULT-VALUE}).")
  int hunger = 2_000;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "Workers (default: the processors, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--eat-us", paramLabel = "US",
      description = "Simulated work of one meal, microseconds (default: ${DEFAULT-VALUE}).")
  long eatMicros = 10;

  @Option(names = "--order", paramLabel = "ORDER", split = ",", defaultValue = "natural,optimal",
      converter = OrderConverter.class,
      description = "Start orders to run, natural and/or optimal (default: ${DEFAULT-VALUE}).")
  List<SeatingOrder> orders;

  /** Created by picocli, or by {@link #main}. */
  public DiningPhilosophers() {}

  /**
   * Runs the sample; {@code --help} lists the options and explains the two orders.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new DiningPhilosophers(), args);
  }

  /**
   * Serves dinner once per start order and prints what happened and why the orders differ.
   *
   * @return 0 if every fork was used exactly 2 × hunger times, nobody is left hungry and no more
   *     than P/2 ate at once; 1 otherwise
   * @throws Exception if a dinner does not finish
   */
  @Override
  public Integer call() throws Exception {
    Check.atLeast(spec, "--philosophers", philosophers, 2);
    Check.atLeast(spec, "--hunger", hunger, 1);
    Check.atLeast(spec, "--workers", workers, 1);
    Check.atLeast(spec, "--eat-us", eatMicros, 0);
    PrintWriter out = spec.commandLine().getOut();
    DiningTable table = new DiningTable(philosophers, hunger, eatMicros);
    out.printf("dining philosophers: %d round the table, %,d meals each, %d us per meal,"
        + " %d worker%s%n", philosophers, hunger, eatMicros, workers, workers == 1 ? "" : "s");
    boolean ok = true;
    for (SeatingOrder order : orders) {
      DiningTable.Dinner d = table.dine(order, workers);
      String check = DinnerCheck.problem(d, hunger);
      out.printf("%-8s %s; at most %d eating at once; %s%n", order.label() + ":",
          d.time().describe("meals"), d.mostEating(), check == null
              ? "every fork used " + 2L * hunger + " times, nobody hungry" : check);
      ok &= check == null;
    }
    out.printf(WHY);
    return ok ? 0 : 1;
  }
}
