package io.boc4j.kafka;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The bank scaled out over several instances that Kafka coordinates: opens the accounts, starts
 * the instances (threads here, processes in production), waits until the group has given each its
 * share of the partitions, sends a load of transfers, waits until every transfer has settled and
 * audits the changelog. It prints the assignment, each instance's work, the end-to-end rate, and
 * whether the total was conserved and every transfer applied exactly once.
 *
 * <p>It needs a Kafka broker ({@code --bootstrap}), or {@code --embedded} to start Kafka's
 * in-process test broker, which is on the classpath when run with the test classpath ({@code mvn
 * -pl samples-kafka exec:java -Dexec.classpathScope=test -Dexec.args=--embedded}).
 */
@Command(name = "scale-out", sortOptions = false, sortSynopsis = false,
    description = "A bank over several instances: Kafka assigns the accounts, transactions make"
        + " cross-partition transfers exactly once.")
public final class ScaleOutDemo implements Callable<Integer> {

  private static final String TEST_BROKER = "io.boc4j.kafka.InProcessBroker";
  private static final Duration SETTLE_WAIT = Duration.ofMinutes(10);

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka brokers to use (the topics are created there).")
  String bootstrap;

  @Option(names = "--embedded",
      description = "Start Kafka's in-process test broker instead (needs the test classpath).")
  boolean embedded;

  @Option(names = {"-i", "--instances"}, paramLabel = "N",
      description = "Instances (default: ${DEFAULT-VALUE}).")
  int instances = 3;

  @Option(names = {"-p", "--partitions"}, paramLabel = "N",
      description = "Partitions of both topics (default: ${DEFAULT-VALUE}).")
  int partitions = 6;

  @Option(names = {"-a", "--accounts"}, paramLabel = "N",
      description = "Accounts (default: ${DEFAULT-VALUE}).")
  int accounts = 1_000;

  @Option(names = {"-t", "--transfers"}, paramLabel = "N",
      description = "Transfers (default: ${DEFAULT-VALUE}).")
  int transfers = 100_000;

  @Option(names = "--cross", paramLabel = "PERCENT",
      description = "Share of transfers to another partition (default: ${DEFAULT-VALUE}).")
  int crossPercent = 33;

  @Option(names = "--opening", paramLabel = "AMOUNT",
      description = "Opening balance of each account (default: ${DEFAULT-VALUE}).")
  long opening = 1_000_000;

