package io.boc4j.spring.sample;

import io.boc4j.Cown;
import io.boc4j.reactor.BocReactor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The accounts, each in its own cown, and the behaviours over them. Transfers over disjoint pairs of
 * accounts run in parallel; transfers that share an account run one after the other, in the order
 * they were scheduled. Nothing here takes a lock.
 */
@Component
public class Bank {

  private final BocReactor bridge;
  private final List<Cown<Account>> accounts;
  private final AtomicLong ids = new AtomicLong();

  Bank(BocReactor bridge, @Value("${bank.accounts}") int accounts,
      @Value("${bank.opening-balance}") long opening) {
    this.bridge = bridge;
    this.accounts = IntStream.range(0, accounts).mapToObj(i -> Cown.of(new Account(opening)))
        .toList();
  }

  /**
   * The account cowns, for an audit by a runtime of one's own once this one is closed.
   *
   * @return the cowns, by account number
   */
  public List<Cown<Account>> accounts() {
    return accounts;
  }

  /**
   * A transfer: a behaviour over the two accounts, scheduled when the {@code Mono} is subscribed.
   *
   * @param request the transfer
   * @return its outcome, emitted once the behaviour has released both accounts
   * @throws IllegalArgumentException if an account does not exist, they are the same, or the amount
   *     is not positive
   */
  public Mono<Transfer> transfer(TransferRequest request) {
    int from = request.from();
    int to = request.to();
    long amount = request.amount();
    check(from >= 0 && from < accounts.size(), "no account " + from);
    check(to >= 0 && to < accounts.size(), "no account " + to);
    check(from != to, "from and to are the same account");
    check(amount > 0, "the amount must be positive");
    return bridge.mono(accounts.get(from), accounts.get(to), (a, b) -> {
      Account debited = a.get();
      Account credited = b.get();
      if (debited.balance() < amount) {
        return new Transfer(0, from, to, amount, false, debited.balance(), credited.balance());
      }
      long id = ids.incrementAndGet();
      debited.post(id, -amount);
      credited.post(id, amount);
      return new Transfer(id, from, to, amount, true, debited.balance(), credited.balance());
    });
  }

  /**
   * Every balance, read in one behaviour over all the accounts: a consistent cut.
   *
   * @return the balances, by account number
   */
  public Mono<List<Long>> balances() {
    return bridge.mono(Cown.group(accounts),
        all -> all.stream().map(account -> account.get().balance()).toList());
  }

  private static void check(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }
}
