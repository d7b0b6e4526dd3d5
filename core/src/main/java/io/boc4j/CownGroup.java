package io.boc4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A fixed list of cowns requested as one argument of a behaviour: every member is acquired together
 * with the rest of the request, and the body receives the members as a list in group order. Create
 * with {@link Cown#group}, or with {@link Cown#readGroup} for a group read-only throughout; a member
 * that is a read-only view ({@link Cown#read}) is requested read-only, the others writable. Immutable;
 * any thread.
 *
 * @param <T> the members' value type
 */
public final class CownGroup<T> implements Acquirable<List<Cown<T>>> {

  private final List<Cown<T>> members;

  private CownGroup(List<? extends Cown<T>> cowns, boolean readOnly, String factory) {
    Objects.requireNonNull(cowns,
        factory + ": the list is null; pass a list of cowns (may be empty)");
    List<Cown<T>> copy = new ArrayList<>(cowns.size());
    for (int i = 0; i < cowns.size(); i++) {
      Cown<T> c = cowns.get(i);
      if (c == null) {
        throw new NullPointerException(
            factory + ": element " + i + " is null; every member of a group must be a cown");
      }
      copy.add(readOnly ? Cown.read(c) : c);
    }
    this.members = Collections.unmodifiableList(copy);
  }

  /** The group of {@link Cown#group}: members as given. */
  CownGroup(List<? extends Cown<T>> cowns) {
    this(cowns, false, "Cown.group");
  }

  /** The group of {@link Cown#readGroup}: the members' read-only views. */
  static <T> CownGroup<T> readOnly(List<? extends Cown<T>> cowns) {
    return new CownGroup<>(cowns, true, "Cown.readGroup");
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
