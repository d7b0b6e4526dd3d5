package io.boc4j.bench.messaging;

import io.boc4j.Mailbox;
import io.boc4j.bench.Config;
import io.boc4j.bench.Session;
import io.boc4j.bench.Trial;

/** P producers {@link Mailbox#send} on one tag of a fresh mailbox; P receivers {@code receive}. */
final class MailboxMessaging implements Session {

  private final MessagingState state;

  MailboxMessaging(Config config) {
    this.state = new MessagingState(config.workers(), "messaging-boc4j-");
  }

  @Override
  public Trial prepare(long ops) {
    Mailbox mailbox = new Mailbox();
    String tag = MessagingWorkload.TAG;
    return state.trial(ops, new MessagingState.Channel() {
      @Override
      public void send(Integer payload) {
        mailbox.send(tag, payload);
      }

      @Override
      public Integer take() {
        return (Integer) mailbox.receive(tag).payload();
      }
    });
  }

  @Override
  public void close() {
    state.threads.close();
  }
}
