package io.boc4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM-wide counters sampled around a timed run: bytes allocated, GC time, peak heap.
 *
 * <h2>Allocation</h2>
 *
 * Java 17 has no JVM-wide allocation counter ({@code
 * com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes} arrived in JDK 21), and a thread's
 * allocation counter disappears with the thread. So the probe reads {@code getThreadAllocatedBytes}
 * of every live thread (one bulk call) before and after the run and sums the per-thread deltas,
 * counting a thread born during the run from zero. That is exact (it counts TLAB and out-of-TLAB
 * allocation of every Java thread) as long as no thread that allocated during the run died before
 * the second sample. The harness makes that so: every implementation's threads (boc4j workers, pool
 * threads, Pekko's dispatcher) are started before and stopped after the timed region. A thread that
 * was alive at the start and is gone at the end is reported ({@link Window#lostThreads()}), and the
 * record's {@code allocComplete} turns false.
 *
 * <h2>GC time</h2>
 *
 * The delta of {@link GarbageCollectorMXBean#getCollectionTime()} summed over all collectors: for G1
 * on Java 17, the young and mixed pauses plus full collections (the concurrent marking threads'
 * time is not included).
 *
 * <h2>Peak heap</h2>
 *
 * Every heap pool's peak is reset before the run; afterwards the per-pool peaks are summed. The
 * pools peak at different moments, so this is an upper bound of the true peak; the old generation's
 * own peak ({@code peakOldGenBytes}) shows what survived.
 *
 * <h2>CPU time</h2>
 *
 * This JVM's CPU time over the run ({@code OperatingSystemMXBean#getProcessCpuTime}: every thread,
 * the workload's, the collector's and the compiler's). On a shared machine wall time stretches
 * when other processes take the CPUs, while the CPU time an operation costs changes much less, so
 * CPU time per operation compares implementations where throughput cannot.
 *
 * <h2>Other load on the machine</h2>
 *
 * The build machine is shared: other processes may run during a measurement. The probe reads the
 * machine's busy time from {@code /proc/stat} (user, system, interrupts and hypervisor steal, all
 * CPUs) and this JVM's CPU time, and reports the difference as a share of the run's capacity
 * (wall time × CPUs): {@code foreignCpuShare}, 0 when nothing else ran, up to 1. NaN where {@code
 * /proc/stat} is not available.
 */
final class JvmProbe {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final List<GarbageCollectorMXBean> GCS =
      ManagementFactory.getGarbageCollectorMXBeans();
  private static final List<MemoryPoolMXBean> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();

  static {
    if (THREADS.isThreadAllocatedMemorySupported() && !THREADS.isThreadAllocatedMemoryEnabled()) {
      THREADS.setThreadAllocatedMemoryEnabled(true);
    }
  }

  private JvmProbe() {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final Path PROC_STAT = Path.of("/proc/stat");
  /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream kernel. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** A sample taken before a run. */
  record Sample(Map<Long, Long> allocatedByThread, long gcMillis, long machineBusyTicks,
      long processCpuNanos, long nanoTime) {}

  /** What happened between two samples; {@code processCpuNanos} is this JVM's CPU time. */
  record Window(long allocatedBytes, int lostThreads, long gcMillis, long peakHeapBytes,
      long peakOldGenBytes, long foreignCpuNanos, long capacityNanos, long processCpuNanos) {}

  /** Resets the heap pools' peaks and samples allocation and GC counters. */
  static Sample begin() {
    for (MemoryPoolMXBean p : HEAP_POOLS) {
      p.resetPeakUsage();
    }
    return new Sample(allocatedByThread(), gcMillis(), machineBusyTicks(),
        OS.getProcessCpuTime(), System.nanoTime());
  }

  /** Samples again and returns the difference to {@code start}. */
  static Window end(Sample start) {
    long wall = System.nanoTime() - start.nanoTime();
    long busy = machineBusyTicks();
    long ours = OS.getProcessCpuTime() - start.processCpuNanos();
    long foreign = busy < 0 || start.machineBusyTicks() < 0 ? -1
        : Math.max(0, (busy - start.machineBusyTicks()) * NANOS_PER_TICK - ours);
    long capacity = wall * Runtime.getRuntime().availableProcessors();
    long gc = gcMillis() - start.gcMillis();
    Map<Long, Long> now = allocatedByThread();
    long allocated = 0;
    for (Map.Entry<Long, Long> e : now.entrySet()) {
      allocated += e.getValue() - start.allocatedByThread().getOrDefault(e.getKey(), 0L);
    }
    int lost = 0;
    for (Long id : start.allocatedByThread().keySet()) {
      if (!now.containsKey(id)) {
        lost++;
      }
    }
    long peak = 0;
    long peakOld = 0;
    for (MemoryPoolMXBean p : HEAP_POOLS) {
      long used = p.getPeakUsage().getUsed();
      peak += used;
      if (isOldGen(p.getName())) {
        peakOld = Math.max(peakOld, used);
      }
    }
    return new Window(allocated, lost, gc, peak, peakOld, foreign, capacity, ours);
  }

  /** Busy ticks of all CPUs since boot (everything but idle and iowait), or -1 if unknown. */
  private static long machineBusyTicks() {
    try (BufferedReader r = Files.newBufferedReader(PROC_STAT)) {
      String[] f = r.readLine().trim().split("\\s+"); // cpu user nice system idle iowait irq ...
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean isOldGen(String pool) {
    return pool.contains("Old") || pool.contains("Tenured");
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : GCS) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  private static Map<Long, Long> allocatedByThread() {
    long[] ids = THREADS.getAllThreadIds();
    long[] bytes = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, Long> m = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) { // -1: the thread died between the two calls
        m.put(ids[i], bytes[i]);
      }
    }
    return m;
  }
}
