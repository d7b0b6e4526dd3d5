package io.boc4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small world in which the acquisition protocol ({@link Acquisition}) runs under a model checker: a
 * few cowns, a few behaviours over them, and two or three threads ("actors") that each follow a
 * script of {@code enqueue}, {@link #RUN} and {@link #STEAL} steps. The model checker runs {@link
 * #runOnce()} once per interleaving it explores, switching threads at the shared-memory accesses of
 * the protocol (and of this bookkeeping), so each run builds the cowns, behaviours and threads
 * afresh; the description (which behaviour requests what, which thread does what) is built once.
 *
 * <p>The behaviours are {@link Job}s. Their dispatch is a worker's: the job goes onto the run list of
 * the thread that made it ready, as onto that worker's own queue, and is also offered for stealing.
 * The thread runs its list at its next {@link #RUN} step and after its script; another thread at a
 * {@link #STEAL} step takes the job last offered, if any, and runs it at once, so a body and its
 * release can race the rest of the call that dispatched it, as on a runtime whose idle worker steals
 * the behaviour as soon as it is pushed. A claim (one CAS per job) makes sure only one of them runs
 * it. Running a job is its body, which enters and leaves every cown's occupancy count, and then its
 * release. No thread of the model ever waits in test code, so the only waits are the protocol's own
 * (a successor spinning for its predecessor's phase 1), and a behaviour that is never dispatched (a
 * deadlock, or a lost hand-off) is found after the threads end.
 *
 * <p>Checked in every interleaving:
 *
 * <ul>
 *   <li><em>Exclusivity</em>: while a body runs, no other body holds any cown it writes, and none
 *       writes a cown it reads (each side checks at entry, so any overlap is seen by one of them).
 *   <li><em>Exactly once</em>: every behaviour was dispatched once and ran once.
 *   <li><em>Order</em>: of two behaviours that conflict on a cown (both request it, at least one
 *       writable), the one whose enqueue returned before the other's began enters that cown first
 *       (SPEC §3, order; program order is the special case of one thread). Two readers are never
 *       ordered. Enqueues that overlap in time may take either order, but one order on every cown: a
 *       body holds all its cowns at once, so with exclusivity a cross-cown inversion can only show
 *       as a deadlock, which the exactly-once check finds.
 *   <li><em>Empty queues</em>: afterwards every cown has {@code last == null}, no active reader and no
 *       registered writer, and no released request still links a successor.
 * </ul>
 *
 * A violation seen while the threads run is recorded (the first one wins) and thrown by the main
 * thread after the threads end, so the model checker prints the interleaving that led to it.
 */
final class AcquisitionModel {

  /** A script step: run and release every behaviour on this thread's run list, until it is empty. */
  static final int RUN = -1;

  /** A script step: take the behaviour offered last, if nobody has, and run and release it now. */
  static final int STEAL = -2;

  final String name;
  private final int cownCount;
  private final List<String> names = new ArrayList<>();
  private final List<int[]> slots = new ArrayList<>();
  private final List<boolean[]> modes = new ArrayList<>();
  private final List<int[]> scripts = new ArrayList<>();

  AcquisitionModel(String name, int cownCount) {
    this.name = name;
    this.cownCount = cownCount;
  }

  /**
   * Adds a behaviour from a request spec: space-separated {@code w} or {@code r} (writable,
   * read-only) followed by a cown's slot letter, e.g. {@code "wx ry"}. Slots are {@code x, y, z}, in
   * cown id order.
   *
   * @return the behaviour's index, for scripts
   */
  int behaviour(String behaviourName, String spec) {
    String[] parts = spec.trim().split("\\s+");
    int[] s = new int[parts.length];
    boolean[] readOnly = new boolean[parts.length];
    for (int i = 0; i < parts.length; i++) {
      readOnly[i] = parts[i].charAt(0) == 'r';
      s[i] = parts[i].charAt(1) - 'x';
      if (s[i] < 0 || s[i] >= cownCount || (i > 0 && s[i] <= s[i - 1])) {
        throw new IllegalArgumentException("cowns must exist, be distinct and in slot order: " + spec);
      }
    }
    return behaviour(behaviourName, s, readOnly);
  }

  /**
   * Adds a behaviour over cown slots (ascending, distinct) with their modes.
   *
   * @return the behaviour's index, for scripts
   */
  int behaviour(String behaviourName, int[] cownSlots, boolean[] readOnly) {
    names.add(behaviourName);
    slots.add(cownSlots.clone());
    modes.add(readOnly.clone());
    return names.size() - 1;
  }

  /** Adds a thread whose script is behaviour indices to enqueue, and {@link #RUN} / {@link #STEAL}. */
  AcquisitionModel thread(int... script) {
    scripts.add(script.clone());
    return this;
  }

  /** Builds the world afresh, runs the scripts on their threads and checks every invariant. */
  void runOnce() {
    new World().runAndCheck();
  }

  static char slot(int s) {
    return (char) ('x' + s);
  }

  // Each cown's occupancy is one int: active readers, active writers and how many bodies have
  // entered it, so that entering is one atomic step that also numbers the entries on that cown.
  private static final int READER = 1;
  private static final int WRITER = 1 << 10;
  private static final int ENTRY = 1 << 20;
  private static final int MASK = (1 << 10) - 1;

  /**
   * What each actor keeps for itself: its run list and what it saw. Reached through a thread local,
   * so the model checker sees objects that no other thread can reach and puts no switch point on
   * their accesses: only the protocol and the shared bookkeeping (occupancy, stamps, offer and claim)
   * are interleaved.
   */
  private static final ThreadLocal<Log> LOG = new ThreadLocal<>();

  /** One run: fresh cowns, behaviours and threads. */
  private final class World {
    final CownCore[] cores = new CownCore[cownCount];
    /** Per cown: occupancy (see {@link #READER}, {@link #WRITER}, {@link #ENTRY}). */
    final AtomicIntegerArray occupancy = new AtomicIntegerArray(cownCount);
    /** Stamps the start and end of each enqueue call: their real-time order in this run. */
    final AtomicInteger clock = new AtomicInteger();
    /** The behaviour dispatched last, until a thief takes it. */
    final AtomicReference<Job> offered = new AtomicReference<>();
    /** Per behaviour: 1 once a thread has claimed it to run it. */
    final AtomicIntegerArray claimed;
    final Job[] jobs = new Job[names.size()];
    /** Each actor's log, published when it ends. */
    final Log[] logs = new Log[scripts.size()];
    volatile String violation;

    World() {
      claimed = new AtomicIntegerArray(jobs.length);
      for (int s = 0; s < cownCount; s++) {
        cores[s] = new CownCore(false); // created in slot order: ids ascend with the slot
      }
      for (int j = 0; j < jobs.length; j++) {
        jobs[j] = new Job(this, j);
      }
    }

    void runAndCheck() {
      // Typed as Thread: the model checker intercepts start and join by their call sites' owner.
      Thread[] actors = new Thread[scripts.size()];
      for (int t = 0; t < actors.length; t++) {
        actors[t] = new Actor(this, t, scripts.get(t));
      }
      for (Thread a : actors) {
        a.start();
      }
      for (Thread a : actors) {
        try {
          a.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      checkAfterwards();
    }

    void fail(String what) {
      if (violation == null) {
        violation = what;
      }
    }

    private void checkAfterwards() {
      if (violation != null) {
        throw new AssertionError(violation);
      }
      int n = jobs.length;
      int[] dispatched = new int[n];
      int[] runs = new int[n];
      int[] enqueueStart = new int[n];
      int[] enqueueEnd = new int[n];
      int[][] entry = new int[n][];
      for (Log log : logs) {
        for (int j = 0; j < n; j++) {
          dispatched[j] += log.dispatched[j];
          runs[j] += log.runs[j];
          if (log.enqueueEnd[j] != 0) {
            enqueueStart[j] = log.enqueueStart[j];
            enqueueEnd[j] = log.enqueueEnd[j];
          }
          if (log.entry[j] != null) {
            entry[j] = log.entry[j];
          }
        }
      }
      for (Job j : jobs) {
        if (dispatched[j.index] != 1 || runs[j.index] != 1) {
          throw new AssertionError(j + " was dispatched " + dispatched[j.index] + " times and ran "
              + runs[j.index] + " times");
        }
      }
      for (Job a : jobs) {
        for (Job b : jobs) {
          for (int s = 0; a != b && s < cownCount; s++) {
            if (a.conflictsOn(b, s) && enqueueEnd[a.index] < enqueueStart[b.index]
                && entry[a.index][a.indexOf(s)] > entry[b.index][b.indexOf(s)]) {
              throw new AssertionError(a + " was enqueued before " + b + " and both need cown "
                  + slot(s) + ", one writable, but " + b + " ran first");
            }
          }
        }
      }
      for (int s = 0; s < cownCount; s++) {
        CownCore c = cores[s];
        if (c.lvLast() != null || c.lvReaders() != 0 || c.lvNextWriter() != null) {
          throw new AssertionError("cown " + slot(s) + " is not idle: last=" + c.lvLast()
              + " readers=" + c.lvReaders() + " nextWriter=" + c.lvNextWriter());
        }
      }
      for (Job j : jobs) {
        Request[] links = RequestsOf.links(j);
        for (int i = 0; i < links.length; i++) {
          if (links[i] != null) {
            throw new AssertionError(
                j + " still links a successor on cown " + slot(j.slots[i]) + " after its release");
          }
        }
      }
    }
  }

  /** An actor's own record: its run list, and per behaviour what this actor saw and did. */
  private static final class Log {
    final Job[] runList;
    int queued;
    final int[] dispatched;
    final int[] runs;
    final int[] enqueueStart;
    final int[] enqueueEnd;
    /** Per behaviour this actor ran: its entry number on each of its cowns, in slot order. */
    final int[][] entry;

    Log(int jobs) {
      runList = new Job[jobs];
      dispatched = new int[jobs];
      runs = new int[jobs];
      enqueueStart = new int[jobs];
      enqueueEnd = new int[jobs];
      entry = new int[jobs][];
    }
  }

  /**
   * A script step, immutable and linked through final fields: the model checker puts no switch point
   * on reading final fields, where reading an array element would be one.
   */
  private static final class Step {
    /** The behaviour to enqueue, or null for {@link #RUN} / {@link #STEAL}. */
    final Job enqueue;
    final boolean steal;
    final Step next;

    Step(Job enqueue, boolean steal, Step next) {
      this.enqueue = enqueue;
      this.steal = steal;
      this.next = next;
    }
  }

  /** A thread of the model: enqueues behaviours and runs those it made ready or steals. */
  private static final class Actor extends Thread {
    private final World world;
    private final int id;
    private final Step script;

    Actor(World world, int id, int[] steps) {
      this.world = world;
      this.id = id;
      Step s = null;
      for (int i = steps.length - 1; i >= 0; i--) {
        s = new Step(steps[i] < 0 ? null : world.jobs[steps[i]], steps[i] == STEAL, s);
      }
      this.script = s;
    }

    @Override
    public void run() {
      Log log = new Log(world.jobs.length);
      LOG.set(log);
      for (Step step = script; step != null; step = step.next) {
        Job j = step.enqueue;
        if (j != null) {
          log.enqueueStart[j.index] = world.clock.incrementAndGet();
          Acquisition.enqueue(j);
          log.enqueueEnd[j.index] = world.clock.incrementAndGet();
        } else if (step.steal) {
          Job offered = world.offered.getAndSet(null);
          if (offered != null) {
            runIfUnclaimed(offered, log);
          }
        } else {
          runAll(log);
        }
      }
      runAll(log);
      LOG.remove();
      world.logs[id] = log;
    }

    private void runAll(Log log) {
      while (log.queued > 0) {
        Job j = log.runList[--log.queued];
        runIfUnclaimed(j, log);
      }
    }

    private void runIfUnclaimed(Job j, Log log) {
      if (world.claimed.compareAndSet(j.index, 0, 1)) {
        log.runs[j.index]++;
        log.entry[j.index] = j.body();
        Acquisition.release(j);
      }
    }
  }

  /** One cown of a behaviour, for its body: position in the request set, slot and mode. */
  private static final class Entry {
    final int position;
    final int slot;
    final boolean readOnly;
    final Entry next;

    Entry(int position, int slot, boolean readOnly, Entry next) {
      this.position = position;
      this.slot = slot;
      this.readOnly = readOnly;
      this.next = next;
    }
  }

  /** A behaviour of the model: its body checks exclusivity and numbers its entries. */
  private final class Job extends WideBehaviour {
    private final World world;
    final int index;
    /** Cown slots, ascending, and whether each is requested read-only (read after the run). */
    final int[] slots;
    final boolean[] readOnly;
    /** The same, linked through final fields for the body (see {@link Step}). */
    private final Entry entries;

    Job(World world, int index) {
      this.world = world;
      this.index = index;
      this.slots = AcquisitionModel.this.slots.get(index);
      this.readOnly = modes.get(index);
      CownCore[] cs = new CownCore[slots.length];
      Entry e = null;
      for (int i = slots.length - 1; i >= 0; i--) {
        cs[i] = world.cores[slots[i]];
        e = new Entry(i, slots[i], readOnly[i], e);
      }
      entries = e;
      setCowns(cs, readOnly, slots.length);
    }

    /** Dispatch: onto the run list of the thread that made it ready, and offered to thieves. */
    @Override
    void becomeReady(boolean handedOver) {
      Log log = LOG.get();
      log.dispatched[index]++;
      if (log.queued == log.runList.length) {
        world.fail("more behaviours were made ready than exist");
        return;
      }
      log.runList[log.queued++] = this;
      world.offered.set(this);
    }

    /**
     * Enters every cown, checking who else is inside, then leaves them.
     *
     * @return this body's entry number on each of its cowns
     */
    int[] body() {
      int[] numbers = new int[slots.length];
      for (Entry e = entries; e != null; e = e.next) {
        int before = world.occupancy.getAndAdd(e.slot, (e.readOnly ? READER : WRITER) + ENTRY);
        numbers[e.position] = before >>> 20;
        int writers = (before >>> 10) & MASK;
        int readers = before & MASK;
        if (writers != 0 || (!e.readOnly && readers != 0)) {
          world.fail(this + (e.readOnly ? " read" : " wrote") + " cown " + slot(e.slot) + " while "
              + writers + " writer(s) and " + readers + " reader(s) held it");
        }
      }
      for (Entry e = entries; e != null; e = e.next) {
        world.occupancy.getAndAdd(e.slot, -(e.readOnly ? READER : WRITER));
      }
      return numbers;
    }

    /** Whether this and {@code other} conflict on slot {@code s} (both request it, one writes). */
    boolean conflictsOn(Job other, int s) {
      int i = indexOf(s);
      int j = other.indexOf(s);
      return i >= 0 && j >= 0 && !(readOnly[i] && other.readOnly[j]);
    }

    int indexOf(int s) {
      for (int i = 0; i < slots.length; i++) {
        if (slots[i] == s) {
          return i;
        }
      }
      return -1;
    }

    @Override
    protected Object invoke() {
      throw new AssertionError("model behaviours run through body()");
    }

    @Override
    protected void publishResult(Object value, Throwable failure) {}

    @Override
    protected void afterRelease(Object value, Throwable failure) {}

    @Override
    public String toString() {
      return names.get(index);
    }
  }
}
