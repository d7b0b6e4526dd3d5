package io.boc4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.internal.CownCore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.RandomAccess;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC section 2, the request set a behaviour's arguments make: every cown named, groups expanded,
 * sorted by ascending id, each distinct cown once, read-only only if every mention of it is a view
 * (CONTRACT.md RO04); and the group that carries members into it.
 */
@Timeout(value = 30, unit = SECONDS)
class RequestSetTest {

  private static Map<Long, Boolean> collected(Acquirable<?>[] args) {
    CownCore[] cores = new CownCore[RequestSet.mentions(args)];
    boolean[] readOnly = RequestSet.anyReadOnly(args) ? new boolean[cores.length] : null;
    int n = RequestSet.collect(args, cores, readOnly);
    Map<Long, Boolean> byId = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        assertTrue(cores[i - 1].id() < cores[i].id(),
            "not strictly ascending at " + i + ": " + Arrays.toString(cores));
      }
      byId.put(cores[i].id(), readOnly != null && readOnly[i]);
    }
    return byId;
  }

  @Test
  void randomArgumentsGiveTheSortedDistinctCownsReadOnlyOnlyIfEveryMentionIsAView() {
    Random rnd = new Random(20261203L);
    List<Cown<Integer>> pool = RequestSets.pool(48);
    for (int round = 0; round < 2_000; round++) {
      int args = 1 + rnd.nextInt(5);
      Acquirable<?>[] request = new Acquirable<?>[args];
      for (int a = 0; a < args; a++) {
        request[a] = RequestSets.randomArgument(rnd, pool, 25);
      }
      assertEquals(RequestSets.expected(request), collected(request), "round " + round);
    }
  }

  @Test
  void withoutViewsNoFlagsAreNeeded() {
    Cown<Integer> x = Cown.of(1);
    Cown<Integer> y = Cown.of(2);
    Acquirable<?>[] plain = {Cown.group(List.of(y, x, y)), x};
    Acquirable<?>[] viaGroup = {Cown.group(List.of(y, Cown.read(x))), x};
    Acquirable<?>[] viaReadGroup = {Cown.readGroup(List.of(y)), x};
    assertEquals(false, RequestSet.anyReadOnly(plain));
    assertEquals(true, RequestSet.anyReadOnly(viaGroup));
    assertEquals(true, RequestSet.anyReadOnly(viaReadGroup));
    CownCore[] cores = new CownCore[RequestSet.mentions(plain)];
    assertEquals(4, cores.length);
    assertEquals(2, RequestSet.collect(plain, cores, null));
    assertSame(x.core, cores[0]);
    assertSame(y.core, cores[1]);
  }

  @Test
  void aGroupCopiesItsListAndDeliversItUnmodifiableInGroupOrder() {
    Cown<Integer> x = Cown.of(1);
    Cown<Integer> y = Cown.of(2);
    List<Cown<Integer>> source = new ArrayList<>(List.of(y, x, y));
    CownGroup<Integer> group = Cown.group(source);
    source.clear();
    List<Cown<Integer>> delivered = group.delivered();
    assertEquals(List.of(y, x, y), delivered);
    assertEquals(3, group.size());
    assertTrue(delivered instanceof RandomAccess);
    assertThrows(UnsupportedOperationException.class, () -> delivered.add(x));
    assertThrows(UnsupportedOperationException.class, () -> delivered.set(0, x));
    assertThrows(UnsupportedOperationException.class, () -> delivered.remove(0));
    assertThrows(UnsupportedOperationException.class, () -> {
      var it = delivered.iterator();
      it.next();
      it.remove();
    });
    assertEquals(List.of(y, x, y), delivered);
    List<Cown<Integer>> views = Cown.readGroup(List.of(x, Cown.read(y))).delivered();
    assertTrue(views.get(0).isReadOnly() && views.get(1).isReadOnly());
    assertEquals(x.id(), views.get(0).id());
    assertTrue(Cown.group(List.of()).delivered().isEmpty());
  }

  @Test
  void aGroupRefusesANullListOrMemberSayingWhichAndWhatToDo() {
    NullPointerException list = assertThrows(NullPointerException.class, () -> Cown.group(null));
    assertEquals("Cown.group: the list is null; pass a list of cowns (may be empty)",
        list.getMessage());
    List<Cown<Integer>> withNull = Arrays.asList(Cown.of(1), null);
    NullPointerException member =
        assertThrows(NullPointerException.class, () -> Cown.readGroup(withNull));
    assertEquals(
        "Cown.readGroup: element 1 is null; every member of a group must be a cown",
        member.getMessage());
  }
}
