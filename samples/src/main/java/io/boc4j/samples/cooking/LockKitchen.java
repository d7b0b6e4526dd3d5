package io.boc4j.samples.cooking;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The same kitchen with plain threads and locks: a pool of cooks, a {@link ReentrantLock} per
 * utensil. A cook takes a dish's locks in one global order (the utensils' declaration order) and
 * releases them in reverse; taking them in any other order could deadlock two cooks that each hold
 * what the other needs. Plates go to a concurrent queue.
 *
 * @param workers the number of cook threads
 * @param cook how a dish is cooked
 */
record LockKitchen(int workers, Cook cook) implements Kitchen {

  @Override
  public String name() {
    return "threads + locks";
  }

  @Override
  public List<String> cook(List<Order> orders, UtensilGuard guard) throws Exception {
    Map<Utensil, ReentrantLock> locks = new EnumMap<>(Utensil.class);
    for (Utensil u : Utensil.values()) {
      locks.put(u, new ReentrantLock());
    }
    Queue<String> pass = new ConcurrentLinkedQueue<>();
    ExecutorService cooks = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> cooking = new ArrayList<>();
      for (Order order : orders) {
        cooking.add(cooks.submit(() -> {
          List<ReentrantLock> held = new ArrayList<>();
          for (Utensil u : Utensil.values()) { // the global order: every cook locks the same way
            if (order.dish().utensils().contains(u)) {
              ReentrantLock lock = locks.get(u);
              lock.lock();
              held.add(lock);
            }
          }
          try {
            cook.cook(order.dish(), guard);
          } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
              held.get(i).unlock();
            }
          }
          pass.add(order.plate());
        }));
      }
      for (Future<?> f : cooking) {
        f.get();
      }
    } finally {
      cooks.shutdownNow();
    }
    return List.copyOf(pass);
  }
}
