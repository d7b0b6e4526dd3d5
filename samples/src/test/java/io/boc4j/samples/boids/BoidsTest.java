package io.boc4j.samples.boids;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.samples.support.CommandRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BoidsTest {

  private static final int FRAMES = 8;
  private static final Rules RULES = Rules.standard(160, 4);

  @TempDir Path dir;

  private record Flown(Simulation.Outcome outcome, List<Path> files) {}

  private Flown fly(String name, int workers, Path into) throws Exception {
    FrameFiles files = new FrameFiles(into, FRAMES, 4);
    Simulation.Outcome o;
    try (Boc boc = Boc.builder().name(name).workers(workers).build()) {
      o = new Simulation(RULES, 120, FRAMES, 3, Duration.ofMillis(5)).run(boc, files, null, null);
    }
    return new Flown(o, files.finish(Duration.ofSeconds(20)));
  }

  private static int[] pixels(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " does not decode as an image");
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void framesExistDecodeAndDifferFrameToFrame() throws Exception {
    List<Path> files = fly("boids-frames", 2, dir).files();
    assertEquals(FRAMES + 1, files.size(), "every frame and the contact sheet: " + files);
    int[] previous = null;
    for (int n = 1; n <= FRAMES; n++) {
      Path frame = dir.resolve(String.format("frame-%04d.png", n));
      assertEquals(frame, files.get(n - 1));
      assertTrue(Files.size(frame) > 0, frame.toString());
      BufferedImage image = ImageIO.read(frame.toFile());
      assertEquals(160, image.getWidth());
      assertEquals(160, image.getHeight());
      int[] now = pixels(frame);
      if (previous != null) {
        assertFalse(Arrays.equals(previous, now), "frame " + n + " equals frame " + (n - 1));
      }
      previous = now;
    }
    BufferedImage sheet = ImageIO.read(files.get(FRAMES).toFile());
    int thumb = 160 / 3;
    assertEquals(2 * (thumb + 4) + 4, sheet.getWidth(), "a 2 x 2 sheet of thumbnails");
    assertEquals(2 * (thumb + 4) + 4, sheet.getHeight());
  }

  @Test
  void onePinnedBehaviourPerFrameAndTheSceneIsOnlyTouchedOnThePumpThread() throws Exception {
    Simulation.Outcome o = fly("boids-pinned", 2, dir).outcome();
    assertEquals(FRAMES, o.frames());
    assertEquals(FRAMES, o.pinned(), "one pinned behaviour per frame");
    assertEquals((long) FRAMES * RULES.cells(), o.steps(), "one worker behaviour per cell and frame");
    assertEquals("boc4j-pump-boids-pinned", o.mainThread(), "the pump driver's thread is the main"
        + " thread");
    assertEquals(Set.of("boc4j-pump-boids-pinned"), o.sceneThreads());
  }

  @Test
  void theFlightDoesNotDependOnHowManyWorkersStepTheCells() throws Exception {
    fly("boids-one", 1, dir.resolve("one"));
    fly("boids-two", 2, dir.resolve("two"));
    for (int n = 1; n <= FRAMES; n++) {
      String frame = String.format("frame-%04d.png", n);
      assertArrayEquals(pixels(dir.resolve("one").resolve(frame)),
          pixels(dir.resolve("two").resolve(frame)), frame);
    }
  }

  @Test
  void commandWritesTheFramesAndTheContactSheetAndSaysWhoTouchedTheScene() {
    CommandRun run = CommandRun.of(new Boids(), "--boids", "80", "--frames", "6", "--size", "160",
        "--grid", "4", "--sheet", "4", "--workers", "2", "--out", dir.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String out = run.out();
    assertTrue(out.contains("per frame 16 cell behaviours on 2 workers and 1 pinned behaviour"),
        out);
    assertTrue(out.contains("96 cell behaviours on workers, 6 pinned behaviours on the main thread"
        + " boc4j-pump-boids"), out);
    assertTrue(out.contains("the scene was touched by [boc4j-pump-boids]: the main thread only"),
        out);
    assertTrue(out.contains("frames: " + dir.resolve("frame-0001.png") + " .. "
        + dir.resolve("frame-0006.png")), out);
    assertTrue(out.contains("contact sheet: " + dir.resolve("contact-sheet.png")), out);
    assertTrue(Files.exists(dir.resolve("contact-sheet.png")));
  }

  @Test
  void aWindowWithoutADisplayFallsBackToRenderingHeadlessly() {
    CommandRun run = CommandRun.of(new Boids(), "--boids", "20", "--frames", "2", "--size", "64",
        "--grid", "2", "--sheet", "0", "--window", "--out", dir.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("no display here, so no window; rendering headlessly"),
        run.out());
    assertTrue(Files.exists(dir.resolve("frame-0002.png")));
  }

  @Test
  void cellsNarrowerThanEightPixelsAreRejected() {
    CommandRun run = CommandRun.of(new Boids(), "--size", "160", "--grid", "21");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--grid must be between 1 and 20, got 21"), run.err());
  }
}
