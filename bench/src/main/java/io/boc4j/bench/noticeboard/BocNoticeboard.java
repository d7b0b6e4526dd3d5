package io.boc4j.bench.noticeboard;

import io.boc4j.Boc;
import io.boc4j.Noticeboard;
import io.boc4j.bench.BocSession;
import io.boc4j.bench.Config;
import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.Trial;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * P posting threads {@link Noticeboard#update} a runtime's noticeboard (2 workers commit), then
 * {@link Noticeboard#sync()}; the run ends after every sync and a {@link Boc#quiesce}.
 */
final class BocNoticeboard extends BocSession {

  private static final UnaryOperator<Object> INCREMENT = v -> (Integer) v + 1;
  private static final Integer ZERO = 0;

  private final int threads;
  private final Noticeboard board;
  private final FixedThreads posters;

  BocNoticeboard(Config config) {
    super(NoticeboardWorkload.BOC_WORKERS, "noticeboard-boc4j-");
    this.threads = config.workers();
    this.board = boc.noticeboard();
    this.posters = new FixedThreads(threads, "noticeboard-boc4j-poster-");
  }

  @Override
  public Trial prepare(long ops) throws Exception {
    for (String key : NoticeboardWorkload.KEY_NAMES) {
      board.delete(key);
    }
    board.sync();
    boc.quiesce(Duration.ofSeconds(30));
    int n = NoticeboardWorkload.perThread(ops, threads);
    long failedBefore = board.failedUpdates();
    String[] keys = NoticeboardWorkload.KEY_NAMES;
    int mask = NoticeboardWorkload.KEYS - 1;
    return new QuiescingTrial() {
      private final long[] counts = new long[NoticeboardWorkload.KEYS];
      private final FixedThreads.Launch launch = posters.launch(t -> {
        for (int i = 0; i < n && !cancelled; i++) {
          board.update(keys[(t + i) & mask], INCREMENT, ZERO);
        }
        try {
          board.sync();
        } catch (TimeoutException e) {
          throw new IllegalStateException(e);
        }
      });

      @Override
      public void start() {
        launch.start();
      }

      @Override
      public boolean await(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        return launch.await(timeoutNanos)
            && quiesce(boc, Math.max(0, deadline - System.nanoTime()));
      }

      @Override
      public long ops() {
        return (long) n * threads;
      }

      @Override
      public String verify() {
        if (launch.failure() != null) {
          return "a posting thread threw " + launch.failure();
        }
        long failed = board.failedUpdates() - failedBefore;
        if (failed != 0) {
          return failed + " updates failed";
        }
        for (int k = 0; k < NoticeboardWorkload.KEYS; k++) {
          Object v = board.read(keys[k]);
          counts[k] = v == null ? 0 : ((Integer) v).longValue();
        }
        return NoticeboardWorkload.check(counts, threads, n);
      }

      @Override
      public Map<String, Object> params() {
        return NoticeboardWorkload.params(threads, n, NoticeboardWorkload.BOC_WORKERS);
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
    super.close();
  }
}
