package io.boc4j.internal;

import io.boc4j.BocListener;
import io.boc4j.SlowBody;
import io.boc4j.StarvationHandler;
import io.boc4j.internal.time.NanoClock;
import java.lang.System.Logger.Level;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of one runtime object, and the one place that calls them. Registration is rare and
 * notification is frequent, so a copy-on-write list: notifying iterates a stable array with no lock.
 *
 * <p>It also carries the runtime's observation seams that every generation and watchdog of the
 * runtime must share: the behaviour sampler and the clock the watchdogs read. They live here because
 * this is the one per-runtime object that the life cycle hands to each generation and to the pump
 * watchdog as it creates them.
 */
public final class Listeners {

  private static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  private final CopyOnWriteArrayList<BocListener> listeners = new CopyOnWriteArrayList<>();

  /** The behaviour sampler, or null: read once per scheduled behaviour, so one volatile slot. */
  private volatile Sampler sampler;

  /**
   * The clock of the runtime's watchdogs. Set once, while the runtime is built, before anything reads
   * it; volatile so that a thread that meets the runtime through a data race still reads it whole.
   * Read rarely (a watchdog configured, a generation started, a pump), never per behaviour.
   */
  private volatile NanoClock clock = NanoClock.SYSTEM;

  /** Makes {@code c} the clock of the runtime's watchdogs. Called once, while the runtime is built. */
  public void useClock(NanoClock c) {
    clock = c;
  }

  /** The clock of the runtime's watchdogs. Any thread. */
  public NanoClock clock() {
    return clock;
  }

  /**
   * Installs {@code s} if no sampler is installed.
   *
   * @return the sampler already installed (nothing changed), or null if {@code s} was installed
   */
  public synchronized Sampler installSampler(Sampler s) {
    Sampler old = sampler;
    if (old == null) {
      sampler = s;
    }
    return old;
  }

  /** Removes {@code s} if it is the installed sampler; otherwise a no-op. */
  public synchronized void removeSampler(Sampler s) {
    if (sampler == s) {
      sampler = null;
    }
  }

  /** The installed sampler, or null. One volatile read; any thread. */
  public Sampler sampler() {
    return sampler;
  }

  /** Adds a listener. */
  public void add(BocListener l) {
    listeners.add(l);
  }

  /** Removes a listener; a no-op if it is not registered. */
  public void remove(BocListener l) {
    listeners.remove(l);
  }

  /** Tells every listener about a watchdog report. Never throws. */
  public void starvation(StarvationHandler.Severity severity, String message) {
    for (BocListener l : listeners) {
      try {
        l.onStarvation(severity, message);
      } catch (Throwable t) {
        complain(l, "onStarvation", t);
      }
    }
  }

  /** Tells every listener about a failed fire-and-forget body. Never throws. */
  public void unobservedFailure(Throwable failure) {
    for (BocListener l : listeners) {
      try {
        l.onUnobservedFailure(failure);
      } catch (Throwable t) {
        complain(l, "onUnobservedFailure", t);
      }
    }
  }

  /** Tells every listener about a slow body. Never throws, except for a broken VM. */
  public void slowBody(SlowBody report) {
    for (BocListener l : listeners) {
      try {
        l.onSlowBody(report);
      } catch (Throwable t) {
        complain(l, "onSlowBody", t);
      }
    }
  }

  private static void complain(BocListener l, String method, Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t; // a broken VM is not the listener's fault to hide
    }
    LOG.log(Level.WARNING, "BocListener " + l + " threw from " + method
        + "; the runtime goes on: make the listener not throw", t);
  }
}
