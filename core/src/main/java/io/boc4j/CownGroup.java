package io.boc4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A fixed list of cowns requested as one argument of a behaviour: every member is acquired together
 * with the rest of the request, and the body receives the members as a list in group order. Create
 * with {@link Cown#group}. Immutable; any thread.
 *
 * @param <T> the members' value type
 */
public final class CownGroup<T> implements Acquirable<List<Cown<T>>> {

  private final List<Cown<T>> members;

  CownGroup(List<? extends Cown<T>> cowns) {
    Objects.requireNonNull(cowns, "Cown.group: the list is null; pass a list of cowns (may be empty)");
    List<Cown<T>> copy = new ArrayList<>(cowns.size());
    for (int i = 0; i < cowns.size(); i++) {
      Cown<T> c = cowns.get(i);
      if (c == null) {
        throw new NullPointerException(
            "Cown.group: element " + i + " is null; every member of a group must be a cown");
      }
      copy.add(c);
    }
    this.members = Collections.unmodifiableList(copy);
  }

  /**
   * The members, in group order, as the body receives them.
   *
   * @return an unmodifiable list
   */
  @Override
  public List<Cown<T>> delivered() {
    return members;
  }

  /**
   * The number of members (duplicates counted).
   *
   * @return the size
   */
  public int size() {
    return members.size();
  }

  @Override
  public String toString() {
    return "CownGroup" + members;
  }
}
