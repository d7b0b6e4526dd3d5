package io.boc4j.internal;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Settles, at shutdown, the behaviours that wait behind bodies which outlived the shutdown timeout
 * (L22, R09). Such a body never returns its cowns, so what queued behind it would otherwise stay
 * pending for as long as the body runs: maybe for ever. Each waiting behaviour found is settled
 * ({@link Behaviour#trySettle}): its result cown gets the shutdown exception and is released, its
 * observers complete (ahead of its other cowns' release, which waits for the blocking body), and it
 * counts as completed; its body never runs, and if the blocking body ever returns, the behaviour is
 * dropped on arrival and only passes its cowns on.
 *
 * <p>The walk starts from the behaviours whose bodies run now (on workers, and the pinned one on
 * the main thread) and follows every link a waiter can be reached by: each request's successor
 * link (a writer's, or a waiting reader's), and behind an active reader the writer registered for
 * its cown. A behaviour reached is itself followed, so a waiter that holds some cowns while it waits
 * for others leads to the behaviours queued behind those. The running roots are followed but never
 * settled. The links are read while other threads may still move them: a link read late only makes
 * the walk reach fewer behaviours, never a wrong one, since settling checks the behaviour's own
 * counter and refuses one that is ready (a stale link can lead to a behaviour that already ran).
 *
 * <p>Not reached: behaviours behind a synchronous take held by a thread (the take is that thread's
 * to end) and behind a behaviour whose body ran but whose release back-pressure holds on a worker
 * that never returns. Runs on the closing thread only.
 */
final class Settlement {

  private final Generation generation;
  private final Set<Behaviour> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ArrayDeque<Behaviour> toVisit = new ArrayDeque<>();
  private int settled;

  private Settlement(Generation generation) {
    this.generation = generation;
  }

  /**
   * Settles every behaviour found waiting behind {@code roots}.
   *
   * @param generation the dropping generation; accounts for each settled behaviour
   * @param roots behaviours whose bodies run now (nulls are skipped)
   * @return how many behaviours this call settled
   */
  static int settleBehind(Generation generation, Iterable<Behaviour> roots) {
    Settlement s = new Settlement(generation);
    for (Behaviour root : roots) {
      if (root != null && s.seen.add(root)) { // running: never settled, only followed
        s.toVisit.add(root);
      }
    }
    s.walk();
    return s.settled;
  }

  private void walk() {
    Behaviour b;
    while ((b = toVisit.poll()) != null) {
      for (int i = 0, n = b.requestCount(); i < n; i++) {
        follow(b.request(i), b.cownAt(i));
      }
      Request result = b.resultRequest();
      if (result != null) {
        follow(result, b.resultCore());
      }
    }
  }

  private void follow(Request r, CownCore c) {
    Request next = r.lvNext(c);
    if (next != null) {
      reach(next.behaviour());
    }
    if (r.readOnlyOn(c)) { // behind active readers a writer waits in the cown, not in a link
      Request writer = c.lvNextWriter();
      if (writer != null) {
        reach(writer.behaviour());
      }
    }
  }

  private void reach(Behaviour b) {
    if (!seen.add(b)) {
      return;
    }
    toVisit.add(b);
    if (generation.settle(b)) {
      settled++;
    }
  }
}
