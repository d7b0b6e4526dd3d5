package io.boc4j.samples.boids;

import io.boc4j.Cown;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The main thread's view of the flock: every boid's last position and the canvas the frames are
 * drawn on, standing in for what a real program keeps on its UI or render thread (a Swing
 * component, a GL context). It lives in a {@code PinnedCown}, so only behaviours on the runtime's
 * main thread ever touch it; {@link #threads()} records every thread that did, so that a test can
 * prove it.
 *
 * <p>Once per frame, the frame's one pinned behaviour calls {@link #commit}: it batches the results
 * of every cell (the coarse-grained pinned pattern: one main-thread behaviour per frame, not one per
 * cell or per boid), re-bins the boids that crossed into another cell, and draws the frame.
 */
final class Scene {

  private static final Color BACKGROUND = new Color(12, 18, 32);

  private final Rules rules;
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private List<Boid> flock = List.of();
  private BufferedImage canvas;
  private int frame;

  /** An empty scene of a world by {@code rules}; nothing is drawn until the first commit. */
  Scene(Rules rules) {
    this.rules = rules;
  }

  /**
   * Takes every cell's stepped boids into the scene, gives each cell the boids now inside it, and
   * draws the frame. The caller holds every cell (the frame's pinned behaviour).
   *
   * @param cells every cell, in index order
   * @return the snapshot the next frame's steps read
   */
  Snapshot commit(List<Cown<Cell>> cells) {
    touch();
    List<Boid> all = new ArrayList<>(flock.size());
    List<List<Boid>> bins = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      bins.add(new ArrayList<>());
    }
    for (Cown<Cell> cell : cells) {
      for (Boid b : cell.get().boids()) {
        all.add(b);
        bins.get(rules.cellOf(b.x(), b.y())).add(b);
      }
    }
    for (int i = 0; i < cells.size(); i++) {
      cells.get(i).get().reset(bins.get(i));
    }
    flock = all;
    frame++;
    draw();
    return new Snapshot(rules, bins);
  }

  /** The frames committed so far. */
  int frame() {
    touch();
    return frame;
  }

  /** A copy of the canvas as the last commit drew it, for code off the main thread to keep. */
  BufferedImage copyOfCanvas() {
    touch();
    BufferedImage copy = new BufferedImage(canvas.getWidth(), canvas.getHeight(), canvas.getType());
    copy.setData(canvas.getRaster());
    return copy;
  }

  /** The canvas itself, for a window on the main thread to paint. */
  BufferedImage canvas() {
    touch();
    return canvas;
  }

  /** The names of every thread that has touched this scene. Any thread may ask. */
  Set<String> threads() {
    return Set.copyOf(threads);
  }

  private void touch() {
    threads.add(Thread.currentThread().getName());
  }

  private void draw() {
    int size = (int) rules.size();
    if (canvas == null) {
      canvas = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB); // on the main thread
    }
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(BACKGROUND);
      g.fillRect(0, 0, size, size);
      for (Boid b : flock) {
        double heading = Math.atan2(b.vy(), b.vx());
        g.setColor(Color.getHSBColor((float) ((heading + Math.PI) / (2 * Math.PI)), 0.55f, 1f));
        g.fill(arrow(b, heading));
      }
    } finally {
      g.dispose();
    }
  }

  /** A small triangle at the boid, pointing where it flies. */
  private static Path2D arrow(Boid b, double heading) {
    double c = Math.cos(heading);
    double s = Math.sin(heading);
    Path2D.Double p = new Path2D.Double();
    p.moveTo(b.x() + 6 * c, b.y() + 6 * s);
    p.lineTo(b.x() - 4 * c - 3 * s, b.y() - 4 * s + 3 * c);
    p.lineTo(b.x() - 4 * c + 3 * s, b.y() - 4 * s - 3 * c);
    p.closePath();
    return p;
  }
}
