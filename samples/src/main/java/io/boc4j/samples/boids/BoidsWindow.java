package io.boc4j.samples.boids;

import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.WindowConstants;

/**
 * A Swing window showing the frames as they are drawn. Swing components belong to the event
 * dispatch thread; with {@code --window} that thread is the runtime's main thread (the pump driver
 * runs on it), so the frame's pinned behaviour may hand the window its canvas directly.
 *
 * <p>Threading: create and use it on the event dispatch thread only.
 */
final class BoidsWindow {

  private final JFrame frame = new JFrame("boc4j boids");
  private final Canvas canvas = new Canvas();

  /** A window for frames of {@code size} by {@code size} pixels, shown at once. */
  BoidsWindow(int size) {
    canvas.setPreferredSize(new Dimension(size, size));
    frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
    frame.add(canvas);
    frame.pack();
    frame.setVisible(true);
  }

  /** Shows {@code image} (read now, while painting, on this thread). */
  void show(BufferedImage image) {
    canvas.image = image;
    canvas.paintImmediately(0, 0, canvas.getWidth(), canvas.getHeight());
  }

  /** Closes the window. */
  void close() {
    frame.dispose();
  }

  private static final class Canvas extends JComponent {

    private static final long serialVersionUID = 1L;

    transient BufferedImage image;

    @Override
    protected void paintComponent(Graphics g) {
      if (image != null) {
        g.drawImage(image, 0, 0, null);
      }
    }
  }
}
