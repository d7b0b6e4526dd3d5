package io.boc4j.bench;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A trial whose work runs on the threads of one {@link FixedThreads.Launch}: starting and awaiting
 * delegate to the launch, and cancelling sets the flag its threads poll. Subclasses say how many
 * operations were done and how to check them. Threading as {@link Trial}.
 */
public abstract class LaunchedTrial implements Trial {

  /** The launch running this trial's threads. */
  protected final FixedThreads.Launch launch;

  private final AtomicBoolean cancelled;

  /**
   * @param launch the threads' launch, not yet started
   * @param cancelled the flag the launch's threads poll to stop early
   */
  protected LaunchedTrial(FixedThreads.Launch launch, AtomicBoolean cancelled) {
    this.launch = launch;
    this.cancelled = cancelled;
  }

  @Override
  public void start() {
    launch.start();
  }

  @Override
  public boolean await(long timeoutNanos) throws InterruptedException {
    return launch.await(timeoutNanos);
  }

  @Override
  public void cancel() {
    cancelled.set(true);
  }

  /**
   * How a thread of the launch failed, or null if none did.
   *
   * @param who how to name the threads in the message, e.g. "a thread"
   * @return the description or null
   */
  protected final String threadFailure(String who) {
    Throwable f = launch.failure();
    return f == null ? null : who + " threw " + f;
  }
}
