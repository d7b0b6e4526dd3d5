package io.boc4j.bench.readers;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The readers' table with one {@link ReentrantReadWriteLock} per account: a read takes every read
 * lock in index order, a write both write locks in index order.
 */
final class RwLockReaders extends ThreadReaders {

  RwLockReaders(Config config) {
    super(config, "rwlock");
  }

  @Override
  Table newTable(int accounts) {
    ReentrantReadWriteLock[] locks = new ReentrantReadWriteLock[accounts];
    for (int i = 0; i < accounts; i++) {
      locks[i] = new ReentrantReadWriteLock();
    }
    return new Table(accounts) {
      @Override
      long read(int workUs) {
        for (ReentrantReadWriteLock l : locks) {
          l.readLock().lock();
        }
        try {
          long sum = 0;
          for (long b : balances) {
            sum += b;
          }
          BusyWork.spin(workUs);
          return sum;
        } finally {
          for (int i = locks.length - 1; i >= 0; i--) {
            locks[i].readLock().unlock();
          }
        }
      }

      @Override
      void write(int from, int to, int workUs) {
        ReentrantReadWriteLock.WriteLock first = locks[Math.min(from, to)].writeLock();
        ReentrantReadWriteLock.WriteLock second = locks[Math.max(from, to)].writeLock();
        first.lock();
        try {
          second.lock();
          try {
            balances[from]--;
            balances[to]++;
            BusyWork.spin(workUs);
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
