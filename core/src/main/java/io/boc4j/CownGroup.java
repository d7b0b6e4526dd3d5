package io.boc4j;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

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

  private static final Cown<?>[] NO_MEMBERS = {};

  /** The members in group order; never written after construction, never handed out. */
  private final Cown<T>[] members;

  /** The unmodifiable list over {@link #members} that bodies receive; one per group. */
  private final List<Cown<T>> delivered;

  /** Whether some member is a read-only view, so that scheduling can skip per-member checks. */
  private final boolean anyReadOnly;

  @SuppressWarnings("unchecked")
  private CownGroup(List<? extends Cown<T>> cowns, boolean readOnly, String factory) {
    // Not Objects.requireNonNull(cowns, message): that builds the message on every call.
    if (cowns == null) {
      throw new NullPointerException(
          factory + ": the list is null; pass a list of cowns (may be empty)");
    }
    // One copy of the caller's list, of the members' own array type.
    Cown<T>[] copy = (Cown<T>[]) cowns.toArray(NO_MEMBERS);
    boolean anyView = false;
    for (int i = 0; i < copy.length; i++) {
      Cown<T> c = copy[i];
      if (c == null) {
        throw new NullPointerException(
            factory + ": element " + i + " is null; every member of a group must be a cown");
      }
      if (readOnly) {
        copy[i] = c = Cown.read(c);
      }
      anyView |= c.isReadOnly();
    }
    this.members = copy;
    this.delivered = new Members<>(copy);
    this.anyReadOnly = anyView;
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
    return delivered;
  }

  /**
   * The number of members (duplicates counted).
   *
   * @return the size
   */
  public int size() {
    return members.length;
  }

  /** Member {@code i} in group order, for scheduling without an iterator. */
  Cown<T> member(int i) {
    return members[i];
  }

  /** Whether some member is a read-only view. */
  boolean anyReadOnly() {
    return anyReadOnly;
  }

  @Override
  public String toString() {
    return "CownGroup" + delivered;
  }

  /**
   * The members as an unmodifiable, random-access list: a view over the group's own array, so that a
   * group costs one array and no wrapper of a copied list.
   */
  private static final class Members<T> extends AbstractList<Cown<T>> implements RandomAccess {
    private final Cown<T>[] members;

    Members(Cown<T>[] members) {
      this.members = members;
    }

    @Override
    public Cown<T> get(int index) {
      return members[index];
    }

    @Override
    public int size() {
      return members.length;
    }
  }
}
