package io.boc4j.bench.noticeboard;

import io.boc4j.bench.Config;
import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.LaunchedTrial;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The peer: P threads {@code merge(key, 1, Integer::sum)} into a fresh {@link ConcurrentHashMap}. */
final class MapNoticeboard implements Session {

  private static final Integer ONE = 1;

  private final int threads;
  private final FixedThreads posters;

  MapNoticeboard(Config config) {
    this.threads = config.workers();
    this.posters = new FixedThreads(threads, "noticeboard-chm-poster-");
  }

  @Override
  public Trial prepare(long ops) {
    int n = NoticeboardWorkload.perThread(ops, threads);
    ConcurrentHashMap<String, Integer> map = new ConcurrentHashMap<>();
    String[] keys = NoticeboardWorkload.KEY_NAMES;
    int mask = NoticeboardWorkload.KEYS - 1;
    AtomicBoolean cancelled = new AtomicBoolean();
    FixedThreads.Launch launch = posters.launch(t -> {
      for (int i = 0; i < n && !cancelled.get(); i++) {
        map.merge(keys[(t + i) & mask], ONE, Integer::sum);
      }
    });
    return new LaunchedTrial(launch, cancelled) {
      private final long[] counts = new long[NoticeboardWorkload.KEYS];

      @Override
      public long ops() {
        return (long) n * threads;
      }

      @Override
      public String verify() {
        String failure = threadFailure("a posting thread");
        if (failure != null) {
          return failure;
        }
        for (int k = 0; k < NoticeboardWorkload.KEYS; k++) {
          counts[k] = map.getOrDefault(keys[k], 0);
        }
        return NoticeboardWorkload.check(counts, threads, n);
      }

      @Override
      public Map<String, Object> params() {
        return NoticeboardWorkload.params(threads, n, null);
      }

      @Override
      public Map<String, Object> facts() {
        long sum = 0;
        for (long c : counts) {
          sum += c;
        }
        return Map.of("finalCount", sum, "expectedCount", ops());
      }
    };
  }

  @Override
  public void close() {
    posters.close();
  }
}
