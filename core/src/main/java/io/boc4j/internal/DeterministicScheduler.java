package io.boc4j.internal;

import java.util.ArrayList;
import java.util.SplittableRandom;

/**
 * The ready set of a deterministic generation: behaviours whose cowns are all held, waiting for the
 * one driving thread to pick them. The pick is uniformly random among the ready ones, from a seeded
 * generator, so a run is a function of the seed and of the order in which the program schedules;
 * replaying a seed replays the interleaving. BoC's guarantees hold whatever the pick: only ready
 * behaviours run, so acquisition order and exclusivity are the protocol's as always.
 *
 * <p>Threading: the driving thread picks; any thread may add (a body run by the driver, or another
 * thread's {@code when}), so both take this object's monitor. Determinism is promised for programs
 * that schedule only from the driving thread and from bodies.
 */
final class DeterministicScheduler {

  private final SplittableRandom random;
  private final ArrayList<Behaviour> ready = new ArrayList<>(); // guarded by this

  DeterministicScheduler(long seed) {
    this.random = new SplittableRandom(seed);
  }

  synchronized void add(Behaviour b) {
    ready.add(b);
  }

  /**
   * Picks one of the ready behaviours, or the next pinned one, at random.
   *
   * @param pinnedReady whether a pinned behaviour is ready for the driving thread
   * @return the index of the chosen ready behaviour, or -1 for the pinned one, or -2 for none
   */
  synchronized int choose(boolean pinnedReady) {
    int n = ready.size() + (pinnedReady ? 1 : 0);
    if (n == 0) {
      return -2;
    }
    int i = random.nextInt(n);
    return i == ready.size() ? -1 : i;
  }

  /** Removes and returns the ready behaviour at {@code i}; the last one fills its place. */
  synchronized Behaviour take(int i) {
    Behaviour b = ready.get(i);
    Behaviour last = ready.remove(ready.size() - 1);
    if (i < ready.size()) {
      ready.set(i, last);
    }
    return b;
  }

  /** Removes and returns every ready behaviour (shutdown drop). */
  synchronized ArrayList<Behaviour> takeAll() {
    ArrayList<Behaviour> all = new ArrayList<>(ready);
    ready.clear();
    return all;
  }
}
