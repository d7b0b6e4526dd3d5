package io.boc4j.bench.messaging;

import io.boc4j.bench.Config;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import java.util.concurrent.LinkedBlockingQueue;

/** The peer: P producers {@code put} into a fresh unbounded {@link LinkedBlockingQueue}, P take. */
final class QueueMessaging implements Session {

  private final MessagingState state;

  QueueMessaging(Config config) {
    this.state = new MessagingState(config.workers(), "messaging-lbq-");
  }

  @Override
  public Trial prepare(long ops) {
    LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    return state.trial(ops, new MessagingState.Channel() {
      @Override
      public void send(Integer payload) throws InterruptedException {
        queue.put(payload);
      }

      @Override
      public Integer take() throws InterruptedException {
        return queue.take();
      }
    });
  }

  @Override
  public void close() {
    state.threads.close();
  }
}
