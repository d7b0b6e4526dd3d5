package io.boc4j.bench;

import io.boc4j.bench.bank.BankWorkload;
import io.boc4j.bench.chain.ChainRingWorkload;
import io.boc4j.bench.dining.DiningWorkload;
import io.boc4j.bench.fanout.FanOutWorkload;
import io.boc4j.bench.messaging.MessagingWorkload;
import io.boc4j.bench.noticeboard.NoticeboardWorkload;
import io.boc4j.bench.pinned.PinnedOverlayWorkload;
import java.util.ArrayList;
import java.util.List;

/** The registry of workloads, in suite order. A new workload is one more entry here. */
public final class Workloads {

  private static final List<Workload> ALL = List.of(
      new BankWorkload(), new DiningWorkload(), new ChainRingWorkload(), new FanOutWorkload(),
      new MessagingWorkload(), new NoticeboardWorkload(), new PinnedOverlayWorkload());

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

  /**
   * Splits a plan into runs of consecutive cells with the same workload and configuration: the
   * implementations that {@link CellRunner#runTogether} measures interleaved.
   */
  static List<List<Cell>> byConfiguration(List<Cell> cells) {
    List<List<Cell>> groups = new ArrayList<>();
    for (Cell c : cells) {
      List<Cell> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      if (last != null && last.get(0).workload() == c.workload()
          && last.get(0).config().equals(c.config())) {
        last.add(c);
      } else {
        groups.add(new ArrayList<>(List.of(c)));
      }
    }
    return groups;
  }

  /** The cells selected by the options, in run order: workload, then configuration, then impl. */
  static List<Cell> plan(Options o) {
    List<Cell> cells = new ArrayList<>();
    for (Workload w : ALL) {
      if (o.workloads != null && !o.workloads.contains(w.name())) {
        continue;
      }
      for (Config c : w.configs(o.dimensions(w))) {
        for (String impl : w.impls()) {
          if (o.impls == null || o.impls.contains(impl)) {
            cells.add(new Cell(w, impl, c));
          }
        }
      }
    }
    return cells;
  }
}
