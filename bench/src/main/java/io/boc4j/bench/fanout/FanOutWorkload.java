package io.boc4j.bench.fanout;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.List;
import java.util.Map;

/**
 * bocpy's fan-out runtime benchmark with a fan-in: in each round one producer schedules N = 256
 * independent behaviours, each over a fresh cown of its own, doing U us of work and returning a
 * value; a final behaviour joins their N result cowns (plus the producer) and starts the next round.
 * One operation is one fanned-out behaviour; a round costs N + 2 behaviours.
 *
 * <p>Peer: raw {@link java.util.concurrent.ForkJoinPool} tasks with the same hand-offs: the round
 * forks N child tasks, and a {@link java.util.concurrent.CountedCompleter} runs the join when the
 * last child finishes, which forks the next round. The scheduling floor.
 */
public final class FanOutWorkload extends AbstractWorkload {

  static final int WIDTH = 256;

  /** Fan-out / fan-in on boc4j and on raw ForkJoinPool tasks. */
  public FanOutWorkload() {
    super("fanout", "tasks/s", 20_000_000, impl("boc4j", BocFanOut::new),
        impl("fjp", FjpFanOut::new));
  }

  @Override
  public String description() {
    return """
      bocpy's fan-out plus a fan-in: per round the producer \
      schedules 256 `when`s over fresh cowns and one behaviour joining their result cowns, which \
      starts the next round. Peer: `fjp`, a `CountedCompleter` per round.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return workByWorkers(d, null, null);
  }

  /** Rounds for a requested task count. */
  static int rounds(long ops) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ops / WIDTH));
  }

  /** What child i returns; the joins add these up. */
  static long value(int i) {
    return i;
  }

  /** The sum every join must see. */
  static long roundSum() {
    return (long) WIDTH * (WIDTH - 1) / 2;
  }

  static Map<String, Object> params(int rounds) {
    return Map.of("width", WIDTH, "rounds", rounds);
  }
}
