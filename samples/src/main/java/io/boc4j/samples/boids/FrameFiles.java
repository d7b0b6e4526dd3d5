package io.boc4j.samples.boids;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;

/**
 * Writes frames as PNG files ({@code frame-0001.png}, ...) and, at the end, a contact sheet of
 * evenly spaced thumbnails ({@code contact-sheet.png}). Encoding runs on a thread of its own, so the
 * main thread that hands a frame over only copies its canvas and goes on.
 *
 * <p>Threading: {@link #write} from one thread (the main thread); {@link #finish} once, after the
 * last frame, from any thread.
 */
final class FrameFiles {

  private static final int THUMB_SCALE = 3;

  private final Path dir;
  private final int frames;
  private final int thumbnails;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
    Thread t = new Thread(task, "boids-frame-writer");
    t.setDaemon(true);
    return t;
  });
  private final List<Future<Path>> written = new ArrayList<>();
  private final TreeMap<Integer, BufferedImage> thumbs = new TreeMap<>();

  /**
   * Frames of a run of {@code frames} frames go to {@code dir}; {@code thumbnails} of them (0 for
   * none) make the contact sheet.
   */
  FrameFiles(Path dir, int frames, int thumbnails) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.frames = frames;
    this.thumbnails = Math.min(thumbnails, frames);
  }

  /** Hands over frame {@code number} (1-based), which nothing else may touch afterwards. */
  void write(int number, BufferedImage image) {
    Path file = dir.resolve(String.format(Locale.ROOT, "frame-%04d.png", number));
    written.add(writer.submit(() -> {
      png(image, file);
      if (onSheet(number)) {
        synchronized (thumbs) {
          thumbs.put(number, scaled(image));
        }
      }
      return file;
    }));
  }

  /**
   * Waits for every frame to be written, then writes the contact sheet.
   *
   * @return the frame files in order, and the contact sheet last (if any)
   */
  List<Path> finish(Duration timeout) throws Exception {
    writer.shutdown();
    if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("frames were still being written after " + timeout);
    }
    List<Path> files = new ArrayList<>();
    for (Future<Path> f : written) {
      files.add(f.get());
    }
    if (thumbnails > 0) {
      Path sheet = dir.resolve("contact-sheet.png");
      synchronized (thumbs) {
        png(sheet(), sheet);
      }
      files.add(sheet);
    }
    return files;
  }

  /** Whether frame {@code number} is one of the evenly spaced thumbnails, first and last included. */
  private boolean onSheet(int number) {
    if (thumbnails <= 0) {
      return false;
    }
    if (thumbnails == 1) {
      return number == frames;
    }
    for (int k = 0; k < thumbnails; k++) {
      if (1 + Math.round((double) k * (frames - 1) / (thumbnails - 1)) == number) {
        return true;
      }
    }
    return false;
  }

  private BufferedImage sheet() {
    BufferedImage first = thumbs.firstEntry().getValue();
    int w = first.getWidth();
    int h = first.getHeight();
    int cols = (int) Math.ceil(Math.sqrt(thumbs.size()));
    int rows = (thumbs.size() + cols - 1) / cols;
    int gap = 4;
    BufferedImage sheet = new BufferedImage(cols * (w + gap) + gap, rows * (h + gap) + gap,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.DARK_GRAY);
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      int i = 0;
      for (var e : thumbs.entrySet()) {
        int x = gap + (i % cols) * (w + gap);
        int y = gap + (i / cols) * (h + gap);
        g.drawImage(e.getValue(), x, y, null);
        g.setColor(Color.WHITE);
        g.drawString("frame " + e.getKey(), x + 4, y + 14);
        i++;
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }

  private static BufferedImage scaled(BufferedImage image) {
    int w = Math.max(1, image.getWidth() / THUMB_SCALE);
    int h = Math.max(1, image.getHeight() / THUMB_SCALE);
    BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumb.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return thumb;
  }

  private static void png(BufferedImage image, Path file) {
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
