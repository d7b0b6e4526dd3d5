package io.boc4j.samples.boids;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the world: the boids in it and, after its step, where they went. Lives in an
 * ordinary cown: each frame one worker behaviour steps it, then the frame's pinned behaviour (which
 * holds every cell) collects the results and hands each cell its boids for the next frame. Only the
 * behaviour holding the cown touches it, so its fields need no synchronisation.
 */
final class Cell {

  private final int index;
  private List<Boid> boids;

  /** Cell {@code index} holding {@code boids}. */
  Cell(int index, List<Boid> boids) {
    this.index = index;
    this.boids = boids;
  }

  /** The boids in this cell: before its step, or after it, where the step left them. */
  List<Boid> boids() {
    return boids;
  }

  /** Gives the cell its boids for the next frame. */
  void reset(List<Boid> next) {
    this.boids = next;
  }

  /**
   * Moves every boid of this cell one frame by the rules, seeing its neighbours as {@code frame}
   * shows them. Reads only the immutable snapshot and writes only this cell, so cells step in
   * parallel and the result does not depend on their order.
   */
  void step(Snapshot frame, Rules rules) {
    List<Boid> moved = new ArrayList<>(boids.size());
    for (Boid b : boids) {
      moved.add(steer(b, frame, rules));
    }
    boids = moved;
  }

  private Boid steer(Boid b, Snapshot frame, Rules rules) {
    double[] sum = new double[7]; // count, dx, dy, vx, vy, push x, push y
    double r2 = rules.radius() * rules.radius();
    double s2 = rules.separation() * rules.separation();
    frame.forEachNear(index, n -> {
      if (n.id() == b.id()) {
        return;
      }
      double dx = rules.delta(b.x(), n.x());
      double dy = rules.delta(b.y(), n.y());
      double d2 = dx * dx + dy * dy;
      if (d2 >= r2) {
        return;
      }
      sum[0]++;
      sum[1] += dx;
      sum[2] += dy;
      sum[3] += n.vx();
      sum[4] += n.vy();
      if (d2 < s2) {
        sum[5] -= dx;
        sum[6] -= dy;
      }
    });
    double vx = b.vx();
    double vy = b.vy();
    if (sum[0] > 0) {
      double n = sum[0];
      vx += sum[1] / n * rules.cohesion() + (sum[3] / n - vx) * rules.alignment()
          + sum[5] * rules.avoidance();
      vy += sum[2] / n * rules.cohesion() + (sum[4] / n - vy) * rules.alignment()
          + sum[6] * rules.avoidance();
    }
    double speed = Math.hypot(vx, vy);
    double clamped = Math.max(rules.minSpeed(), Math.min(rules.maxSpeed(), speed));
    if (speed > 0) {
      vx *= clamped / speed;
      vy *= clamped / speed;
    }
    return new Boid(b.id(), rules.wrap(b.x() + vx), rules.wrap(b.y() + vy), vx, vy);
  }
}
