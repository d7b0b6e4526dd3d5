package io.boc4j;

import java.util.Map;

/**
 * The noticeboard of a {@link Boc} runtime (SPEC section 6). Implementation pending.
 */
public final class Noticeboard {

  private final Boc boc;
  private final int capacity;
  private final int maxKeyBytes;

  Noticeboard(Boc boc, int capacity, int maxKeyBytes) {
    this.boc = boc;
    this.capacity = capacity;
    this.maxKeyBytes = maxKeyBytes;
  }

  /** Runtime hook: a generation started. */
  void onStart() {}

  /**
   * Runtime hook (waitAll / quiesce, after quiescence): commit every posted mutation and return the
   * detached final map.
   */
  Map<String, Object> commitAndSnapshot() {
    return Map.of();
  }

  /** Runtime hook: the generation was torn down; the board is emptied. */
  void onTeardown() {}
}
