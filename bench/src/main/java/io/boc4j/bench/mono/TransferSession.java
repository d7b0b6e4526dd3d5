package io.boc4j.bench.mono;

import io.boc4j.Body;
import io.boc4j.Cown;
import io.boc4j.bench.BocSession;
import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.Trial;
import io.boc4j.bench.bank.Account;
import io.boc4j.bench.bank.BankWorkload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What both {@code mono} implementations share: a runtime, and per run the accounts, the transfer
 * body, the end of the run and its verification. The implementations differ only in how they drive
 * the transfers ({@link TransferTrial#start()}).
 */
abstract class TransferSession extends BocSession {

  /** The configuration of the cell. */
  final Config config;

  TransferSession(Config config, String threadNamePrefix) {
    super(config.workers(), threadNamePrefix);
    this.config = config;
  }

  /**
   * One run of {@code transfers} transfers, {@link MonoWorkload#IN_FLIGHT} in flight. A subclass
   * starts them, calls {@link #finished} once the last one has finished (or {@link #failed}), and
   * says how many moved money ({@link #transferred()}).
   */
  abstract class TransferTrial implements Trial {

    /** The accounts, fresh for this run. */
    final List<Cown<Account>> accounts = new ArrayList<>();

    /** The transfer: busy work, then move the amount if the payer can; whether it moved. */
    final Body.Of2<Cown<Account>, Cown<Account>, Boolean> transfer;

    /** Transfers this run performs. */
    final long transfers;

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;
    private long lastTotal = -1;

    TransferTrial(long ops) {
      for (int i = 0; i < config.accounts(); i++) {
        accounts.add(Cown.of(new Account()));
      }
      int workUs = config.workUs();
      transfer = (from, to) -> {
        BusyWork.spin(workUs);
        return from.get().transferTo(to.get());
      };
      transfers = Math.max(MonoWorkload.IN_FLIGHT, ops);
    }

    /** The last transfer has finished: the run is over. Any thread, once. */
    final void finished() {
      done.countDown();
    }

    /**
     * The run cannot finish: a transfer failed. Any thread.
     *
     * @param t what went wrong
     */
    final void failed(Throwable t) {
      failure = t;
      done.countDown();
    }

    /**
     * Transfers that moved money; read after the run ended.
     *
     * @return the count
     */
    abstract long transferred();

    /**
     * Transfers that finished (with either outcome); read after the run ended.
     *
     * @return the count
     */
    abstract long completed();

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
      return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long ops() {
      return transfers;
    }

    @Override
    public String verify() throws Exception {
      if (failure != null) {
        return "a transfer failed: " + failure;
      }
      if (completed() != transfers) {
        return completed() + " transfers finished, expected " + transfers;
      }
      lastTotal = result(boc.when(Cown.group(accounts), all -> {
        long sum = 0;
        for (Cown<Account> a : all) {
          sum += a.get().balance();
        }
        return sum;
      }));
      return BankWorkload.checkTotal(lastTotal, config.accounts());
    }

    @Override
    public Map<String, Object> params() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("transfers", transfers);
      m.put("accounts", config.accounts());
      m.put("inFlight", MonoWorkload.IN_FLIGHT);
      m.put("transferred", transferred());
      return m;
    }

    @Override
    public Map<String, Object> facts() {
      return Map.of("atomic", true, "conserved",
          lastTotal == (long) config.accounts() * BankWorkload.INITIAL_BALANCE);
    }
  }

  /**
   * One of {@link MonoWorkload#IN_FLIGHT} lanes: a chain of transfers, each issued when the previous
   * one finished, with its own random pairs, its share of the run and its counts. A lane is only
   * ever touched by one thread at a time, each hand-off ordered by the runtime, so plain fields
   * suffice; they are read after the last lane ended, which {@link LanesTrial#laneDone} orders after
   * them.
   */
  static class Lane {
    final SplittableRandom rng;
    final int[] pair = new int[2];
    final long share;
    long transferred;
    long completed;

    Lane(long seed, long share) {
      this.rng = new SplittableRandom(seed);
      this.share = share;
    }

    /** Counts one finished transfer. */
    final void count(boolean moved) {
      completed++;
      if (moved) {
        transferred++;
      }
    }
  }

  /** A run of {@link MonoWorkload#IN_FLIGHT} lanes that ends when the last lane has ended. */
  abstract class LanesTrial<L extends Lane> extends TransferTrial {
    final List<L> lanes = new ArrayList<>();
    private final AtomicInteger lanesLeft = new AtomicInteger(MonoWorkload.IN_FLIGHT);

    LanesTrial(long ops) {
      super(ops);
    }

    /** Creates the lanes, lane i (from 0) with seed i + 1 and its share of the transfers. */
    final void addLanes(LaneMaker<L> newLane) {
      int n = MonoWorkload.IN_FLIGHT;
      for (int i = 0; i < n; i++) {
        lanes.add(newLane.apply(i + 1, transfers / n + (i < transfers % n ? 1 : 0)));
      }
    }

    /** A lane ended (its share done, or the run cancelled); the last one ends the run. */
    final void laneDone() {
      if (lanesLeft.decrementAndGet() == 0) {
        finished();
      }
    }

    @Override
    final long transferred() {
      return lanes.stream().mapToLong(l -> l.transferred).sum();
    }

    @Override
    final long completed() {
      return lanes.stream().mapToLong(l -> l.completed).sum();
    }
  }

  /** Makes a lane from its seed and its share. */
  @FunctionalInterface
  interface LaneMaker<L> {
    L apply(long seed, long share);
  }
}
