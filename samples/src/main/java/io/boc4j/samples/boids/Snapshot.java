package io.boc4j.samples.boids;

import java.util.List;
import java.util.function.Consumer;

/**
 * Every boid at the start of a frame, binned by cell. Immutable: the frame's pinned behaviour builds
 * it, and every cell's step of the next frame reads it without holding anything, because nobody
 * ever writes it again.
 */
final class Snapshot {

  private final Rules rules;
  private final List<List<Boid>> byCell;

  /** Boids binned by cell index; the lists are not copied and must not change afterwards. */
  Snapshot(Rules rules, List<List<Boid>> byCell) {
    this.rules = rules;
    this.byCell = byCell;
  }

  /** The boids in cell {@code cell}. */
  List<Boid> cell(int cell) {
    return byCell.get(cell);
  }

  /** Calls {@code action} for every boid in cell {@code cell} and the eight cells around it. */
  void forEachNear(int cell, Consumer<Boid> action) {
    int grid = rules.grid();
    int row = cell / grid;
    int col = cell % grid;
    // On a grid narrower than three cells the wrap-around visits a cell twice: visit each once.
    int span = Math.min(3, grid);
    for (int dr = 0; dr < span; dr++) {
      for (int dc = 0; dc < span; dc++) {
        int r = Math.floorMod(row - 1 + dr, grid);
        int c = Math.floorMod(col - 1 + dc, grid);
        byCell.get(r * grid + c).forEach(action);
      }
    }
  }
}
