package io.boc4j.samples.boids;

import io.boc4j.Boc;
import io.boc4j.BocListener;
import io.boc4j.BocStats;
import io.boc4j.Cown;
import io.boc4j.PinnedCown;
import io.boc4j.reactor.BocReactor;
import io.boc4j.reactor.PumpDriver;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.scheduler.Scheduler;

/**
 * One flight of the flock, frame by frame. Each frame is
 *
 * <ol>
 *   <li>one worker behaviour per cell ({@code run(cell, ...)}), stepping that cell's boids against
 *       the frame's immutable {@link Snapshot}, all cells in parallel; then
 *   <li>one pinned behaviour over the {@link Scene} and every cell ({@code when(scene,
 *       Cown.group(cells), ...)}): it runs on the runtime's main thread after every step of the
 *       frame (it shares a cown with each), batches their results into the scene, draws the frame,
 *       hands a copy to the {@link FrameFiles}, and schedules the next frame.
 * </ol>
 *
 * The main thread is driven by the Reactor bridge's pump driver: every tick pumps the main queue,
 * so frames advance at most once per tick, as a UI's frames would.
 */
final class Simulation {

  /**
   * What a flight did.
   *
   * @param frames frames drawn
   * @param pinned pinned behaviours the main thread ran
   * @param steps worker behaviours (cell steps) run
   * @param sceneThreads every thread that touched the scene
   * @param mainThread the name of the runtime's main thread while the flight ran
   * @param droppedTicks pump ticks dropped because a pump was still running
   * @param nanos wall-clock time from the first frame to the last
   */
  record Outcome(int frames, long pinned, long steps, Set<String> sceneThreads,
      String mainThread, long droppedTicks, long nanos) {}

  private final Rules rules;
  private final int boids;
  private final int frames;
  private final long seed;
  private final Duration period;

  /** A flight of {@code boids} boids for {@code frames} frames, pumped every {@code period}. */
  Simulation(Rules rules, int boids, int frames, long seed, Duration period) {
    this.rules = rules;
    this.boids = boids;
    this.frames = frames;
    this.seed = seed;
    this.period = period;
  }

  /**
   * Flies on {@code boc}. Call on a plain thread (it waits for the last frame).
   *
   * @param boc the runtime; its main thread must be free for the pump driver to bind
   * @param files where the frames go
   * @param mainThread the scheduler whose thread pumps (a UI thread), or null for the pump
   *     driver's own
   * @param display called on the main thread with the canvas after each frame, or null
   * @return what it did
   * @throws Exception if a body failed, or the flight did not end in time
   */
  Outcome run(Boc boc, FrameFiles files, Scheduler mainThread, Consumer<BufferedImage> display)
      throws Exception {
    List<List<Boid>> bins = startingFlock();
    List<Cown<Cell>> cells = new ArrayList<>(bins.size());
    for (int i = 0; i < bins.size(); i++) {
      cells.add(Cown.of(new Cell(i, new ArrayList<>(bins.get(i)))));
    }
    Flight flight = new Flight(boc, cells, PinnedCown.of(new Scene(rules)), files, display);
    BocListener failures = new BocListener() {
      @Override
      public void onUnobservedFailure(Throwable failure) {
        flight.done.completeExceptionally(failure); // a cell's step threw
      }
    };
    PumpDriver.Builder pump = BocReactor.of(boc).pumpDriver(period);
    if (mainThread != null) {
      pump.on(mainThread);
    }
    long timeoutMillis = frames * period.toMillis() + 60_000;
    BocStats before = boc.stats();
    long start = System.nanoTime();
    try (Boc.Registration listening = boc.addListener(failures)) {
      PumpDriver driver = pump.start();
      // The driver's own count of what its pumps ran; it is final once the driver has stopped.
      CompletableFuture<Long> pinned =
          driver.results().reduce(0L, (sum, tick) -> sum + tick.executed()).toFuture();
      try {
        flight.frame(1, new Snapshot(rules, bins));
        flight.done.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } finally {
        driver.dispose();
      }
      long nanos = System.nanoTime() - start;
      long pumped = pinned.get(timeoutMillis, TimeUnit.MILLISECONDS);
      long scheduled = boc.stats().scheduled() - before.scheduled();
      return new Outcome(frames, pumped, scheduled - pumped, flight.sceneThreads,
          flight.mainThread, driver.droppedTicks(), nanos);
    }
  }

  /** The flock at frame 0: random positions and headings, binned by cell. */
  private List<List<Boid>> startingFlock() {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Boid>> bins = new ArrayList<>(rules.cells());
    for (int i = 0; i < rules.cells(); i++) {
      bins.add(new ArrayList<>());
    }
    for (int id = 0; id < boids; id++) {
      double x = random.nextDouble(rules.size());
      double y = random.nextDouble(rules.size());
      double heading = random.nextDouble(2 * Math.PI);
      double speed = rules.minSpeed() + random.nextDouble(rules.maxSpeed() - rules.minSpeed());
      bins.get(rules.cellOf(x, y))
          .add(new Boid(id, x, y, speed * Math.cos(heading), speed * Math.sin(heading)));
    }
    return bins;
  }

  /** The state of one run: its cowns, where frames go, and how it ends. */
  private final class Flight {

    final CompletableFuture<Void> done = new CompletableFuture<>();
    final Boc boc;
    final List<Cown<Cell>> cells;
    final PinnedCown<Scene> scene;
    final FrameFiles files;
    final Consumer<BufferedImage> display;
    volatile Set<String> sceneThreads = Set.of();
    volatile String mainThread = "";

    Flight(Boc boc, List<Cown<Cell>> cells, PinnedCown<Scene> scene, FrameFiles files,
        Consumer<BufferedImage> display) {
      this.boc = boc;
      this.cells = cells;
      this.scene = scene;
      this.files = files;
      this.display = display;
    }

    /** Schedules frame {@code n}: a step per cell on the workers, then the pinned commit. */
    void frame(int n, Snapshot snapshot) {
      for (Cown<Cell> cell : cells) {
        boc.run(cell, c -> c.get().step(snapshot, rules));
      }
      boc.when(scene, Cown.group(cells), (s, all) -> {
        Scene sc = s.get();
        Snapshot next = sc.commit(all);
        files.write(n, sc.copyOfCanvas());
        if (display != null) {
          display.accept(sc.canvas());
        }
        if (n < frames) {
          frame(n + 1, next);
        } else {
          sceneThreads = sc.threads();
          mainThread = Thread.currentThread().getName();
          done.complete(null);
        }
        return null;
      }).toCompletionStage().whenComplete((ignored, failure) -> {
        if (failure != null) {
          done.completeExceptionally(failure);
        }
      });
    }
  }
}
