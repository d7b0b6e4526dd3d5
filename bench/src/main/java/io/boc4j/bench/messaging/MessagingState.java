package io.boc4j.bench.messaging;

import io.boc4j.bench.FixedThreads;
import io.boc4j.bench.LaunchedTrial;
import io.boc4j.bench.Trial;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What both implementations share, per session: the 2P threads (producers 0..P-1, receivers
 * P..2P-1), the payloads (message ids, boxed once and reused across runs) and the receivers'
 * records, cleared before each run. Not thread-safe: one run at a time.
 */
final class MessagingState {

  final int producers;
  final FixedThreads threads;
  private Integer[] payloads = new Integer[0];

  /** Per run: messages per producer (and per receiver). */
  int perProducer;
  /** seen[r][id]: how many times receiver r took message id. */
  byte[][] seen;
  /** last[r][p]: the last id receiver r took from producer p, -1 for none. */
  int[][] last;
  /** Per receiver: messages taken out of their producer's sending order. */
  long[] outOfOrder;

  MessagingState(int producers, String namePrefix) {
    this.producers = producers;
    this.threads = new FixedThreads(2 * producers, namePrefix);
    this.seen = new byte[producers][0];
    this.last = new int[producers][producers];
    this.outOfOrder = new long[producers];
  }

  /** Clears the records for a run of about {@code ops} messages; returns the payloads. */
  Integer[] prepare(long ops) {
    perProducer = (int) Math.max(1, ops / producers);
    int total = perProducer * producers;
    if (payloads.length < total) {
      Integer[] grown = Arrays.copyOf(payloads, total);
      for (int i = payloads.length; i < total; i++) {
        grown[i] = i; // boxed here, outside the timed region, once per session
      }
      payloads = grown;
    }
    for (int r = 0; r < producers; r++) {
      if (seen[r].length < total) {
        seen[r] = new byte[total];
      } else {
        Arrays.fill(seen[r], 0, total, (byte) 0);
      }
      Arrays.fill(last[r], -1);
      outOfOrder[r] = 0;
    }
    return payloads;
  }

  long total() {
    return (long) perProducer * producers;
  }

  /** Receiver {@code r} took message {@code id}. Called on receiver r's thread only. */
  void took(int r, int id) {
    seen[r][id]++;
    int p = id / perProducer;
    if (id <= last[r][p]) {
      outOfOrder[r]++;
    }
    last[r][p] = id;
  }

  /** After the run (the launch's latch orders the receivers' writes before this). */
  String verify(FixedThreads.Launch launch) {
    if (launch.failure() != null) {
      return "a producer or receiver threw " + launch.failure();
    }
    int total = (int) total();
    long missing = 0;
    long duplicated = 0;
    for (int id = 0; id < total; id++) {
      int n = 0;
      for (int r = 0; r < producers; r++) {
        n += seen[r][id];
      }
      if (n == 0) {
        missing++;
      } else if (n > 1) {
        duplicated++;
      }
    }
    long reordered = Arrays.stream(outOfOrder).sum();
    if (missing != 0 || duplicated != 0 || reordered != 0) {
      return "of " + total + " messages, " + missing + " never received, " + duplicated
          + " received more than once, " + reordered + " received out of their sender's order";
    }
    return null;
  }

  Map<String, Object> params() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("producers", producers);
    m.put("receivers", producers);
    m.put("messagesPerProducer", perProducer);
    m.put("tags", 1);
    return m;
  }

  Map<String, Object> facts() {
    return Map.of("received", total(), "exactlyOnce", true);
  }

  /** The channel under test: how a producer sends one payload and how a receiver takes one. */
  interface Channel {
    /** Sends one payload; called on producer threads. */
    void send(Integer payload) throws InterruptedException;

    /** Takes one payload, waiting for it; called on receiver threads. */
    Integer take() throws InterruptedException;
  }

  /**
   * A trial of about {@code ops} messages through {@code channel}: P producers each send their share
   * of the payloads in order while P receivers take the same number each.
   */
  Trial trial(long ops, Channel channel) {
    Integer[] sent = prepare(ops);
    int p = producers;
    int n = perProducer;
    AtomicBoolean cancelled = new AtomicBoolean(); // receivers still waiting are interrupted at close
    FixedThreads.Launch launch = threads.launch(i -> {
      try {
        if (i < p) {
          int base = i * n;
          for (int k = 0; k < n && !cancelled.get(); k++) {
            channel.send(sent[base + k]);
          }
        } else {
          int r = i - p;
          for (int k = 0; k < n; k++) {
            took(r, channel.take());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    });
    return new LaunchedTrial(launch, cancelled) {
      @Override
      public long ops() {
        return total();
      }

      @Override
      public String verify() {
        return MessagingState.this.verify(launch);
      }

      @Override
      public Map<String, Object> params() {
        return MessagingState.this.params();
      }

      @Override
      public Map<String, Object> facts() {
        return MessagingState.this.facts();
      }
    };
  }
}
