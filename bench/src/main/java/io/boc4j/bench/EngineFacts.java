package io.boc4j.bench;

import io.boc4j.BocStats;
import io.boc4j.WorkerStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What boc4j's engine did during one measured run, from its statistics before and after: how work
 * moved between workers and how often back-pressure held producers. These explain throughput (a
 * behaviour stolen by another worker, or a worker that parks and is woken, costs cache misses and
 * system calls), so the bench reports them beside it, in each boc4j record's {@code facts}.
 */
public final class EngineFacts {

  private EngineFacts() {}

  /**
   * The facts of the run between two samples of one runtime.
   *
   * @param before sampled before the run's first behaviour
   * @param after sampled after the run quiesced
   * @param ops the run's operations, the denominator of the per-1,000 rates
   * @return steals, parks and mutes per 1,000 operations, and the peak in-flight count so far
   */
  public static Map<String, Object> between(BocStats before, BocStats after, long ops) {
    long steals = 0;
    long parks = 0;
    for (WorkerStats w : after.perWorker()) {
      WorkerStats b = before.perWorker().size() > w.workerIndex()
          ? before.perWorker().get(w.workerIndex()) : null;
      steals += w.poppedViaSteal() - (b == null ? 0 : b.poppedViaSteal());
      parks += w.parked() - (b == null ? 0 : b.parked());
    }
    long mutes = after.backPressure().mutes() - before.backPressure().mutes();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stealsPer1000", perThousand(steals, ops));
    m.put("parksPer1000", perThousand(parks, ops));
    m.put("mutesPer1000", perThousand(mutes, ops));
    m.put("peakInFlight", after.peakInFlight());
    return m;
  }

  private static double perThousand(long count, long ops) {
    return ops <= 0 ? 0 : Math.round(count * 1000_000.0 / ops) / 1000.0;
  }
}
