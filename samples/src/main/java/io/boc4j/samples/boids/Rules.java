package io.boc4j.samples.boids;

/**
 * The flocking rules (Reynolds' boids) on a square world that wraps around at its edges, and the
 * grid of cells that partitions it. A cell is at least as wide as the perception radius, so a boid's
 * neighbours are always in its own cell or one of the eight around it.
 *
 * @param size the world's width and height, pixels
 * @param grid cells per side
 * @param radius how far a boid sees its neighbours
 * @param separation how close a neighbour may come before the boid steers away
 * @param cohesion pull towards the neighbours' centre, per frame
 * @param alignment pull towards the neighbours' mean velocity, per frame
 * @param avoidance push away from neighbours closer than {@code separation}, per frame
 * @param minSpeed slowest a boid flies, pixels per frame
 * @param maxSpeed fastest a boid flies, pixels per frame
 */
record Rules(double size, int grid, double radius, double separation, double cohesion,
    double alignment, double avoidance, double minSpeed, double maxSpeed) {

  /** Rules for a world {@code size} pixels wide cut into {@code grid} cells per side. */
  static Rules standard(int size, int grid) {
    double cell = (double) size / grid;
    return new Rules(size, grid, Math.min(cell, 48), 12, 0.006, 0.06, 0.05, 1.5, 4);
  }

  Rules {
    if (grid < 1 || radius > size / grid) {
      throw new IllegalArgumentException("cells of " + size + "/" + grid
          + " px are narrower than the perception radius " + radius + "; use fewer cells");
    }
  }

  /** How many cells the grid has. */
  int cells() {
    return grid * grid;
  }

  /** The index of the cell holding position {@code (x, y)}. */
  int cellOf(double x, double y) {
    int col = Math.min(grid - 1, (int) (x * grid / size));
    int row = Math.min(grid - 1, (int) (y * grid / size));
    return row * grid + col;
  }

  /** The shortest signed distance from {@code a} to {@code b} on one wrapped axis. */
  double delta(double a, double b) {
    double d = b - a;
    if (d > size / 2) {
      return d - size;
    }
    return d < -size / 2 ? d + size : d;
  }

  /** {@code v} brought back into {@code [0, size)}. */
  double wrap(double v) {
    double w = v % size;
    return w < 0 ? w + size : w;
  }
}
