package io.boc4j.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Several instances of one bank in this JVM, as the demo and the tests run them: started, waited
 * for, killed and closed together. Production runs one instance per process instead; nothing in an
 * instance depends on the others being in the same JVM.
 *
 * <p>Threading: one controlling thread.
 */
final class InstanceGroup implements AutoCloseable {

  private final InstanceSettings template;
  private final OwnershipListener listener;
  private final List<BankInstance> running = new ArrayList<>();
  private int started;

  /**
   * A group whose instances take their settings from {@code template}, each under its own id.
   *
   * @param listener told of every partition any of them takes or gives up
   */
  InstanceGroup(InstanceSettings template, OwnershipListener listener) {
    this.template = template;
    this.listener = listener;
  }

  /** Starts one more instance, {@code i1}, {@code i2}, ... in order. */
  BankInstance add() throws Exception {
    started++;
    BankInstance i = BankInstance.start(template.withInstanceId("i" + started), listener);
    running.add(i);
    return i;
  }

  /** The instances not stopped. */
  List<BankInstance> running() {
    return List.copyOf(running);
  }

  /**
   * Waits until the group has spread all {@code partitions} over the running instances, each
   * owning its fair share (counts differ by at most one) and none owning a partition twice. Load
   * produced before that could be taken by the first instance alone.
   *
   * @throws TimeoutException if that did not happen within {@code timeout}
   */
  void awaitBalanced(int partitions, Duration timeout) throws Exception {
    Poll.until(() -> balanced(partitions), timeout,
        "a balanced assignment of " + partitions + " partitions over " + running.size()
            + " instances");
  }

  private boolean balanced(int partitions) {
    Set<Integer> union = new HashSet<>();
    int least = Integer.MAX_VALUE;
    int most = 0;
    int sum = 0;
    for (BankInstance i : running) {
      Set<Integer> owned = i.partitions();
      union.addAll(owned);
      least = Math.min(least, owned.size());
      most = Math.max(most, owned.size());
      sum += owned.size();
    }
    return union.size() == partitions && sum == partitions && most - least <= 1;
  }

  /** Kills {@code instance} as a crash would ({@link BankInstance#kill}). */
  void kill(BankInstance instance) throws InterruptedException {
    running.remove(instance);
    instance.kill();
  }

  /** The failure of any running instance whose loop died, or null. */
  Throwable failure() {
    for (BankInstance i : running) {
      if (i.failure() != null) {
        return i.failure();
      }
    }
    return null;
  }

  /**
   * Closes every running instance cleanly, all at once: each stops polling, so none is handed a
   * partition another is giving up.
   */
  @Override
  public void close() throws InterruptedException {
    List<BankInstance> all = running();
    running.clear();
    all.forEach(BankInstance::stop);
    for (BankInstance i : all) {
      i.close();
    }
  }
}
