package io.boc4j.samples.boids;

import io.boc4j.Boc;
import io.boc4j.samples.support.Check;
import io.boc4j.samples.support.DurationConverter;
import io.boc4j.samples.support.HelpOption;
import io.boc4j.samples.support.Launch;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Boids flocking with the coarse-grained pinned pattern. The world is cut into cells, one cown each;
 * every frame, one worker behaviour per cell steps that cell's boids in parallel, then ONE pinned
 * behaviour on the runtime's main thread batches every cell's result into the main-thread-owned
 * scene and draws the frame. The Reactor bridge's pump driver runs the main thread. Frames are
 * rendered headlessly to PNG files with a contact sheet of thumbnails; {@code --window} also shows
 * them in a Swing window when a display exists, with Swing's event dispatch thread as the main
 * thread.
 *
 * <p>The program prints where the frames went, how many behaviours ran on workers and on the main
 * thread (one per frame), and which threads touched the scene: only the main thread ever did.
 */
@Command(name = "boids", sortOptions = false, sortSynopsis = false,
    description = "Boids: per-cell physics on workers, one pinned behaviour per frame drawing it.")
public final class Boids implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-b", "--boids"}, paramLabel = "N",
      description = "Boids in the flock (default: ${DEFAULT-VALUE}).")
  int boids = 400;

  @Option(names = {"-f", "--frames"}, paramLabel = "N",
      description = "Frames to fly (default: ${DEFAULT-VALUE}).")
  int frames = 60;

  @Option(names = "--size", paramLabel = "PX",
      description = "Width and height of the world and the frames (default: ${DEFAULT-VALUE}).")
  int size = 480;

  @Option(names = {"-g", "--grid"}, paramLabel = "N",
      description = "Cells per side: N x N cell cowns (default: ${DEFAULT-VALUE}).")
  int grid = 8;

  @Option(names = "--period", paramLabel = "TIME", converter = DurationConverter.class,
      description = "Pump period of the main thread, e.g. 10ms (default: 10ms).")
  Duration period = Duration.ofMillis(10);

  @Option(names = "--sheet", paramLabel = "N",
      description = "Thumbnails on the contact sheet; 0 for none (default: ${DEFAULT-VALUE}).")
  int sheet = 12;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR",
      description = "Directory for the frames (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("target", "boids");

  @Option(names = {"-w", "--workers"}, paramLabel = "N",
      description = "Workers (default: the processors, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--seed", paramLabel = "SEED",
      description = "Random seed of the starting flock (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--window",
      description = "Also show the frames in a Swing window, if there is a display.")
  boolean window;

  /** Created by picocli, or by {@link #main}. */
  public Boids() {}

  /**
   * Runs the sample; {@code --help} lists the options.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Launch.main(new Boids(), args);
  }

  /**
   * Flies the flock, writes the frames and prints what happened.
   *
   * @return 0 if every frame was drawn by one pinned behaviour and only the main thread touched the
   *     scene, 1 otherwise
   * @throws Exception if the flight or the writing of frames fails
   */
  @Override
  public Integer call() throws Exception {
    Check.atLeast(spec, "--boids", boids, 1);
    Check.atLeast(spec, "--frames", frames, 1);
    Check.between(spec, "--size", size, 16, 4_096);
    Check.between(spec, "--grid", grid, 1, size / 8);
    Check.atLeast(spec, "--period", period.toMillis(), 1);
    Check.atLeast(spec, "--sheet", sheet, 0);
    Check.atLeast(spec, "--workers", workers, 1);
    PrintWriter out = spec.commandLine().getOut();
    if (!window && System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // before AWT starts: no display needed
    }
    boolean windowed = window && !GraphicsEnvironment.isHeadless();
    if (window && !windowed) {
      out.println("boids: no display here, so no window; rendering headlessly");
    }

    Rules rules = Rules.standard(size, grid);
    FrameFiles files = new FrameFiles(dir, frames, sheet);
    Simulation flight = new Simulation(rules, boids, frames, seed, period);
    out.printf("boids: %d boids in a %d x %d grid of cell cowns, %d frames of %d x %d px;"
        + " per frame %d cell behaviours on %d worker%s and 1 pinned behaviour on the main thread%n",
        boids, grid, grid, frames, size, size, rules.cells(), workers, workers == 1 ? "" : "s");
    Simulation.Outcome o;
    try (Boc boc = Boc.builder().name("boids").workers(workers).build()) {
      o = windowed ? flyInWindow(flight, boc, files) : flight.run(boc, files, null, null);
    }
    List<Path> written = files.finish(Duration.ofMinutes(1));
    out.printf(Locale.ROOT, "%d frames in %,.0f ms (%.1f frames/s); %,d cell behaviours on workers,"
        + " %d pinned behaviours on the main thread %s (%d pump ticks dropped)%n",
        o.frames(), o.nanos() / 1e6, o.frames() * 1e9 / o.nanos(), o.steps(), o.pinned(),
        o.mainThread(), o.droppedTicks());
    boolean oneEach = o.pinned() == frames;
    boolean confined = o.sceneThreads().equals(Set.of(o.mainThread()));
    out.printf("the scene was touched by %s: %s%n", o.sceneThreads(),
        confined ? "the main thread only" : "OTHER THREADS TOO");
    out.printf("frames: %s .. %s%n", written.get(0), written.get(frames - 1));
    if (written.size() > frames) {
      out.printf("contact sheet: %s%n", written.get(frames));
    }
    return oneEach && confined ? 0 : 1;
  }

  /** Flies with Swing's event dispatch thread as the main thread, showing each frame. */
  private Simulation.Outcome flyInWindow(Simulation flight, Boc boc, FrameFiles files)
      throws Exception {
    BoidsWindow[] shown = new BoidsWindow[1];
    SwingUtilities.invokeAndWait(() -> shown[0] = new BoidsWindow(size));
    Scheduler edt = Schedulers.fromExecutor(SwingUtilities::invokeLater);
    Consumer<BufferedImage> display = image -> shown[0].show(image);
    try {
      return flight.run(boc, files, edt, display);
    } finally {
      SwingUtilities.invokeLater(shown[0]::close);
      edt.dispose();
    }
  }
}
