package io.boc4j.samples.service;

import io.boc4j.Cown;
import io.boc4j.reactor.BocReactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bank behind the service: one cown per account, and every operation a behaviour returned as a
 * {@code Mono} by the Reactor bridge. A transfer is a behaviour over exactly its two accounts, so
 * transfers over disjoint pairs run in parallel and a transfer is applied whole or not at all; the
 * audit is one behaviour over every account, so it sees one consistent moment. Reads ask for their
 * accounts read-only, so they run together; their bodies only call {@link Account}'s getters, since
 * a read-only view stops {@code set} but not a change inside the value.
 *
 * <p>The directory (id to cown) is a concurrent map rather than a cown: a cown's handle travels
 * freely, and a map every transfer had to acquire would serialise them all. Accounts are never
 * removed, so a handle looked up once stays valid.
 *
 * <p>Balances cannot overflow: openings are at most {@link #MAX_AMOUNT} and there are at most {@code
 * maxAccounts} accounts, so the whole bank holds at most {@code maxAccounts * MAX_AMOUNT}, which
 * {@link #MAX_ACCOUNTS} keeps below {@code Long.MAX_VALUE}.
 *
 * <p>Threading: every method may be called from any thread, including Netty's event loops: the
 * Monos never block their subscriber.
 */
final class Accounts {

  /** The largest opening deposit or transfer amount the service accepts. */
  static final long MAX_AMOUNT = 1_000_000_000_000L;

  /** The most accounts a service may be configured with (so that no balance can overflow). */
  static final int MAX_ACCOUNTS = 1_000_000;

  /** How many balance reads {@link #list()} keeps in flight at once. */
  private static final int LIST_CONCURRENCY = 16;

  private final BocReactor bridge;
  private final int maxAccounts;
  private final ConcurrentSkipListMap<Long, Cown<Account>> byId = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** An empty bank scheduling on {@code bridge}'s runtime, refusing more than {@code maxAccounts}. */
  Accounts(BocReactor bridge, int maxAccounts) {
    if (maxAccounts < 1 || maxAccounts > MAX_ACCOUNTS) {
      throw new IllegalArgumentException(
          "maxAccounts must be between 1 and " + MAX_ACCOUNTS + ", got " + maxAccounts);
    }
    this.bridge = bridge;
    this.maxAccounts = maxAccounts;
  }

  /**
   * Opens an account holding {@code opening}, which the caller has checked is in {@code [0,
   * MAX_AMOUNT]}. No behaviour is needed: the new cown is reachable by no one until it is put in
   * the directory, fully formed.
   *
   * @return the new account, or empty if the bank already holds {@code maxAccounts} accounts
   */
  Optional<AccountView> open(long opening) {
    // Stops at maxAccounts + 1, so once full every later call is refused and no id is reused.
    long id = ids.accumulateAndGet(1, (last, one) -> Math.min(last + one, maxAccounts + 1L));
    if (id > maxAccounts) {
      return Optional.empty();
    }
    byId.put(id, Cown.of(new Account(id, opening)));
    return Optional.of(new AccountView(id, opening));
  }

  /** The cown of account {@code id}, if it exists. */
  Optional<Cown<Account>> find(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The account's balance, read by a behaviour that asks for the account read-only ({@code
   * Cown.read}): it runs after every transfer scheduled before it, and together with other reads.
   */
  Mono<AccountView> balance(Cown<Account> account) {
    return bridge.mono(Cown.read(account), a -> view(a.get()));
  }

  /**
   * A transfer: one behaviour over both accounts, which moves {@code amount} if {@code from} can
   * cover it. The accounts must differ.
   */
  Mono<TransferOutcome> transfer(Cown<Account> from, Cown<Account> to, long amount) {
    return bridge.mono(from, to, (f, t) -> f.get().transferTo(t.get(), amount));
  }

  /**
   * Every account, each balance read by a behaviour of its own, at most {@value #LIST_CONCURRENCY}
   * in flight: cheap and never waits for all accounts at once, but not one moment of the bank (a
   * transfer may land between two reads); {@link #audit()} is.
   */
  Mono<List<AccountView>> list() {
    return Flux.fromIterable(byId.values())
        .transform(bridge.bounded(account -> balance(account), LIST_CONCURRENCY))
        .collectSortedList(Comparator.comparingLong(AccountView::id));
  }

  /**
   * The audit: one behaviour over every account that exists when it is subscribed, asked for
   * read-only ({@code Cown.readGroup}), so it runs after every transfer scheduled before it and
   * before every one scheduled after, reads one consistent moment, and runs together with other
   * audits and balance reads.
   */
  Mono<AuditReport> audit() {
    return Mono.defer(() -> bridge.mono(Cown.readGroup(new ArrayList<>(byId.values())), all -> {
      Map<Long, Long> balances = new LinkedHashMap<>();
      long total = 0;
      long opened = 0;
      for (Cown<Account> c : all) {
        Account a = c.get();
        balances.put(a.id(), a.balance());
        total += a.balance();
        opened += a.opening();
      }
      return new AuditReport(all.size(), total, opened, balances);
    }));
  }

  private static AccountView view(Account a) {
    return new AccountView(a.id(), a.balance());
  }
}
