package io.boc4j.bench;

import io.boc4j.bench.bank.BankWorkload;
import io.boc4j.bench.chain.ChainRingWorkload;
import io.boc4j.bench.dining.DiningWorkload;
import io.boc4j.bench.fanout.FanOutWorkload;
import io.boc4j.bench.messaging.MessagingWorkload;
import io.boc4j.bench.metrics.MetricsWorkload;
import io.boc4j.bench.mono.MonoWorkload;
import io.boc4j.bench.noticeboard.NoticeboardWorkload;
import io.boc4j.bench.pinned.PinnedOverlayWorkload;
import io.boc4j.bench.readers.ReadersWorkload;
import java.util.List;

/**
 * The registry of workloads, in suite order. A new workload is its class plus one entry here; the
 * plan, the command line's help, the JSON and the report pick it up from this list.
 */
public final class Workloads {

  private static final List<Workload> ALL = List.of(
      new BankWorkload(), new DiningWorkload(), new ChainRingWorkload(), new FanOutWorkload(),
      new MessagingWorkload(), new NoticeboardWorkload(), new PinnedOverlayWorkload(),
      new MonoWorkload(), new MetricsWorkload(), new ReadersWorkload());

  private Workloads() {}

  /** @return every workload, in suite order */
  public static List<Workload> all() {
    return ALL;
  }

  /**
   * Looks a workload up by name.
   *
   * @param name the name
   * @return the workload
   * @throws IllegalArgumentException if there is none by that name
   */
  public static Workload byName(String name) {
    for (Workload w : ALL) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + names());
  }

  /** @return the workload names, comma-separated */
  public static String names() {
    return String.join(",", ALL.stream().map(Workload::name).toList());
  }
}
