package io.boc4j.bench.bank;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;

/** The bank with {@code synchronized} on both accounts in index order, then on the log. */
final class SyncBank extends ThreadBank {

  SyncBank(Config config) {
    super(config, "synchronized");
  }

  @Override
  Ledger newLedger() {
    Object log = new Object();
    return new Ledger(config.accounts()) {
      @Override
      void transact(int from, int to, int workUs) {
        Account first = accounts[Math.min(from, to)];
        Account second = accounts[Math.max(from, to)];
        synchronized (first) {
          synchronized (second) {
            BusyWork.spin(workUs);
            accounts[from].transferTo(accounts[to]);
            synchronized (log) {
              logged++;
            }
          }
        }
      }
    };
  }
}
