package io.boc4j.kafka;

import io.boc4j.kafka.Command.Transfer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What every account must hold after a load in which no transfer is refused: then the result does
 * not depend on the order in which instances applied the transfers, so exactly-once can be checked
 * account by account — a lost or doubled debit or credit shows as a wrong balance and a wrong
 * count. A transfer to an account that does not exist comes back to its source: paid and received
 * there.
 */
final class Expectation {

  private final long opening;
  private final long[] balance;
  private final long[] sent;
  private final long[] received;

  private Expectation(int accounts, long opening) {
    this.opening = opening;
    this.balance = new long[accounts];
    this.sent = new long[accounts];
    this.received = new long[accounts];
    Arrays.fill(balance, opening);
  }

  /** The expected end state of accounts {@code 0..accounts-1} after {@code load}. */
  static Expectation of(Load load, int accounts, long opening) {
    Expectation e = new Expectation(accounts, opening);
    for (Transfer t : load.transfers()) {
      e.sent[t.from()]++;
      e.balance[t.from()] -= t.amount();
      int payee = t.to() < accounts ? t.to() : t.from(); // returned when the payee is unknown
      e.received[payee]++;
      e.balance[payee] += t.amount();
    }
    return e;
  }

  /** The total every audit must find. */
  long total() {
    return opening * balance.length;
  }

  /**
   * How {@code actual} differs from the expectation, at most {@code limit} differences.
   *
   * @return empty if every account holds exactly what it must, none is missing and none is extra
   */
  List<String> differences(Map<Integer, Account> actual, int limit) {
    List<String> out = new ArrayList<>();
    if (actual.size() != balance.length) {
      out.add(actual.size() + " accounts, expected " + balance.length);
    }
    for (int id = 0; id < balance.length && out.size() < limit; id++) {
      Account a = actual.get(id);
      if (a == null) {
        out.add("account " + id + " is missing");
      } else if (a.balance() != balance[id] || a.sent() != sent[id]
          || a.received() != received[id] || a.refused() != 0) {
        out.add("account " + id + ": balance " + a.balance() + " sent " + a.sent() + " received "
            + a.received() + " refused " + a.refused() + "; expected balance " + balance[id]
            + " sent " + sent[id] + " received " + received[id] + " refused 0");
      }
    }
    return out;
  }
}
