package io.boc4j.metrics;

import io.boc4j.Boc;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Which mailbox tags have a depth gauge of their own, and registering gauges as tags appear.
 *
 * <p>Tags are user data and a mailbox may hold up to a thousand of them, while each tag is one time
 * series. So at most {@code tagLimit} tags per mailbox get a gauge of their own: the first seen
 * (within one scrape, in tag order). Every later tag is summed into one gauge per mailbox whose
 * {@code tag} is {@value #OTHER}, registered when the first such tag appears. A tag keeps its gauge
 * once it has one, also after {@code setTags} freed it (the gauge then reads 0), so the tracked set
 * only grows. A user tag that is literally {@value #OTHER} is summed into the overflow gauge.
 *
 * <p>Threading: {@link #grew} from any thread, lock-free; the rest under the {@link Registrar}'s lock.
 */
final class MailboxMeters {

  /** The {@code tag} value of the gauge summing the tags past the limit. */
  static final String OTHER = "_other";

  private static final MeterSpec DEPTH = MeterCatalog.ALL.stream()
      .filter(s -> s.name().equals(MeterCatalog.MAILBOX_DEPTH)).findFirst().orElseThrow();

  private final MeterFactory factory;
  private final int tagLimit;

  /** Per mailbox, the tags with a gauge of their own. Read lock-free by the overflow gauges. */
  private final Map<String, Set<String>> tracked = new ConcurrentHashMap<>();

  /** Mailboxes that have an overflow gauge. */
  private final Set<String> overflowing = ConcurrentHashMap.newKeySet();

  MailboxMeters(MeterFactory factory, int tagLimit) {
    this.factory = factory;
    this.tagLimit = tagLimit;
  }

  /** Whether {@code s} shows a tag that needs a gauge, its own or the overflow one. Lock-free. */
  boolean grew(Snapshot s) {
    for (Map.Entry<String, Map<String, Integer>> m : s.mailboxDepths().entrySet()) {
      Set<String> mine = tracked.getOrDefault(m.getKey(), Set.of());
      boolean overflowGauge = overflowing.contains(m.getKey());
      for (String tag : m.getValue().keySet()) {
        if (!mine.contains(tag) && !(overflowGauge && overflows(mine, tag))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Registers every gauge already decided on in a newly bound registry. */
  void registerKnown(Boc boc, MeterRegistry registry, BiConsumer<MeterRegistry, Meter> out) {
    tracked.forEach((mailbox, tags) -> {
      for (String tag : tags) {
        out.accept(registry, factory.mailboxTagMeter(DEPTH, mailbox, tag, boc, registry));
      }
    });
    for (String mailbox : overflowing) {
      out.accept(registry,
          factory.mailboxOverflowMeter(DEPTH, mailbox, tracked(mailbox), boc, registry));
    }
  }

  /** Decides on the tags {@code s} adds and registers their gauges in every bound registry. */
  void extend(Snapshot s, Boc boc, List<MeterRegistry> registries,
      BiConsumer<MeterRegistry, Meter> out) {
    for (Map.Entry<String, Map<String, Integer>> m : s.mailboxDepths().entrySet()) {
      String mailbox = m.getKey();
      Set<String> mine = tracked(mailbox);
      for (String tag : new TreeSet<>(m.getValue().keySet())) {
        if (mine.contains(tag)) {
          continue;
        }
        if (!overflows(mine, tag)) {
          mine.add(tag);
          for (MeterRegistry r : registries) {
            out.accept(r, factory.mailboxTagMeter(DEPTH, mailbox, tag, boc, r));
          }
        } else if (overflowing.add(mailbox)) {
          for (MeterRegistry r : registries) {
            out.accept(r, factory.mailboxOverflowMeter(DEPTH, mailbox, mine, boc, r));
          }
        }
      }
    }
  }

  private boolean overflows(Set<String> mine, String tag) {
    return tag.equals(OTHER) || mine.size() >= tagLimit;
  }

  private Set<String> tracked(String mailbox) {
    return tracked.computeIfAbsent(mailbox, k -> ConcurrentHashMap.newKeySet());
  }
}
