package io.boc4j.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.HeldGroup;
import io.boc4j.spring.BocLifecycle;
import io.boc4j.spring.BocProperties;
import io.boc4j.spring.sample.Account.Posting;
import io.boc4j.spring.sample.BankClient.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;

/**
 * B04: closing the application while transfers are in flight loses none that was acknowledged. The
 * web server shuts down gracefully first (requests in progress complete, their behaviours with them);
 * then the runtime quiesces and closes.
 */
@Timeout(120)
class BankGracefulShutdownTest {

  private static final int ACCOUNTS = 16;
  private static final long OPENING = 1000;

  @Test
  void closingWithTransfersInFlightLosesNoAcknowledgedTransfer() throws Exception {
    long seed = System.nanoTime();
    System.out.println("BankGracefulShutdownTest seed " + seed);
    List<TransferRequest> requests = Transfers.random(seed, 4000, ACCOUNTS, 50);

    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(BankApplication.class, ShutdownProbe.class)
            .run("--server.port=0");
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    ShutdownProbe probe = app.getBean(ShutdownProbe.class);
    probe.port = port;
    Boc boc = app.getBean(Boc.class);
    Duration shutdownTimeout = app.getBean(BocProperties.class).shutdownTimeout();
    List<Cown<Account>> accounts = app.getBean(Bank.class).accounts();

    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch enoughAcknowledged = new CountDownLatch(200);
    int inFlightAtClose;
    long closedAt;
    try (BankClient client = new BankClient(port)) {
      CompletableFuture<Void> load = Flux.fromIterable(requests)
          .flatMap(r -> client.transfer(r)
              .doOnSubscribe(s -> sent.incrementAndGet())
              .doOnNext(o -> {
                outcomes.add(o);
                if (o.acknowledged()) {
                  enoughAcknowledged.countDown();
                }
              }), 32)
          .then()
          .toFuture();
      assertThat(enoughAcknowledged.await(60, TimeUnit.SECONDS)).isTrue();
      inFlightAtClose = sent.get() - outcomes.size();
      app.close(); // graceful: the server drains, then the runtime closes
      closedAt = System.nanoTime();
      load.get(60, TimeUnit.SECONDS);
    }

    assertThat(inFlightAtClose).as("transfers in flight when the close began").isPositive();
    assertThat(probe.serverAcceptedWhenTheRuntimeStopped)
        .as("the server had stopped accepting before the runtime began to close").isFalse();
    // The runtime's close drops behaviours only once its shutdown timeout has run out in full; it
    // finished well before, so it waited for every behaviour in flight and dropped none.
    assertThat(Duration.ofNanos(closedAt - probe.runtimeStoppingAt))
        .isLessThan(shutdownTimeout);
    assertThat(boc.isClosed()).isTrue();
    assertThat(boc.stats().completed()).isEqualTo(boc.stats().scheduled());

    Map<Integer, Account> finalState = audit(accounts);
    List<Transfer> acknowledged = outcomes.stream().filter(Outcome::acknowledged)
        .map(Outcome::transfer).toList();
    System.out.printf("BankGracefulShutdownTest: %d sent, %d in flight at close, %d acknowledged,"
            + " %d refused for funds, %d without a 2xx, %d behaviours cancelled by their request%n",
        sent.get(), inFlightAtClose, acknowledged.size(),
        outcomes.stream().filter(o -> o.status() == 409).count(),
        outcomes.stream().filter(o -> !o.acknowledged() && o.status() != 409).count(),
        boc.stats().failed());

    for (Transfer t : acknowledged) {
      assertThat(finalState.get(t.from()).ledger()).as("seed %d: transfer %d debited", seed, t.id())
          .contains(new Posting(t.id(), -t.amount()));
      assertThat(finalState.get(t.to()).ledger()).as("seed %d: transfer %d credited", seed, t.id())
          .contains(new Posting(t.id(), t.amount()));
    }
    long total = 0;
    for (Account account : finalState.values()) {
      long posted = account.ledger().stream().mapToLong(Posting::amount).sum();
      assertThat(account.balance()).as("balance = opening + ledger").isEqualTo(OPENING + posted);
      total += account.balance();
    }
    assertThat(total).isEqualTo(ACCOUNTS * OPENING);
  }

  /**
   * Stops in the phase just above the runtime's own, so its stop runs after the web server's graceful
   * shutdown and just before the runtime closes: it notes whether the server still accepts
   * connections, and when the runtime's close begins.
   */
  static class ShutdownProbe implements SmartLifecycle {

    private final Boc boc;
    private volatile boolean running;

    volatile int port;
    volatile boolean serverAcceptedWhenTheRuntimeStopped;
    volatile long runtimeStoppingAt;

    ShutdownProbe(Boc boc) {
      this.boc = boc;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      serverAcceptedWhenTheRuntimeStopped = accepts(port);
      System.out.println("BankGracefulShutdownTest: " + boc.stats().inFlight()
          + " behaviour(s) in flight when the runtime began to close");
      runtimeStoppingAt = System.nanoTime();
      running = false;
    }

    private static boolean accepts(int port) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return true;
      } catch (IOException refused) {
        return false;
      }
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return BocLifecycle.PHASE + 1;
    }
  }

  /**
   * Reads every account with a runtime of the test's own: cowns outlive the runtime that ran their
   * behaviours, and a closed runtime takes no more work.
   */
  private static Map<Integer, Account> audit(List<Cown<Account>> accounts) throws Exception {
    Map<Integer, Account> state = new HashMap<>();
    try (Boc auditor = Boc.builder().workers(1).build();
        HeldGroup<Account> all = auditor.acquire(Cown.group(new ArrayList<>(accounts)),
            Duration.ofSeconds(10))) {
      for (int i = 0; i < accounts.size(); i++) {
        state.put(i, all.get(i));
      }
    }
    return state;
  }
}
