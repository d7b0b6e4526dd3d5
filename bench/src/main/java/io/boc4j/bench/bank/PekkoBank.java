package io.boc4j.bench.bank;

import com.typesafe.config.ConfigFactory;
import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The bank on Apache Pekko typed actors: one actor per account, one log actor, W teller actors, on a
 * dispatcher of W threads. A transfer is two messages: the teller sends {@code Debit} to the source
 * account, which does the busy work and, if funded, debits itself and sends {@code Credit} to the
 * destination, which credits itself and notifies the log (an unfunded debit notifies the log
 * directly). Four messages per funded transaction.
 *
 * <p><b>Not atomic</b>: between the debit and the credit the amount is in neither account, and the
 * funding check sees only the source. The total is conserved once every message has been processed
 * (which is when the log has seen every transaction), and that is what {@link Trial#verify()} checks.
 */
final class PekkoBank implements Session {

  private final Config config;
  private final ActorSystem<Void> system;
  private final List<Runnable> previousStoppers = new ArrayList<>();
  private int trials;

  PekkoBank(Config config) {
    this.config = config;
    int w = config.workers();
    com.typesafe.config.Config conf = ConfigFactory.parseString("""
        pekko.loglevel = "OFF"
        pekko.stdout-loglevel = "OFF"
        pekko.log-dead-letters = off
        pekko.log-dead-letters-during-shutdown = off
        pekko.jvm-shutdown-hooks = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = %d
        pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = %d
        pekko.actor.default-dispatcher.fork-join-executor.parallelism-factor = 1.0
        """.formatted(w, w)).withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "bank", conf);
  }

  // --- messages ---------------------------------------------------------------------------------

  private interface AccountMsg {}

  private record Debit(ActorRef<AccountMsg> to) implements AccountMsg {}

  private enum Credit implements AccountMsg { CREDIT }

  private record GetBalance(CompletableFuture<Long> reply) implements AccountMsg {}

  private enum StopAccount implements AccountMsg { STOP }

  private enum LogMsg { LOGGED, STOP }

  private enum TellerMsg { NEXT, STOP }

  // --- actors -----------------------------------------------------------------------------------

  private static Behavior<AccountMsg> account(ActorRef<LogMsg> log, int workUs) {
    Account state = new Account();
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Debit d) {
        BusyWork.spin(workUs);
        if (state.balance - BankWorkload.AMOUNT >= -state.overdraft) {
          state.balance -= BankWorkload.AMOUNT;
          d.to().tell(Credit.CREDIT);
        } else {
          log.tell(LogMsg.LOGGED);
        }
      } else if (m == Credit.CREDIT) {
        state.balance += BankWorkload.AMOUNT;
        log.tell(LogMsg.LOGGED);
      } else if (m instanceof GetBalance g) {
        g.reply().complete(state.balance);
      } else {
        return Behaviors.stopped();
      }
      return Behaviors.same();
    });
  }

  private static Behavior<LogMsg> log(long expected, CompletableFuture<Void> done) {
    long[] seen = new long[1];
    return Behaviors.receiveMessage(m -> {
      if (m == LogMsg.STOP) {
        return Behaviors.stopped();
      }
      if (++seen[0] == expected) {
        done.complete(null);
      }
      return Behaviors.same();
    });
  }

  private static Behavior<TellerMsg> teller(
      List<ActorRef<AccountMsg>> accounts, long seed, long repeats, AtomicBoolean cancelled) {
    return Behaviors.setup(ctx -> {
      SplittableRandom rng = new SplittableRandom(seed);
      int[] pair = new int[2];
      long[] remaining = {repeats};
      ActorRef<TellerMsg> self = ctx.getSelf();
      return Behaviors.receiveMessage(m -> {
        if (m == TellerMsg.STOP) {
          return Behaviors.stopped();
        }
        BankWorkload.pick(rng, accounts.size(), pair);
        accounts.get(pair[0]).tell(new Debit(accounts.get(pair[1])));
        if (remaining[0]-- > 0 && !cancelled.get()) {
          self.tell(TellerMsg.NEXT);
        }
        return Behaviors.same();
      });
    });
  }

  // --- session ----------------------------------------------------------------------------------

  @Override
  public Trial prepare(long ops) {
    stopPrevious();
    int t = ++trials;
    long repeats = BankWorkload.repeatsPerTeller(ops, config.workers());
    long total = (repeats + 1) * config.workers();
    CompletableFuture<Void> done = new CompletableFuture<>();
    ActorRef<LogMsg> log = spawn(log(total, done), "t" + t + "-log");
    List<ActorRef<AccountMsg>> accounts = new ArrayList<>();
    for (int i = 0; i < config.accounts(); i++) {
      accounts.add(spawn(account(log, config.workUs()), "t" + t + "-account-" + i));
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    List<ActorRef<TellerMsg>> tellers = new ArrayList<>();
    for (int j = 0; j < config.workers(); j++) {
      tellers.add(spawn(teller(accounts, j + 1, repeats, cancelled), "t" + t + "-teller-" + j));
    }
    previousStoppers.add(() -> log.tell(LogMsg.STOP));
    accounts.forEach(a -> previousStoppers.add(() -> a.tell(StopAccount.STOP)));
    tellers.forEach(r -> previousStoppers.add(() -> r.tell(TellerMsg.STOP)));
    return new Trial() {
      private long lastTotal = -1;

      @Override
      public void start() {
        tellers.forEach(r -> r.tell(TellerMsg.NEXT));
      }

      @Override
      public boolean await(long timeoutNanos) throws Exception {
        try {
          done.get(timeoutNanos, TimeUnit.NANOSECONDS);
          return true;
        } catch (TimeoutException e) {
          return false;
        }
      }

      @Override
      public void cancel() {
        cancelled.set(true);
      }

      @Override
      public long ops() {
        return total;
      }

      @Override
      public String verify() throws Exception {
        long sum = 0;
        for (ActorRef<AccountMsg> a : accounts) {
          CompletableFuture<Long> f = new CompletableFuture<>();
          a.tell(new GetBalance(f));
          sum += f.get(30, TimeUnit.SECONDS);
        }
        lastTotal = sum;
        return BankWorkload.checkTotal(sum, config.accounts());
      }

      @Override
      public Map<String, Object> params() {
        return Map.of("transfers", total, "tellers", config.workers(), "accounts",
            config.accounts(), "dispatcherThreads", config.workers());
      }

      @Override
      public Map<String, Object> facts() {
        return Map.of("atomic", false, "conserved",
            lastTotal == config.accounts() * BankWorkload.INITIAL_BALANCE);
      }
    };
  }

  private <T> ActorRef<T> spawn(Behavior<T> b, String name) {
    return system.systemActorOf(b, name, Props.empty());
  }

  /** Stops the previous trial's actors so that trials do not accumulate. */
  private void stopPrevious() {
    previousStoppers.forEach(Runnable::run);
    previousStoppers.clear();
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
