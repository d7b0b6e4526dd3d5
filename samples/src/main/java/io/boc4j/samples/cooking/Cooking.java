package io.boc4j.samples.cooking;

import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The same recipes cooked two ways, side by side. The kitchen has one pot, pan, oven, grill,
 * chopping board and mixing bowl; each dish needs two or three of them for its whole recipe. On
 * boc4j every utensil is a cown and every dish one behaviour over its utensils: no locks, no
 * acquisition order to get right. With threads, every utensil is a {@link
 * java.util.concurrent.locks.ReentrantLock} that the cooks must take in one global order to avoid
 * deadlock. The program prints each kitchen's time, the most dishes that cooked at once, and the
 * clashes seen by per-utensil in-use flags (always 0), then checks both kitchens served the same
 * plates.
 *
 * <p>One difference is by design: on boc4j, dishes that share a utensil are cooked in the order
 * they were ordered (a later dish never overtakes an earlier one it overlaps), so the order of the
 * orders decides how much can cook at once, as in the dining philosophers sample. With locks,
 * whichever cook reaches a free lock first goes first.
 */
@Command(name = "cooking", sortOptions = false, sortSynopsis = false,
    description = "Dishes sharing utensils: boc4j behaviours against threads and ordered locks.")
public final class Cooking implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-r", "--rounds"}, paramLabel = "N",
      description = "Orders of every dish on the menu (default: ${DEFAULT-VALUE}).")
  int rounds = 4;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "Workers, and cook threads (default: the processors, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--step-us", paramLabel = "US",
      description = "Simulated work of one step unit, microseconds (default: ${DEFAULT-VALUE}).")
  long stepMicros = 500;

  /** Created by picocli, or by {@link #main}. */
  public Cooking() {}

  /**
   * Runs the sample; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new Cooking(), args);
  }

  /**
   * Cooks the orders in both kitchens and prints the comparison.
   *
   * @return 0 if both served every order, with no clash; 1 otherwise
   * @throws Exception if a kitchen fails
   */
  @Override
  public Integer call() throws Exception {
    Check.atLeast(spec, "--rounds", rounds, 0);
    Check.atLeast(spec, "--workers", workers, 1);
    Check.atLeast(spec, "--step-us", stepMicros, 0);
    PrintWriter out = spec.commandLine().getOut();
    List<Order> orders = Order.rounds(rounds);
    Cook cook = new Cook(stepMicros);
    out.printf("cooking: %d dishes x %d rounds = %d plates; one each of %s; %d us per step unit;"
        + " %d worker%s; timed after one untimed round per kitchen%n", Dish.MENU.size(), rounds,
        orders.size(), utensils(), stepMicros, workers, workers == 1 ? "" : "s");
    List<Kitchen> kitchens = List.of(new BocKitchen(workers, cook), new LockKitchen(workers, cook));
    for (Kitchen k : kitchens) {
      Service.of(k, Order.rounds(1)); // untimed: loads and compiles the code before the timed run
    }
    List<Service> services = new ArrayList<>();
    for (Kitchen k : kitchens) {
      services.add(Service.of(k, orders));
    }
    List<String> wanted = orders.stream().map(Order::plate).sorted().toList();
    boolean ok = true;
    for (Service s : services) {
      out.printf("%-16s: %d plates in %,.1f ms; at most %d dish%s cooking at once; utensil"
          + " clashes: %d%n", s.kitchen(), s.served().size(), s.nanos() / 1e6, s.mostCooking(),
          s.mostCooking() == 1 ? "" : "es", s.clashes());
      ok &= s.clashes() == 0 && s.sortedPlates().equals(wanted);
    }
    boolean same = services.get(0).sortedPlates().equals(services.get(1).sortedPlates());
    out.printf("same plates from both kitchens: %s: %s%n", same ? "yes" : "NO",
        tally(services.get(0).served()));
    out.printf("utensil uses: %s%n", services.stream()
        .map(s -> s.kitchen() + " " + uses(s.uses())).collect(Collectors.joining("; ")));
    return ok && same ? 0 : 1;
  }

  private static String utensils() {
    return Arrays.stream(Utensil.values()).map(Utensil::label)
        .collect(Collectors.joining(", "));
  }

  /** Plates grouped by dish, e.g. {@code bread x4, lasagne x4}. */
  private static String tally(List<String> plates) {
    Map<String, Long> counts = plates.stream().collect(Collectors.groupingBy(
        p -> p.substring(0, p.lastIndexOf(" #")), TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String uses(Map<Utensil, Long> uses) {
    return uses.entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
