package io.boc4j.bench.noticeboard;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Committed noticeboard updates per second (SPEC section 6): P plain posting threads each post N
 * {@code update(key, v -> (Integer) v + 1, 0)} over a small set of keys (K = 8; thread t's i-th
 * update goes to key (t + i) mod K), then call {@code noticeboard().sync()}; the run ends when every
 * posting thread's sync has returned and {@code boc.quiesce} has returned, so every update is
 * committed. One operation is one update. The runtime has 2 workers (they run the drain rounds
 * that commit); the {@code workers} dimension is P, default 1 and 4; no busy work (U = 0 only). The
 * keys are deleted before each run, so each key's first update starts from the default.
 * Verification: every key holds exactly the number of updates posted to it.
 *
 * <p>Peer: {@code chm}, {@code ConcurrentHashMap.merge(key, 1, Integer::sum)} from the same
 * threads on a fresh map.
 */
public final class NoticeboardWorkload extends AbstractWorkload {

  static final int KEYS = 8;
  static final int BOC_WORKERS = 2;
  static final String[] KEY_NAMES = new String[KEYS];

  static {
    for (int k = 0; k < KEYS; k++) {
      KEY_NAMES[k] = "counter-" + k;
    }
  }

  /** Noticeboard updates on boc4j and on a ConcurrentHashMap. */
  public NoticeboardWorkload() {
    super("noticeboard", "update/s", 20_000_000, impl("boc4j", BocNoticeboard::new),
        impl("chm", MapNoticeboard::new));
  }

  @Override
  public List<Integer> defaultWorkers(boolean quick) {
    return quick ? List.of(4) : List.of(1, 4);
  }

  @Override
  public List<Integer> defaultWorkUs(boolean quick) {
    return List.of(0);
  }

  @Override
  public String description() {
    return """
      committed `update(key, v -> (Integer) v + 1, 0)` from W \
      plain posting threads over 8 keys, on a runtime with 2 workers; each thread then `sync()`s \
      and the run ends after `quiesce`; every key's final count is checked. Peer: `chm`, \
      `ConcurrentHashMap.merge(key, 1, Integer::sum)` from the same threads.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return unloaded(d);
  }

  /** Updates per posting thread for a requested total. */
  static int perThread(long ops, int threads) {
    return (int) Math.max(1, ops / threads);
  }

  /** How many of {@code threads} × {@code perThread} updates go to key {@code k}. */
  static long expected(int k, int threads, int perThread) {
    long sum = 0;
    for (int t = 0; t < threads; t++) {
      int r = Math.floorMod(k - t, KEYS); // thread t's updates i with (t + i) mod K == k
      sum += perThread / KEYS + (r < perThread % KEYS ? 1 : 0);
    }
    return sum;
  }

  /** Compares each key's count with what was posted to it; null if all are right. */
  static String check(long[] counts, int threads, int perThread) {
    long total = 0;
    StringBuilder wrong = new StringBuilder();
    for (int k = 0; k < KEYS; k++) {
      long want = expected(k, threads, perThread);
      total += counts[k];
      if (counts[k] != want) {
        wrong.append(' ').append(KEY_NAMES[k]).append('=').append(counts[k]).append(" (expected ")
            .append(want).append(')');
      }
    }
    return wrong.length() == 0 ? null : "final counts wrong (total " + total + " of "
        + (long) threads * perThread + "):" + wrong;
  }

  static Map<String, Object> params(int threads, int perThread, Integer bocWorkers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("postingThreads", threads);
    m.put("updatesPerThread", perThread);
    m.put("keys", KEYS);
    if (bocWorkers != null) {
      m.put("bocWorkers", bocWorkers);
    }
    return m;
  }
}
