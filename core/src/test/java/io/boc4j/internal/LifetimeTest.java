package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Lifetime figures count every generation once, whenever the reader read the current generation
 * relative to the teardowns: driven on generations whose workers never start, each completing a
 * known number of behaviours on the calling thread.
 */
class LifetimeTest {

  private static Generation completing(int behaviours) {
    Generation g = Generation.unstarted(1);
    for (int i = 0; i < behaviours; i++) {
      g.completedElsewhere(null);
    }
    return g;
  }

  @Test
  void aGenerationNotYetRetiredIsCountedLive() {
    Lifetime lifetime = new Lifetime();
    Generation first = completing(50);
    lifetime.retire(first);
    Generation second = completing(30);
    assertEquals(80, lifetime.read(second).completed());
  }

  @Test
  void theGenerationJustRetiredIsCountedOnce() {
    Lifetime lifetime = new Lifetime();
    Generation first = completing(50);
    Generation seenAsCurrent = first; // the reader read it as current, then teardown retired it
    lifetime.retire(first);
    assertEquals(50, lifetime.read(seenAsCurrent).completed());
  }

  /**
   * The reader read {@code first} as current and was held up while it and the next generation were
   * both retired. Tagging the retired figures with the last generation by identity counted {@code
   * first} a second time here (150), and the reader's next read (100) went backwards: the drop
   * {@code CoreSurfaceTest.s11} once saw from 850 to 800.
   */
  @Test
  void aGenerationRetiredTwoTeardownsBeforeTheReadIsCountedOnce() {
    Lifetime lifetime = new Lifetime();
    Generation first = completing(50);
    Generation seenAsCurrent = first;
    lifetime.retire(first);
    Generation second = completing(50);
    lifetime.retire(second);
    assertEquals(100, lifetime.read(seenAsCurrent).completed());
    assertEquals(100, lifetime.read(null).completed());
  }
}
