package io.boc4j.bench.bank;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import java.util.concurrent.locks.ReentrantLock;

/** The bank with one {@link ReentrantLock} per account plus one for the log, taken in index order. */
final class LockBank extends ThreadBank {

  LockBank(Config config) {
    super(config, "locks");
  }

  @Override
  Ledger newLedger() {
    int n = config.accounts();
    ReentrantLock[] locks = new ReentrantLock[n];
    for (int i = 0; i < n; i++) {
      locks[i] = new ReentrantLock();
    }
    ReentrantLock logLock = new ReentrantLock();
    return new Ledger(n) {
      @Override
      void transact(int from, int to, int workUs) {
        ReentrantLock first = locks[Math.min(from, to)];
        ReentrantLock second = locks[Math.max(from, to)];
        first.lock();
        try {
          second.lock();
          try {
            BusyWork.spin(workUs);
            accounts[from].transferTo(accounts[to]);
            logLock.lock(); // inside the account locks, as verona-rt's pthread version does
            try {
              logged++;
            } finally {
              logLock.unlock();
            }
          } finally {
            second.unlock();
          }
        } finally {
          first.unlock();
        }
      }
    };
  }
}