  @Option(names = "--max-amount", paramLabel = "AMOUNT",
      description = "Amounts are uniform in 1..AMOUNT (default: ${DEFAULT-VALUE}).")
  long maxAmount = 100;

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "boc4j workers of each instance (default: ${DEFAULT-VALUE}).")
  int workers = 2;

  @Option(names = "--replicas", paramLabel = "N",
      description = "Replicas of the topics it creates (default: ${DEFAULT-VALUE}).")
  short replicas = 1;

  @Option(names = "--prefix", paramLabel = "TEXT",
      description = "Prefix of the topic and group names, for a fresh bank on a used cluster"
          + " (default: none: accounts, transfers, bank).")
  String prefix = "";

  @Option(names = "--seed", paramLabel = "SEED",
      description = "Random seed of the load (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  /** Created by picocli, or by {@link #main}. */
  public ScaleOutDemo() {}

  /**
   * Runs the demo; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code = new CommandLine(new ScaleOutDemo()).execute(args);
    if (code != 0) {
      System.exit(code); // only on failure, so that a good run inside mvn exec:java ends normally
    }
  }

  /**
   * Opens the bank, runs the load over the instances and audits it.
   *
   * @return 0 if the total was conserved and every transfer applied exactly once, 1 otherwise
   * @throws Exception if the broker, an instance or the audit fails
   */
  @Override
  public Integer call() throws Exception {
    validate();
    if (!embedded) {
      return run(bootstrap, "");
    }
    try (EmbeddedBroker broker = startTestBroker()) {
      return run(broker.bootstrapServers(), " (embedded)");
    }
  }

  private int run(String servers, String where) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Topics topics = Topics.withPrefix(prefix);
    try (Admin admin = KafkaClients.admin(servers, "bank-setup")) {
      topics.create(admin, partitions, replicas);
    }
    Partitioner partitioner = new Partitioner(partitions);
    Opening.open(servers, topics, partitioner, accounts, opening);
    Load load = Load.plan(partitioner, accounts, transfers, crossPercent / 100.0, maxAmount, seed);
    out.printf(Locale.ROOT, "scale-out: %d instance%s, %d partitions, %,d accounts opened with %,d"
        + " each, on %s%s%n", instances, instances == 1 ? "" : "s", partitions, accounts, opening,
        servers, where);

    InstanceSettings settings = InstanceSettings.of(servers, topics, "template")
        .withWorkers(workers);
    long start;
    Audit.Report settled;
    InstanceGroup group = new InstanceGroup(settings, OwnershipListener.NONE);
    try (group; Audit audit = new Audit(servers, topics, partitions)) {
      long joining = System.nanoTime();
      for (int i = 0; i < instances; i++) {
        group.add();
      }
      group.awaitBalanced(partitions, Duration.ofMinutes(2));
      out.printf(Locale.ROOT, "assignment after %.1f s:%s%n", seconds(joining), assignment(group));

      start = System.nanoTime();
      load.produce(servers, topics, partitioner);
      out.printf(Locale.ROOT, "load: %,d transfers (%,d to another partition) sent in %.1f s%n",
          transfers, load.crossing(partitioner), seconds(start));
      settled = audit.awaitSettled(transfers, SETTLE_WAIT);
      out.printf(Locale.ROOT, "settled: %,d transfers in %.1f s, %,.0f transfers/s end to end%n",
          transfers, seconds(start), transfers / seconds(start));
      for (BankInstance i : group.running()) {
        InstanceStats s = i.stats();
        out.printf(Locale.ROOT, "  %s: %,d commands in %,d transactions, %,d credits sent,"
            + " %d aborted, %d duplicates, %d partitions restored%n", i.id(), s.commands(),
            s.transactions(), s.credits(), s.aborted(), s.duplicates(), s.restored());
      }
      if (group.failure() != null) {
        throw new IllegalStateException("an instance failed", group.failure());
      }
    }
    return audit(out, servers, topics, load, settled);
  }

  private int audit(PrintWriter out, String servers, Topics topics, Load load,
      Audit.Report settled) throws Exception {
    Map<Integer, Account> end = Audit.finalState(servers, topics, partitions);
    Audit.Report report = Audit.Report.of(end);
    long before = opening * accounts;
    boolean conserved = report.total() == before;
    out.printf(Locale.ROOT, "audit: total %,d before, %,d after: %s; %,d transfers debited, %,d"
        + " refused, %,d credits applied%n", before, report.total(),
        conserved ? "conserved" : "NOT CONSERVED", report.sent(), report.refused(),
        report.received());
    boolean exact = report.settled(transfers) && report.equals(settled);
    if (report.refused() == 0) {
      List<String> wrong = Expectation.of(load, accounts, opening).differences(end, 5);
      exact &= wrong.isEmpty();
      out.println(wrong.isEmpty()
          ? "every account holds exactly what its transfers imply: each applied exactly once"
          : "NOT EXACTLY ONCE:\n  " + String.join("\n  ", wrong));
    } else {
      out.println("some transfers were refused, so balances depend on order: checked the sums"
          + " only (each transfer debited or refused once, each debit credited once): "
          + (exact ? "they hold" : "THEY DO NOT HOLD"));
    }
    return conserved && exact ? 0 : 1;
  }

  private void validate() {
    if (embedded == (bootstrap != null)) {
      throw new ParameterException(spec.commandLine(),
          "give either --bootstrap HOST:PORT or --embedded");
    }
    atLeast("--instances", instances, 1);
    atLeast("--partitions", partitions, 1);
    atLeast("--accounts", accounts, 2L * partitions);
    atLeast("--transfers", transfers, 1);
    atLeast("--opening", opening, 0);
    atLeast("--max-amount", maxAmount, 1);
    atLeast("--workers", workers, 1);
    atLeast("--replicas", replicas, 1);
    if (crossPercent < 0 || crossPercent > 100) {
      throw new ParameterException(spec.commandLine(),
          "--cross must be between 0 and 100, got " + crossPercent);
    }
  }

  private void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(),
          option + " must be at least " + min + ", got " + value);
    }
  }

  private static String assignment(InstanceGroup group) {
    StringBuilder s = new StringBuilder();
    for (BankInstance i : group.running()) {
      s.append("  ").append(i.id()).append(' ').append(i.partitions().stream().sorted().toList());
    }
    return s.toString();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Starts the test kit's broker by name: the sample's jar does not carry the kit. */
  private EmbeddedBroker startTestBroker() throws Exception {
    Method start;
    try {
      start = Class.forName(TEST_BROKER).getDeclaredMethod("start");
    } catch (ClassNotFoundException e) {
      throw new ParameterException(spec.commandLine(), "--embedded needs Kafka's test kit and"
          + " this module's test classes on the classpath: run with mvn -pl samples-kafka"
          + " exec:java -Dexec.classpathScope=test, or give --bootstrap");
    }
    try {
      return (EmbeddedBroker) start.invoke(null);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
