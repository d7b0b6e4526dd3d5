package io.boc4j.bench.readers;

import io.boc4j.Action;
import io.boc4j.Cown;
import io.boc4j.CownGroup;
import io.boc4j.bench.BocSession;
import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.readers.ReadersWorkload.Tally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The readers' table on boc4j: account cowns; a read is one behaviour over all of them, read-only
 * ({@code Cown.readGroup}) or, for {@code boc4j-exclusive}, writable ({@code Cown.group}); a write is
 * one behaviour over its two accounts. {@value ReadersWorkload#CLIENTS} clients, each a chain whose
 * operations schedule its next one.
 */
final class BocReaders extends BocSession {

  private final Config config;
  private final boolean readOnly;

  BocReaders(Config config, boolean readOnly) {
    super(config.workers(), readOnly ? "readers-boc4j-" : "readers-exclusive-");
    this.config = config;
    this.readOnly = readOnly;
  }

  @Override
  public ReadersTrial prepare(long ops) {
    return new ReadersTrial(ops);
  }

  private final class ReadersTrial extends QuiescingTrial {
    private final List<Cown<Balance>> accounts = new ArrayList<>();
    private final CownGroup<Balance> everyAccount;
    private final List<Client> clients = new ArrayList<>();
    private final long ops;
    private final int readPercent = ReadersWorkload.readPercent(config);
    private final long expectedTotal = ReadersWorkload.openingTotal(config.accounts());
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong inconsistent = new AtomicLong();
    private Tally tally = new Tally(0, 0, 0);

    ReadersTrial(long requested) {
      for (int i = 0; i < config.accounts(); i++) {
        accounts.add(Cown.of(new Balance()));
      }
      everyAccount = readOnly ? Cown.readGroup(accounts) : Cown.group(accounts);
      int n = ReadersWorkload.CLIENTS;
      ops = Math.max(n, requested);
      for (int i = 0; i < n; i++) {
        clients.add(new Client(i + 1, ReadersWorkload.share(ops, n, i)));
      }
    }

    @Override
    public void start() {
      for (Client c : clients) {
        c.next();
      }
    }

    @Override
    public long ops() {
      return ops;
    }

    @Override
    public String verify() throws Exception {
      long total = result(boc.when(Cown.readGroup(accounts), all -> {
        long sum = 0;
        for (Cown<Balance> a : all) {
          sum += a.get().value;
        }
        return sum;
      }));
      tally = new Tally(reads.get(), writes.get(), inconsistent.get());
      return ReadersWorkload.check(tally, ops, total, config.accounts());
    }

    @Override
    public Map<String, Object> params() {
      return ReadersWorkload.params(config, ops, tally, "clients", ReadersWorkload.CLIENTS);
    }

    @Override
    public Map<String, Object> facts() {
      Map<String, Object> facts = new LinkedHashMap<>(super.facts());
      facts.put("consistent", tally.inconsistent() == 0);
      return facts;
    }

    /**
     * One chain of operations. Each operation's body schedules the next, so the client's fields are
     * touched by one body at a time, each ordered after the previous by the scheduling. Its counts
     * are added to the trial's when the chain ends.
     */
    private final class Client {
      private final SplittableRandom rng;
      private final int[] pair = new int[2];
      private final Action.Of1<List<Cown<Balance>>> read = this::read;
      private final Action.Of2<Cown<Balance>, Cown<Balance>> write = this::write;
      private long remaining;
      private long reads;
      private long writes;
      private long inconsistent;

      Client(long seed, long share) {
        this.rng = new SplittableRandom(seed);
        this.remaining = share;
      }

      void next() {
        if (remaining-- == 0 || cancelled) {
          ReadersTrial.this.reads.addAndGet(reads);
          ReadersTrial.this.writes.addAndGet(writes);
          ReadersTrial.this.inconsistent.addAndGet(inconsistent);
          return;
        }
        if (ReadersWorkload.nextIsRead(rng, readPercent)) {
          boc.run(everyAccount, read);
        } else {
          ReadersWorkload.pick(rng, accounts.size(), pair);
          boc.run(accounts.get(pair[0]), accounts.get(pair[1]), write);
        }
      }

      private void read(List<Cown<Balance>> all) {
        long sum = 0;
        for (Cown<Balance> a : all) {
          sum += a.get().value;
        }
        BusyWork.spin(config.workUs());
        if (sum != expectedTotal) {
          inconsistent++;
        }
        reads++;
        next();
      }

      private void write(Cown<Balance> from, Cown<Balance> to) {
        from.get().value--;
        to.get().value++;
        BusyWork.spin(config.workUs());
        writes++;
        next();
      }
    }
  }
}
