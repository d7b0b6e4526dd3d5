package io.boc4j.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every ownership interval (partition, instance, generation, from, to) reported by
 * instances, in one global order, and every moment a partition was taken while another instance
 * still held it. Shared by all instances of a test; any thread.
 */
final class OwnershipLog implements OwnershipListener {

  /**
   * One instance's tenure of one partition, in the log's event order.
   *
   * @param partition the partition
   * @param instance the owner
   * @param generation the group generation of the assignment
   * @param from the event number of the acquisition
   * @param to the event number of the release, or -1 while it lasts
   * @param clean whether the release committed the final state
   */
  record Interval(int partition, String instance, int generation, long from, long to,
      boolean clean) {}

  private final Map<Integer, Interval> current = new HashMap<>();
  private final List<Interval> closed = new ArrayList<>();
  private final List<String> overlaps = new ArrayList<>();
  private long events;

  @Override
  public synchronized void acquired(String instance, int partition, int generation) {
    Interval held = current.get(partition);
    if (held != null) {
      overlaps.add("partition " + partition + " taken by " + instance + " in generation "
          + generation + " while " + held.instance() + " (generation " + held.generation()
          + ") still held it");
    }
    current.put(partition, new Interval(partition, instance, generation, ++events, -1, false));
  }

  @Override
  public synchronized void released(String instance, int partition, int generation,
      boolean clean) {
    Interval held = current.get(partition);
    if (held == null || !held.instance().equals(instance)) {
      overlaps.add(instance + " released partition " + partition + " held by " + held);
      return;
    }
    current.remove(partition);
    closed.add(new Interval(partition, instance, generation, held.from(), ++events, clean));
  }

  /** Every moment two instances held one partition, in words; empty if none. */
  synchronized List<String> overlaps() {
    return List.copyOf(overlaps);
  }

  /** The finished intervals, in release order. */
  synchronized List<Interval> intervals() {
    return List.copyOf(closed);
  }
}
