package io.boc4j.bench.readers;

import io.boc4j.bench.BusyWork;
import io.boc4j.bench.Config;
import java.util.concurrent.locks.StampedLock;

/**
 * The readers' table with one {@link StampedLock} per account. A read is optimistic: a stamp from
 * every lock, the sum and the busy work, then every stamp validated; if a write intervened (or held
 * a lock when the stamp was taken) the read is done again under every read lock, taken in index
 * order. A write takes both write locks in index order.
 */
final class StampedReaders extends ThreadReaders {

  StampedReaders(Config config) {
    super(config, "stamped");
  }

  @Override
  Table newTable(int accounts) {
    StampedLock[] locks = new StampedLock[accounts];
    for (int i = 0; i < accounts; i++) {
      locks[i] = new StampedLock();
    }
    // Per reading thread: the stamps of its optimistic read.
    ThreadLocal<long[]> stamps = ThreadLocal.withInitial(() -> new long[accounts]);
    return new Table(accounts) {
      @Override
      long read(int workUs) {
        long[] s = stamps.get();
        boolean valid = true;
        for (int i = 0; i < locks.length; i++) {
          s[i] = locks[i].tryOptimisticRead();
          valid &= s[i] != 0;
        }
        long sum = 0;
        if (valid) {
          for (long b : balances) {
            sum += b;
          }
          BusyWork.spin(workUs);
          for (int i = 0; i < locks.length && valid; i++) {
            valid = locks[i].validate(s[i]);
          }
        }
        return valid ? sum : lockedRead(s, workUs);
      }

      /** The pessimistic read: every read lock, in index order. */
      private long lockedRead(long[] s, int workUs) {
        for (int i = 0; i < locks.length; i++) {
          s[i] = locks[i].readLock();
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
            locks[i].unlockRead(s[i]);
          }
        }
      }

      @Override
      void write(int from, int to, int workUs) {
        StampedLock first = locks[Math.min(from, to)];
        StampedLock second = locks[Math.max(from, to)];
        long a = first.writeLock();
        try {
          long b = second.writeLock();
          try {
            balances[from]--;
            balances[to]++;
            BusyWork.spin(workUs);
          } finally {
            second.unlockWrite(b);
          }
        } finally {
          first.unlockWrite(a);
        }
      }
    };
  }
}
