package io.boc4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.kafka.Command.Credit;
import io.boc4j.kafka.Command.Malformed;
import io.boc4j.kafka.Command.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** The pieces that need no broker: accounts, their deduplication, codecs, partitioning, loads. */
class DomainTest {

  @Test
  void aCreditAtOrBelowTheWatermarkOfItsSourcePartitionIsADuplicate() {
    Account a = Account.open(7, 100, 3);
    assertTrue(a.isNewCredit(1, 0));
    Account credited = a.credit(25, 1, 41);
    assertEquals(125, credited.balance());
    assertEquals(1, credited.received());
    assertFalse(credited.isNewCredit(1, 41), "the same credit again");
    assertFalse(credited.isNewCredit(1, 40), "an older credit from that partition");
    assertTrue(credited.isNewCredit(1, 42));
    assertTrue(credited.isNewCredit(2, 0), "watermarks are per source partition");
    assertEquals(-1, a.creditedUpTo(1), "the old value is a snapshot: unchanged");
  }

  @Test
  void payingAndRefusingCountOnce() {
    Account a = Account.open(1, 50, 2);
    assertTrue(a.covers(50));
    assertFalse(a.covers(51));
    Account paid = a.pay(50);
    assertEquals(List.of(0L, 1L, 0L), List.of(paid.balance(), paid.sent(), paid.refused()));
    Account refused = paid.refuse();
    assertEquals(List.of(0L, 1L, 1L), List.of(refused.balance(), refused.sent(), refused.refused()));
    assertEquals(30, refused.receive(30).balance());
  }

  @Test
  void commandsSurviveTheirTextForm() {
    Transfer t = new Transfer(12, 3, 4, 99);
    Credit c = new Credit(12, 3, 4, 99, 5, 1_234, true);
    assertEquals(t, CommandCodec.decode(CommandCodec.encode(t)));
    assertEquals(c, CommandCodec.decode(CommandCodec.encode(c)));
    assertEquals("T,12,3,4,99", new String(CommandCodec.encode(t), StandardCharsets.UTF_8));
  }

  @Test
  void unreadableRecordsBecomeMalformedCommandsInsteadOfThrowing() {
    for (String bad : List.of("", "X,1,2,3,4", "T,1,2,3", "T,1,two,3,4", "T,1,2,3,0",
        "T,1,-2,3,4", "C,1,2,3,4,5,6")) {
      assertInstanceOf(Malformed.class,
          CommandCodec.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
    assertInstanceOf(Malformed.class, CommandCodec.decode(null));
  }

  @Test
  void accountsSurviveTheirChangelogForm() {
    Account a = Account.open(9, 70, 4).pay(20).refuse().credit(5, 3, 77);
    assertEquals(a, AccountCodec.decode("9", AccountCodec.encode(a)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> AccountCodec.decode("9", "garbage".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("account 9"), e.getMessage());
  }

  @Test
  void accountsLandWhereKafkasDefaultPartitionerPutsTheirKeys() {
    Partitioner six = new Partitioner(6);
    for (int id = 0; id < 1_000; id++) {
      byte[] key = AccountCodec.key(id).getBytes(StandardCharsets.UTF_8);
      assertEquals(BuiltInPartitioner.partitionForKey(key, 6), six.partitionOf(id));
    }
  }

  @Test
  void aLoadIsRepeatableCrossesAsAskedAndItsExpectationConservesTheTotal() {
    Partitioner partitioner = new Partitioner(6);
    Load load = Load.plan(partitioner, 1_000, 30_000, 1.0 / 3, 100, 5);
    assertEquals(load, Load.plan(partitioner, 1_000, 30_000, 1.0 / 3, 100, 5));
    assertNotEquals(load, Load.plan(partitioner, 1_000, 30_000, 1.0 / 3, 100, 6));
    double share = load.crossing(partitioner) / 30_000.0;
    assertTrue(share > 0.31 && share < 0.36, "cross share " + share);
    assertTrue(load.transfers().stream().noneMatch(t -> t.from() == t.to()));

    Expectation e = Expectation.of(load, 1_000, 500);
    assertEquals(500_000, e.total());
    assertFalse(e.differences(Map.of(), 3).isEmpty());
  }
}
