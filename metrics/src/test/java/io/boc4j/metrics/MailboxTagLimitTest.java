package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.boc4j.Boc;
import io.boc4j.Mailbox;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mailbox depth gauges are bounded per mailbox: the first tags seen get their own series, the rest
 * are summed into {@code tag="_other"}; independent mailboxes are reported beside the runtime's.
 */
@Timeout(value = 30, unit = SECONDS)
class MailboxTagLimitTest extends MetricsTestSupport {

  @Test
  void tagsPastTheLimitAreSummedIntoOther() throws Exception {
    Boc boc = newBoc("tags", 1);
    closing(BocMetrics.builder(boc).mailboxTagLimit(2).snapshotMaxAge(Duration.ZERO).build())
        .bindTo(registry);
    Mailbox m = boc.mailbox();
    m.send("c", 1);
    m.send("a", 1);
    m.send("b", 1);
    m.send("d", 1);
    m.send("d", 2);
    m.send(MailboxMeters.OTHER, "a user tag that looks like the overflow one");
    scrape(registry); // all six appear in one read: a and b, first in tag order, get gauges

    assertEquals(Set.of("a", "b", MailboxMeters.OTHER), tags("runtime"));
    assertEquals(1, depth(boc, "a"));
    assertEquals(1, depth(boc, "b"));
    assertEquals(4, depth(boc, MailboxMeters.OTHER), "c, d twice, and the user's _other");

    m.receive("d");
    m.send("e", 1); // a later tag goes to _other too
    scrape(registry);
    assertEquals(Set.of("a", "b", MailboxMeters.OTHER), tags("runtime"));
    assertEquals(4, depth(boc, MailboxMeters.OTHER));

    m.setTags(List.of()); // frees every tag: the gauges stay and read 0
    scrape(registry);
    assertEquals(0, depth(boc, "a"));
    assertEquals(0, depth(boc, MailboxMeters.OTHER));
  }

  @Test
  void independentMailboxesAreReportedBesideTheRuntimes() throws Exception {
    Boc boc = newBoc("independent", 1);
    Mailbox jobs = new Mailbox();
    closing(BocMetrics.builder(boc).mailbox("jobs", jobs).mailboxTagLimit(0).build())
        .bindTo(registry);
    jobs.send("x", 1);
    jobs.send("y", 2);
    boc.mailbox().send("x", 3);
    scrape(registry);
    assertEquals(Set.of(MailboxMeters.OTHER), tags("jobs"), "limit 0: everything is summed");
    assertEquals(2, gauge(boc, "boc4j.mailbox.depth", "mailbox", "jobs", "tag",
        MailboxMeters.OTHER));
    assertEquals(1, gauge(boc, "boc4j.mailbox.depth", "mailbox", "runtime", "tag",
        MailboxMeters.OTHER));
  }

  private double depth(Boc boc, String tag) {
    return gauge(boc, "boc4j.mailbox.depth", "mailbox", "runtime", "tag", tag);
  }

  private Set<String> tags(String mailbox) {
    return registry.find("boc4j.mailbox.depth").tag("mailbox", mailbox).gauges().stream()
        .map(g -> g.getId().getTag("tag")).collect(Collectors.toSet());
  }
}
