package io.boc4j.bench.messaging;

import io.boc4j.Mailbox;
import io.boc4j.bench.Config;
import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;
import java.util.Map;

/** P producers {@link Mailbox#send} on one tag of a fresh mailbox; P receivers {@code receive}. */
final class MailboxMessaging implements Session {

  private final MessagingState state;

  MailboxMessaging(Config config) {
    this.state = new MessagingState(config.workers(), "messaging-boc4j-");
  }

  @Override
  public Trial prepare(long ops) {
    Integer[] payloads = state.prepare(ops);
    int p = state.producers;
    int n = state.perProducer;
    Mailbox mailbox = new Mailbox();
    String tag = MessagingWorkload.TAG;
    return new Trial() {
      private volatile boolean cancelled;
      private final FixedThreads.Launch launch = state.threads.launch(i -> {
        if (i < p) {
          int base = i * n;
          for (int k = 0; k < n && !cancelled; k++) {
            mailbox.send(tag, payloads[base + k]);
          }
        } else {
          int r = i - p;
          for (int k = 0; k < n; k++) {
            state.took(r, (Integer) mailbox.receive(tag).payload());
          }
        }
      });

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
        cancelled = true; // receivers still waiting are interrupted when the session closes
      }

      @Override
      public long ops() {
        return state.total();
      }

      @Override
      public String verify() {
        return state.verify(launch);
      }

      @Override
      public Map<String, Object> params() {
        return state.params();
      }

      @Override
      public Map<String, Object> facts() {
        return state.facts();
      }
    };
  }

  @Override
  public void close() {
    state.threads.close();
  }
}
