package io.boc4j.bench.bank;

import io.boc4j.Action;
import io.boc4j.Cown;
import io.boc4j.bench.BocSession;
import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.Trial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bank on boc4j: account, log and teller cowns; three fire-and-forget behaviours per transaction.
 * Open to the {@code metrics} workload, which observes this very bank.
 */
public class BocBank extends BocSession {

  private final Config config;

  /**
   * Starts the runtime for one cell of the bank.
   *
   * @param config the cell's configuration (workers, work, accounts)
   */
  public BocBank(Config config) {
    super(config.workers(), "bank-boc4j-");
    this.config = config;
  }

  @Override
  public Trial prepare(long ops) {
    return new BankTrial(ops);
  }

  /** A teller's own state, in its cown. */
  private static final class Teller {
    final SplittableRandom rng;
    final int[] pair = new int[2];
    long remaining;
    long issued;

    Teller(long seed, long remaining) {
      this.rng = new SplittableRandom(seed);
      this.remaining = remaining;
    }
  }

  private final class BankTrial extends QuiescingTrial {
    private final List<Cown<Account>> accounts = new ArrayList<>();
    private final Cown<Object> log = Cown.of(null);
    private final List<Cown<Teller>> tellers = new ArrayList<>();
    private final long repeats;
    private final int workUs = config.workUs();
    private long lastTotal = -1;

    // The bodies are built once per trial, so scheduling allocates only what boc4j itself needs.
    private final Action.Of1<Cown<Object>> logEntry = l -> { };
    private final Action.Of2<Cown<Account>, Cown<Account>> transfer = (from, to) -> {
      BusyWork.spin(workUs);
      from.get().transferTo(to.get());
      boc.run(log, logEntry);
    };
    private final Action.Of1<Cown<Teller>> job = this::job;

    BankTrial(long ops) {
      for (int i = 0; i < config.accounts(); i++) {
        accounts.add(Cown.of(new Account()));
      }
      repeats = BankWorkload.repeatsPerTeller(ops, config.workers());
      for (int j = 0; j < config.workers(); j++) {
        tellers.add(Cown.of(new Teller(j + 1, repeats)));
      }
    }

    private void job(Cown<Teller> self) {
      Teller t = self.get();
      BankWorkload.pick(t.rng, accounts.size(), t.pair);
      boc.run(accounts.get(t.pair[0]), accounts.get(t.pair[1]), transfer);
      t.issued++;
      if (t.remaining-- > 0 && !cancelled) {
        boc.run(self, job);
      }
    }

    @Override
    public void start() {
      for (Cown<Teller> t : tellers) {
        boc.run(t, job);
      }
    }

    @Override
    public long ops() {
      return (long) config.workers() * (repeats + 1);
    }

    @Override
    public String verify() throws Exception {
      long total = result(boc.when(Cown.group(accounts), all -> {
        long sum = 0;
        for (Cown<Account> a : all) {
          sum += a.get().balance;
        }
        return sum;
      }));
      long issued = result(boc.when(Cown.group(tellers), all -> {
        long sum = 0;
        for (Cown<Teller> t : all) {
          sum += t.get().issued;
        }
        return sum;
      }));
      if (issued != ops()) {
        return "issued " + issued + " transfers, expected " + ops();
      }
      lastTotal = total;
      return BankWorkload.checkTotal(total, config.accounts());
    }

    @Override
    public Map<String, Object> params() {
      return Map.of("transfers", ops(), "tellers", config.workers(), "accounts", config.accounts());
    }

    @Override
    public Map<String, Object> facts() {
      Map<String, Object> facts = new LinkedHashMap<>(super.facts());
      facts.put("atomic", true);
      facts.put("conserved", lastTotal == (long) config.accounts() * BankWorkload.INITIAL_BALANCE);
      return facts;
    }
  }
}
