package io.boc4j.bench.pinned;

import io.boc4j.PumpLimits;
import io.boc4j.Action;
import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.boc4j.PumpResult;
import io.boc4j.bench.BocSession;
import io.boc4j.bench.Config;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import io.boc4j.bench.chain.BocChainRing;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chain ring with the measuring thread as the runtime's main thread, pumping one
 * self-rescheduling pinned behaviour ({@code overlay}) or only polling for the end (without). See
 * {@link PinnedOverlayWorkload}. Every call of a trial runs on the harness thread, which is bound as
 * the main thread when the session opens.
 */
final class PinnedOverlay implements Session {

  private static final long PERIOD_NANOS = PinnedOverlayWorkload.PUMP_PERIOD_US * 1_000;

  private final boolean overlay;
  private final BocChainRing ring;
  private final Boc boc;

  PinnedOverlay(Config config, boolean overlay) {
    this.overlay = overlay;
    this.ring = new BocChainRing(config, overlay ? "pinned-overlay-boc4j-" : "pinned-plain-boc4j-");
    this.boc = ring.boc();
    boc.mainThread().bind(); // the harness thread: it schedules, pumps and waits
  }

  @Override
  public Trial prepare(long ops) {
    BocChainRing.Run run = ring.prepare(ops);
    long[] counter = new long[1];
    PinnedCown<long[]> pinned = PinnedCown.of(counter); // on the (bound) main thread
    return new Trial() {
      private volatile boolean stop;
      private boolean pinnedDone;
      private long pumps;
      private long pumped;
      private long startNanos;
      private long ringNanos;
      private final Action.Of1<Cown<long[]>> tick = this::tick;

      /** The pinned body: runs on the main thread, inside a pump. */
      private void tick(Cown<long[]> c) {
        c.get()[0]++;
        if (stop) {
          pinnedDone = true;
        } else {
          boc.run(pinned, tick);
        }
      }

      @Override
      public void start() {
        startNanos = System.nanoTime();
        run.start();
        if (overlay) {
          boc.run(pinned, tick);
        }
      }

      @Override
      public boolean await(long timeoutNanos) throws InterruptedException {
        long deadline = startNanos + timeoutNanos;
        long next = System.nanoTime() + PERIOD_NANOS;
        while (!run.finished()) {
          long now = System.nanoTime();
          if (now - deadline >= 0) {
            return false;
          }
          if (now - next >= 0) {
            if (overlay) {
              PumpResult r = boc.mainThread().pump(PumpLimits.maxBehaviours(1));
              pumps++;
              pumped += r.executed();
            }
            next = now + PERIOD_NANOS;
          }
        }
        ringNanos = System.nanoTime() - startNanos;
        stop = true;
        while (overlay && !pinnedDone) { // the queued pinned behaviour sees stop and ends
          if (System.nanoTime() - deadline >= 0) {
            return false;
          }
          pumped += boc.mainThread().pump().executed();
        }
        // the last chain steps' bodies have returned or are returning
        return BocSession.quiesce(boc, Math.max(0, deadline - System.nanoTime()));
      }

      @Override
      public void cancel() {
        stop = true;
        run.cancel();
      }

      @Override
      public long ops() {
        return run.ops();
      }

      @Override
      public String verify() throws Exception {
        String problem = run.verify();
        if (problem != null || !overlay) {
          return problem;
        }
        long ticks = counter[0]; // bumped by pinned bodies, which ran on this very thread
        // At least once: the behaviour scheduled in start() is drained at the end if not before.
        return ticks == pumped && ticks >= 1 ? null
            : "the pinned behaviour ran " + ticks + " times, and the pumps report " + pumped;
      }

      @Override
      public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>(run.params());
        m.put("pumpPeriodUs", PinnedOverlayWorkload.PUMP_PERIOD_US);
        if (overlay) {
          m.put("pumps", pumps);
          m.put("pinnedBehaviours", pumped);
          m.put("pinnedPerSecond", ringNanos == 0 ? null : Math.round(pumped * 1e9 / ringNanos));
        }
        return m;
      }
    };
  }

  @Override
  public void close() {
    boc.close();
  }
}
