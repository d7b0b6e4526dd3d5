package io.boc4j;

import static io.boc4j.MailboxTest.LONG;
import static io.boc4j.MailboxTest.awaitParked;
import static io.boc4j.MailboxTest.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.boc4j.MailboxTest.Forked;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Stress tests of {@link Mailbox}: F15 sizes, M21 lost wake-ups (single tag, multi-tag, bursts,
 * delayed arrivals), and races of timeouts, stealing receivers, drain and setTags against parked
 * receivers. Sizes scale with {@code -Dboc4j.stress.scale=N} (default 1, the CI size); the seed
 * is logged and can be replayed with {@code -Dboc4j.stress.seed=S}.
 *
 * <p>Lost wake-up detection: a receiver that stays parked while a matching message is queued
 * makes its untimed receive (or its {@link MailboxTest#LONG} receive) never return, which shows
 * as a failed assertion, not a hang.
 */
@Tag("stress")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MailboxStressTest {

  static final int SCALE = Math.max(1, Integer.getInteger("boc4j.stress.scale", 1));
  static final long SEED = Long.getLong("boc4j.stress.seed", System.nanoTime());

  /** One producer's numbered message. */
  record Seq(int producer, int seq) {
  }

  final Mailbox mb = new Mailbox();

  @BeforeAll
  static void logSeed() {
    System.out.println("MailboxStressTest seed=" + SEED + " scale=" + SCALE
        + " (replay with -Dboc4j.stress.seed=" + SEED + ")");
  }

  static Random random(TestInfo info) {
    return new Random(SEED ^ info.getDisplayName().hashCode());
  }

  static Message receiveOrFail(Mailbox mb, String tag) {
    Message m = mb.receive(tag, LONG);
    if (m.isTimeout()) {
      fail("no message on \"" + tag + "\" within " + LONG + " (lost wake-up?) seed=" + SEED);
    }
    return m;
  }

  static Message receiveOrFail(Mailbox mb, List<String> tags) {
    Message m = mb.receive(tags, LONG);
    if (m.isTimeout()) {
      fail("no message on " + tags + " within " + LONG + " (lost wake-up?) seed=" + SEED);
    }
    return m;
  }

  static void joinAll(List<? extends Forked<?>> forks) throws Exception {
    for (Forked<?> f : forks) {
      f.join();
    }
  }

  // ------------------------------------------------------------- shared workloads (F15, M19, M20)

  /** 10 workers on receive([work, shutdown]) sum 0..maxValue-1 in batches. */
  static long workerPoolSum(Mailbox mb, int workers, int maxValue, int batch) throws Exception {
    List<String> workerTags = List.of("thr_work", "thr_shutdown");
    List<Forked<Void>> pool = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      pool.add(fork("pool-" + w, () -> {
        mb.send("thr_started", true);
        for (;;) {
          Message m = mb.receive(workerTags);
          if (m.tag().equals("thr_shutdown")) {
            return null;
          }
          int[] values = (int[]) m.payload();
          mb.send("thr_result", Arrays.stream(values).asLongStream().sum());
        }
      }));
    }
    for (int w = 0; w < workers; w++) {
      receiveOrFail(mb, "thr_started");
    }
    int batches = 0;
    for (int i = 0; i < maxValue; i += batch) {
      mb.send("thr_work", IntStream.range(i, Math.min(i + batch, maxValue)).toArray());
      batches++;
    }
    long result = 0;
    for (int b = 0; b < batches; b++) {
      result += (Long) receiveOrFail(mb, "thr_result").payload();
    }
    for (int w = 0; w < workers; w++) {
      mb.send("thr_shutdown", true);
    }
    joinAll(pool);
    return result;
  }

  static void producersAllDelivered(Mailbox mb, int producers, int perProducer) throws Exception {
    List<Forked<Void>> ps = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int pid = p;
      ps.add(fork("mp-all-" + p, () -> {
        for (int i = 0; i < perProducer; i++) {
          mb.send("mp_all", new Seq(pid, i));
        }
        return null;
      }));
    }
    Set<Seq> received = new TreeSet<>((a, b) -> a.producer != b.producer
        ? Integer.compare(a.producer, b.producer) : Integer.compare(a.seq, b.seq));
    for (int i = 0; i < producers * perProducer; i++) {
      assertTrue(received.add((Seq) receiveOrFail(mb, "mp_all").payload()), "delivered once");
    }
    joinAll(ps);
    assertEquals(producers * perProducer, received.size());
    assertEquals(0, mb.depth("mp_all"));
  }

  static void producersKeepOrder(Mailbox mb, int producers, int perProducer) throws Exception {
    List<Forked<Void>> ps = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int pid = p;
      ps.add(fork("mp-fifo-" + p, () -> {
        for (int i = 0; i < perProducer; i++) {
          mb.send("mp_fifo", new Seq(pid, i));
        }
        return null;
      }));
    }
    int[] next = new int[producers];
    for (int i = 0; i < producers * perProducer; i++) {
      Seq s = (Seq) receiveOrFail(mb, "mp_fifo").payload();
      assertEquals(next[s.producer], s.seq, "producer " + s.producer + " out of order");
      next[s.producer]++;
    }
    joinAll(ps);
    for (int p = 0; p < producers; p++) {
      assertEquals(perProducer, next[p]);
    }
  }

  static void producerConsumerInOrder(Mailbox mb, int n) throws Exception {
    Forked<Void> producer = fork("hv-pc", () -> {
      for (int i = 0; i < n; i++) {
        mb.send("hv_pc", i);
      }
      return null;
    });
    for (int i = 0; i < n; i++) {
      assertEquals(i, receiveOrFail(mb, "hv_pc").payload());
    }
    producer.join();
  }

  static void sequentialSum(Mailbox mb, int n) {
    for (int i = 0; i < n; i++) {
      mb.send("hv_seq", i);
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += (Integer) receiveOrFail(mb, "hv_seq").payload();
    }
    assertEquals((long) n * (n - 1) / 2, total);
  }

  // ------------------------------------------------------------------------------------ F15

  @Test
  @DisplayName("F15 bursts of 5000 stay FIFO; 10,000 sequential sum; 2000 producer/consumer in order")
  void f15_burstsSequentialProducerConsumer() throws Exception {
    for (int burst = 0; burst < 3; burst++) {
      int n = 5000 * SCALE;
      for (int i = 0; i < n; i++) {
        mb.send("burst", i);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(i, receiveOrFail(mb, "burst").payload());
      }
    }
    sequentialSum(mb, 10_000 * SCALE);
    producerConsumerInOrder(mb, 2000 * SCALE);
  }

  @Test
  @DisplayName("F15 producers 8 x 200 and 4 x 300; 20 senders; a 10-thread pool sums to 499,500")
  void f15_producersAndPool() throws Exception {
    producersAllDelivered(mb, 8, 200 * SCALE);
    producersKeepOrder(mb, 4, 300 * SCALE);
    List<Forked<Void>> senders = new ArrayList<>();
    int sendersCount = 20 * SCALE;
    for (int i = 0; i < sendersCount; i++) {
      int v = i;
      senders.add(fork("sender-" + i, () -> {
        mb.send("ct_multi", v);
        return null;
      }));
    }
    Set<Object> values = new TreeSet<>();
    for (int i = 0; i < sendersCount; i++) {
      values.add(receiveOrFail(mb, "ct_multi").payload());
    }
    joinAll(senders);
    assertEquals(IntStream.range(0, sendersCount).boxed().collect(Collectors.toSet()), values);
    int max = 1000 * SCALE;
    assertEquals((long) max * (max - 1) / 2, workerPoolSum(mb, 10, max, 20));
  }

  // ------------------------------------------------------------------------------------ M21

  @Test
  @DisplayName("M21 lost wake-up: 200 messages at random delays reach a blocked receiver")
  void m21_randomDelays(TestInfo info) throws Exception {
    Random rnd = random(info);
    int n = 200 * SCALE;
    long[] delaysMicros = rnd.longs(n, 0, 2000).toArray();
    Forked<Void> producer = fork("delayed-producer", () -> {
      for (int i = 0; i < n; i++) {
        // Deliberate delay before a send: the receiver is sometimes parked, sometimes not.
        TimeUnit.MICROSECONDS.sleep(delaysMicros[i]);
        mb.send("rd", i);
      }
      return null;
    });
    for (int i = 0; i < n; i++) {
      assertEquals(i, mb.receive("rd").payload());
    }
    producer.join();
  }

  @Test
  @DisplayName("M21 lost wake-up: 10 bursts of 50, each sent to a parked receiver")
  void m21_burstsToParkedReceiver() throws Exception {
    int bursts = 10 * SCALE;
    int perBurst = 50;
    Forked<Integer> receiver = fork("burst-receiver", () -> {
      int got = 0;
      for (int i = 0; i < bursts * perBurst; i++) {
        assertEquals(i, mb.receive("bursty").payload());
        got++;
      }
      return got;
    });
    for (int b = 0; b < bursts; b++) {
      awaitParked(receiver.thread(), mb);
      for (int i = 0; i < perBurst; i++) {
        mb.send("bursty", b * perBurst + i);
      }
    }
    assertEquals(bursts * perBurst, receiver.join());
  }

  @Test
  @DisplayName("M21 lost wake-up: one message wakes a parked receiver, 20 times")
  void m21_oneMessageWake() throws Exception {
    int repeats = 20 * SCALE;
    Forked<Void> receiver = fork("wake-receiver", () -> {
      for (int i = 0; i < repeats; i++) {
        Message m = mb.receive("wake");
        mb.send("woke", m.payload());
      }
      return null;
    });
    for (int i = 0; i < repeats; i++) {
      awaitParked(receiver.thread(), mb);
      mb.send("wake", i);
      assertEquals(i, receiveOrFail(mb, "woke").payload());
    }
    receiver.join();
  }

  @Test
  @DisplayName("M21 lost wake-up: a late arrival on the 3rd of 3 tags wakes the receiver")
  void m21_lateArrivalOnThirdTag(TestInfo info) throws Exception {
    Random rnd = random(info);
    List<String> three = List.of("late_1", "late_2", "late_3");
    for (int round = 0; round < 20 * SCALE; round++) {
      Forked<Message> r = fork("late-receiver", () -> mb.receive(three));
      if (rnd.nextBoolean()) {
        awaitParked(r.thread(), mb);
      } else {
        TimeUnit.MICROSECONDS.sleep(rnd.nextInt(3000)); // deliberate delay before the send
      }
      mb.send("late_3", round);
      assertEquals(new Message("late_3", round), r.join());
    }
  }

  @Test
  @DisplayName("M21 lost wake-up: 3 producers x 100 into one multi-tag consumer, per-tag FIFO")
  void m21_threeProducersOneMultiTagConsumer(TestInfo info) throws Exception {
    Random rnd = random(info);
    int perProducer = 100 * SCALE;
    List<String> tags = List.of("mp_0", "mp_1", "mp_2");
    List<Forked<Void>> ps = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      String tag = tags.get(p);
      long seed = rnd.nextLong();
      ps.add(fork("multi-producer-" + p, () -> {
        Random r = new Random(seed);
        for (int i = 0; i < perProducer; i++) {
          if (r.nextInt(4) == 0) {
            TimeUnit.MICROSECONDS.sleep(r.nextInt(500)); // deliberate delayed arrival
          }
          mb.send(tag, i);
        }
        return null;
      }));
    }
    int[] next = new int[3];
    for (int i = 0; i < 3 * perProducer; i++) {
      Message m = mb.receive(tags);
      int p = tags.indexOf(m.tag());
      assertEquals(next[p]++, m.payload(), "FIFO on " + m.tag());
    }
    joinAll(ps);
    assertEquals(List.of(perProducer, perProducer, perProducer), Arrays.stream(next).boxed().toList());
  }

  @Test
  @DisplayName("M21 lost wake-up: sends timed to land while the receiver is between its empty poll and parking")
  void m21_sendRacesIntoReceiverSlowPath(TestInfo info) throws Exception {
    Random rnd = random(info);
    int iterations = 50_000 * SCALE;
    int[] spins = rnd.ints(iterations, 0, 3000).toArray();
    List<String> multi = List.of("race_x", "race");
    Forked<Void> receiver = fork("race-receiver", () -> {
      for (int i = 0; i < iterations; i++) {
        Message m = (i & 1) == 0 ? mb.receive("race") : mb.receive(multi);
        mb.send("race_ack", m.payload());
      }
      return null;
    });
    for (int i = 0; i < iterations; i++) {
      // Busy-wait 0..3 us: the receiver has just acked and is entering its next receive.
      long until = System.nanoTime() + spins[i];
      while (System.nanoTime() - until < 0) {
        Thread.onSpinWait();
      }
      mb.send("race", i);
      long deadline = System.nanoTime() + LONG.toNanos();
      Message ack;
      while ((ack = mb.receive("race_ack", Duration.ZERO)).isTimeout()) {
        if (System.nanoTime() - deadline > 0) {
          fail("iteration " + i + ": receiver stayed parked with a message queued (depth "
              + mb.depth("race") + ") seed=" + SEED);
        }
        Thread.onSpinWait();
      }
      assertEquals(i, ack.payload());
    }
    receiver.join();
  }

  @Test
  @DisplayName("M21 lost wake-up: ping-pong, every round trip parks both sides")
  void m21_pingPong() throws Exception {
    int rounds = 5000 * SCALE;
    Forked<Void> echo = fork("pong", () -> {
      for (int i = 0; i < rounds; i++) {
        mb.send("pong", mb.receive(List.of("ping", "never")).payload());
      }
      return null;
    });
    for (int i = 0; i < rounds; i++) {
      mb.send("ping", i);
      assertEquals(i, receiveOrFail(mb, "pong").payload());
    }
    echo.join();
  }

  // --------------------------------------------------------- many producers, many receivers

  @Test
  @DisplayName("MPMC on one tag: 4 producers, 4 untimed receivers, every message exactly once, per-producer order")
  void mpmcSingleTagExactlyOnce() throws Exception {
    int producers = 4;
    int receivers = 4;
    int perProducer = 20_000 * SCALE;
    AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
    List<Forked<Void>> rs = new ArrayList<>();
    for (int r = 0; r < receivers; r++) {
      rs.add(fork("mpmc-receiver-" + r, () -> {
        int[] last = new int[producers];
        Arrays.fill(last, -1);
        for (;;) {
          Object p = mb.receive("mpmc").payload();
          if (p instanceof String) {
            return null; // poison pill
          }
          Seq s = (Seq) p;
          assertTrue(s.seq > last[s.producer], "per-producer order seen by one receiver");
          last[s.producer] = s.seq;
          assertEquals(0, seen.getAndIncrement(s.producer * perProducer + s.seq), "delivered once");
        }
      }));
    }
    List<Forked<Void>> ps = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int pid = p;
      ps.add(fork("mpmc-producer-" + p, () -> {
        for (int i = 0; i < perProducer; i++) {
          mb.send("mpmc", new Seq(pid, i));
        }
        return null;
      }));
    }
    joinAll(ps);
    for (int r = 0; r < receivers; r++) {
      mb.send("mpmc", "stop");
    }
    joinAll(rs);
    for (int i = 0; i < seen.length(); i++) {
      assertEquals(1, seen.get(i), "message " + i);
    }
    assertEquals(new TagStats("mpmc", (long) producers * perProducer + receivers,
        (long) producers * perProducer + receivers), MailboxTest.stats(mb, "mpmc"));
  }

  @Test
  @DisplayName("Lost wake-up rounds: K parked multi-tag receivers, K racing sends, stealers and timing-out waiters")
  void multiTagRoundsWithStealersAndTimeouts(TestInfo info) throws Exception {
    Random rnd = random(info);
    List<String> tags = List.of("r_a", "r_b", "r_c", "r_d");
    int rounds = 200 * SCALE;
    for (int round = 0; round < rounds; round++) {
      int k = 2 + rnd.nextInt(5);
      int timedLoopers = rnd.nextInt(3);
      int total = k + timedLoopers;
      CyclicBarrier go = new CyclicBarrier(total + k + 1);
      List<Forked<Message>> rs = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        List<String> order = new ArrayList<>(tags);
        Collections.shuffle(order, rnd);
        List<String> mine = new ArrayList<>(order);
        mine.add("distractor_" + i % 3);
        boolean timed = i >= k;
        long seed = rnd.nextLong();
        rs.add(fork("round-receiver-" + i, () -> {
          go.await(LONG.toMillis(), TimeUnit.MILLISECONDS);
          if (!timed) {
            return mb.receive(mine);
          }
          Random r = new Random(seed);
          for (;;) { // short timeouts: cancellations race with notifications
            Message m = mb.receive(mine, Duration.ofNanos(r.nextInt(300_000)));
            if (!m.isTimeout()) {
              return m;
            }
          }
        }));
      }
      // k + timedLoopers messages from k + 1 racing senders; one steals and puts back.
      AtomicBoolean stop = new AtomicBoolean();
      List<Forked<Void>> senders = new ArrayList<>();
      for (int s = 0; s < k; s++) {
        String tag1 = tags.get(rnd.nextInt(tags.size()));
        boolean second = s < timedLoopers;
        String tag2 = tags.get(rnd.nextInt(tags.size()));
        int id = s;
        senders.add(fork("round-sender-" + s, () -> {
          go.await(LONG.toMillis(), TimeUnit.MILLISECONDS);
          mb.send(tag1, id);
          if (second) {
            mb.send(tag2, 1000 + id);
          }
          return null;
        }));
      }
      if (timedLoopers > k) {
        for (int extra = k; extra < timedLoopers; extra++) {
          mb.send(tags.get(rnd.nextInt(tags.size())), 1000 + extra);
        }
      }
      Forked<Integer> stealer = fork("round-stealer", () -> {
        int stolen = 0;
        while (!stop.get()) {
          Message m = mb.receive(tags, Duration.ZERO);
          if (!m.isTimeout()) {
            stolen++;
            mb.send(m.tag(), m.payload()); // put it back: someone parked must get it
          } else {
            Thread.yield();
          }
        }
        return stolen;
      });
      go.await(LONG.toMillis(), TimeUnit.MILLISECONDS);
      joinAll(senders);
      Set<Object> got = new TreeSet<>();
      try {
        for (Forked<Message> r : rs) {
          got.add(r.join().payload());
        }
      } catch (TimeoutException e) {
        stop.set(true);
        fail("round " + round + ": a receiver stayed parked with messages queued: depths "
            + tags.stream().map(mb::depth).toList() + " seed=" + SEED);
      } finally {
        stop.set(true);
      }
      stealer.join();
      assertEquals(total, got.size(), "each message delivered once");
      for (String t : tags) {
        assertEquals(0, mb.depth(t), "nothing left behind on " + t);
      }
    }
  }

  @Test
  @DisplayName("Lost wake-up rounds with different tag sets: no receiver stays parked beside a matching message")
  void heterogeneousTagSetsNeverStrandAMessage(TestInfo info) throws Exception {
    Random rnd = random(info);
    List<String> tags = List.of("h_a", "h_b", "h_c", "h_d");
    int rounds = 150 * SCALE;
    for (int round = 0; round < rounds; round++) {
      int k = 2 + rnd.nextInt(5);
      List<List<String>> sets = new ArrayList<>();
      List<Forked<Message>> rs = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        List<String> shuffled = new ArrayList<>(tags);
        Collections.shuffle(shuffled, rnd);
        List<String> mine = List.copyOf(shuffled.subList(0, 1 + rnd.nextInt(3)));
        sets.add(mine);
        rs.add(fork("het-receiver-" + i, () -> mb.receive(mine)));
      }
      if (rnd.nextBoolean()) {
        for (Forked<Message> r : rs) {
          awaitParked(r.thread(), mb);
        }
      }
      int senders = 1 + rnd.nextInt(3);
      List<Forked<Void>> ss = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        List<String> plan = rnd.ints(1 + rnd.nextInt(k), 0, tags.size()).mapToObj(tags::get).toList();
        ss.add(fork("het-sender-" + s, () -> {
          for (String t : plan) {
            mb.send(t, t);
          }
          return null;
        }));
      }
      joinAll(ss);
      // Settled means: every receiver still waiting has nothing queued on any of its tags.
      long deadline = System.nanoTime() + LONG.toNanos();
      for (;;) {
        boolean settled = true;
        for (int i = 0; i < k && settled; i++) {
          if (!rs.get(i).result().isDone()) {
            for (String t : sets.get(i)) {
              if (mb.depth(t) > 0) {
                settled = false;
                break;
              }
            }
          }
        }
        if (settled) {
          break;
        }
        if (System.nanoTime() - deadline > 0) {
          fail("round " + round + ": a receiver stayed parked beside a matching message; sets " + sets
              + ", depths " + tags.stream().map(mb::depth).toList() + " seed=" + SEED);
        }
        Thread.yield();
      }
      for (Forked<Message> r : rs) {
        r.thread().interrupt(); // release the ones still waiting (they throw), then clean up
      }
      for (Forked<Message> r : rs) {
        try {
          r.join();
        } catch (java.util.concurrent.CancellationException expected) {
          // was still waiting: correct, nothing matched it
        }
      }
      mb.drain(tags);
    }
  }

  @Test
  @DisplayName("setTags and drain churn never strands a parked receiver; slot accounting stays exact")
  void setTagsAndDrainChurnAgainstParkedReceivers(TestInfo info) throws Exception {
    Random rnd = random(info);
    Mailbox small = new Mailbox(8);
    int rounds = 30 * SCALE;
    for (int round = 0; round < rounds; round++) {
      int receivers = 1 + rnd.nextInt(4);
      List<Forked<Message>> untimed = new ArrayList<>();
      List<String> waitedOn = new ArrayList<>();
      for (int i = 0; i < receivers; i++) {
        String tag = "wait_" + i;
        waitedOn.add(tag);
        List<String> mine = rnd.nextBoolean() ? List.of(tag) : List.of(tag, "wait_extra_" + i);
        untimed.add(fork("churn-receiver-" + i, () -> {
          try {
            return small.receive(mine);
          } catch (IllegalStateException full) { // all 8 slots taken by churn: retry
            for (;;) {
              try {
                return small.receive(mine);
              } catch (IllegalStateException stillFull) {
                Thread.yield();
              }
            }
          }
        }));
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long seed = rnd.nextLong();
      Forked<Integer> churn = fork("churn", () -> {
        Random r = new Random(seed);
        int ops = 0;
        while (!stop.get() || ops < 50) {
          switch (r.nextInt(5)) {
            case 0 -> small.setTags(List.of());
            case 1 -> small.setTags(List.of("noise_" + r.nextInt(12), "wait_" + r.nextInt(4)));
            case 2 -> small.drain(List.of("wait_" + r.nextInt(4), "noise_" + r.nextInt(12)));
            default -> {
              try {
                small.send("noise_" + r.nextInt(12), ops);
              } catch (IllegalStateException full) {
                // the limit is small on purpose
              }
            }
          }
          ops++;
        }
        return ops;
      });
      Forked<Integer> timedWaiters = fork("churn-timed", () -> {
        Random r = new Random(seed + 1);
        int n = 0;
        while (!stop.get()) {
          try {
            small.receive(List.of("wait_" + r.nextInt(4), "noise_" + r.nextInt(12)),
                Duration.ofNanos(r.nextInt(200_000)));
          } catch (IllegalStateException full) {
            Thread.yield();
          }
          n++;
        }
        return n;
      });
      for (Forked<Message> r : untimed) {
        try {
          awaitParked(r.thread(), small);
        } catch (AssertionError notYet) {
          failure.compareAndSet(null, notYet);
        }
      }
      stop.set(true);
      churn.join();
      timedWaiters.join();
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      // Quiet now: the counts must agree, and fresh sends must reach every parked receiver.
      assertEquals(small.tagStats().size(), small.liveTags());
      assertTrue(small.liveTags() <= small.tagLimit());
      small.setTags(List.of());
      assertEquals(0, small.liveTags());
      for (String tag : waitedOn) {
        small.send(tag, tag);
      }
      for (int i = 0; i < receivers; i++) {
        assertEquals(new Message(waitedOn.get(i), waitedOn.get(i)), untimed.get(i).join(),
            "round " + round + " seed=" + SEED);
      }
      assertEquals(receivers, small.liveTags());
      small.setTags(List.of());
    }
  }

  @Test
  @DisplayName("Timed receivers racing senders: a timeout never swallows a message")
  void timeoutsNeverSwallowMessages(TestInfo info) throws Exception {
    Random rnd = random(info);
    int receivers = 4;
    int messages = 20_000 * SCALE;
    AtomicInteger received = new AtomicInteger();
    AtomicIntegerArray seen = new AtomicIntegerArray(messages);
    CountDownLatch done = new CountDownLatch(receivers);
    List<Forked<Void>> rs = new ArrayList<>();
    for (int r = 0; r < receivers; r++) {
      long seed = rnd.nextLong();
      rs.add(fork("timed-receiver-" + r, () -> {
        Random local = new Random(seed);
        try {
          while (received.get() < messages) {
            Object p = mb.receive(List.of("tm_a", "tm_b"), Duration.ofNanos(local.nextInt(100_000)),
                () -> null);
            if (p != null) {
              int id = (Integer) ((Message) p).payload();
              assertEquals(0, seen.getAndIncrement(id), "delivered once");
              received.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
        return null;
      }));
    }
    long producerSeed = rnd.nextLong();
    Forked<Void> producer = fork("timed-producer", () -> {
      Random local = new Random(producerSeed);
      for (int i = 0; i < messages; i++) {
        mb.send(local.nextBoolean() ? "tm_a" : "tm_b", i);
      }
      return null;
    });
    producer.join();
    assertTrue(done.await(60, TimeUnit.SECONDS), "receivers finished; received " + received.get());
    joinAll(rs);
    assertEquals(messages, received.get());
    assertEquals(0, mb.depth("tm_a") + mb.depth("tm_b"));
    assertFalse(IntStream.range(0, messages).anyMatch(i -> seen.get(i) != 1));
  }
}
