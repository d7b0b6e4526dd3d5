package io.boc4j;

import io.boc4j.internal.CownCore;

/**
 * Turns the arguments of a behaviour or a take into the request set the acquisition protocol needs:
 * every cown they name, groups expanded, sorted by ascending id, each distinct cown once. A cown is
 * requested read-only only if every mention of it is a read-only view; named once writable, it is
 * acquired writable (RO04).
 *
 * <p>Two arrays, filled index for index: the cowns' cores and, only when some argument is a view,
 * their read-only flags. Static and allocation-free beyond the arrays the caller sizes with {@link
 * #mentions} and {@link #anyReadOnly}, because it runs on every multi-cown schedule. The cores go in
 * an {@code Object[]} rather than an array of cores, so that a behaviour of three or more cowns can
 * keep that very array for its requests (see {@code Behaviour#setCowns}) instead of allocating a
 * second one.
 */
final class RequestSet {

  /** Above this many mentions a request set is heap-sorted rather than insertion-sorted. */
  private static final int INSERTION_SORT_MAX = 16;

  private RequestSet() {}

  /**
   * How many cowns {@code args} name, duplicates and group members counted.
   *
   * @param args cowns and groups, none null
   * @return the number of mentions
   */
  static int mentions(Acquirable<?>[] args) {
    int n = 0;
    for (Acquirable<?> arg : args) {
      n += mentions(arg);
    }
    return n;
  }

  /**
   * Whether some cown of {@code args} is named through a read-only view.
   *
   * @param args cowns and groups, none null
   * @return true if the read-only flags are needed
   */
  static boolean anyReadOnly(Acquirable<?>[] args) {
    for (Acquirable<?> arg : args) {
      if (anyReadOnly(arg)) {
        return true;
      }
    }
    return false;
  }

  /**
   * How many cowns one argument names: 1 for a cown, a group's size.
   *
   * @param arg a cown or group, not null
   * @return the number of mentions
   */
  static int mentions(Acquirable<?> arg) {
    return arg instanceof CownGroup ? ((CownGroup<?>) arg).size() : 1;
  }

  /**
   * Whether one argument is, or holds, a read-only view.
   *
   * @param arg a cown or group, not null
   * @return true if the read-only flags are needed
   */
  static boolean anyReadOnly(Acquirable<?> arg) {
    return arg instanceof CownGroup ? ((CownGroup<?>) arg).anyReadOnly()
        : ((Cown<?>) arg).isReadOnly();
  }

  /**
   * Writes the cowns one argument names from index {@code at}, unsorted.
   *
   * @param arg a cown or group, not null
   * @param cores where the cores go
   * @param readOnly where their flags go, or null if no argument has a view
   * @param at the first index to write
   * @return the index after the last one written
   */
  static int put(Acquirable<?> arg, Object[] cores, boolean[] readOnly, int at) {
    if (arg instanceof CownGroup) {
      CownGroup<?> group = (CownGroup<?>) arg;
      for (int i = 0; i < group.size(); i++) {
        put(group.member(i), cores, readOnly, at++);
      }
      return at;
    }
    put((Cown<?>) arg, cores, readOnly, at);
    return at + 1;
  }

  /**
   * Fills the request set of {@code args} and returns its size: the first that many entries of
   * {@code cores} (and of {@code readOnly}) are the distinct cowns by ascending id.
   *
   * @param args cowns and groups, none null
   * @param cores room for {@link #mentions} entries
   * @param readOnly room for as many flags, or null if {@link #anyReadOnly} is false
   * @return the number of distinct cowns
   */
  static int collect(Acquirable<?>[] args, Object[] cores, boolean[] readOnly) {
    int n = 0;
    for (Acquirable<?> arg : args) {
      n = put(arg, cores, readOnly, n);
    }
    return sortDistinct(cores, readOnly, n);
  }

  /**
   * Sorts the first {@code n} entries by ascending id, moving each flag with its cown, and folds
   * duplicates: the first entries are then the request set.
   *
   * @param cores the cores {@link #put} wrote
   * @param readOnly their flags, or null
   * @param n how many were written
   * @return the number of distinct cowns
   */
  static int sortDistinct(Object[] cores, boolean[] readOnly, int n) {
    if (n <= INSERTION_SORT_MAX) {
      insertionSort(cores, readOnly, n);
    } else {
      heapSort(cores, readOnly, n);
    }
    return distinct(cores, readOnly, n);
  }

  /** The id of a core {@link #put} wrote. */
  private static long idOf(Object core) {
    return ((CownCore) core).id();
  }

  private static void put(Cown<?> c, Object[] cores, boolean[] readOnly, int at) {
    cores[at] = c.core;
    if (readOnly != null) {
      readOnly[at] = c.isReadOnly();
    }
  }

  /** Folds duplicates to the front, read-only only if every mention was; returns the count. */
  private static int distinct(Object[] cores, boolean[] readOnly, int n) {
    int d = 0;
    for (int j = 0; j < n; j++) {
      if (d > 0 && cores[d - 1] == cores[j]) {
        if (readOnly != null) {
          readOnly[d - 1] &= readOnly[j];
        }
      } else {
        cores[d] = cores[j];
        if (readOnly != null) {
          readOnly[d] = readOnly[j];
        }
        d++;
      }
    }
    return d;
  }

  private static void insertionSort(Object[] cores, boolean[] readOnly, int n) {
    for (int i = 1; i < n; i++) {
      Object x = cores[i];
      boolean xReadOnly = readOnly != null && readOnly[i];
      long id = idOf(x);
      int j = i - 1;
      while (j >= 0 && idOf(cores[j]) > id) {
        cores[j + 1] = cores[j];
        if (readOnly != null) {
          readOnly[j + 1] = readOnly[j];
        }
        j--;
      }
      cores[j + 1] = x;
      if (readOnly != null) {
        readOnly[j + 1] = xReadOnly;
      }
    }
  }

  /** In place, without allocating, each flag moving with its cown; not stable (ids are unique). */
  private static void heapSort(Object[] cores, boolean[] readOnly, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(cores, readOnly, i, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(cores, readOnly, 0, end);
      siftDown(cores, readOnly, 0, end);
    }
  }

  private static void siftDown(Object[] cores, boolean[] readOnly, int i, int n) {
    while (true) {
      int largest = i;
      int left = 2 * i + 1;
      int right = left + 1;
      if (left < n && idOf(cores[left]) > idOf(cores[largest])) {
        largest = left;
      }
      if (right < n && idOf(cores[right]) > idOf(cores[largest])) {
        largest = right;
      }
      if (largest == i) {
        return;
      }
      swap(cores, readOnly, i, largest);
      i = largest;
    }
  }

  private static void swap(Object[] cores, boolean[] readOnly, int i, int j) {
    Object c = cores[i];
    cores[i] = cores[j];
    cores[j] = c;
    if (readOnly != null) {
      boolean r = readOnly[i];
      readOnly[i] = readOnly[j];
      readOnly[j] = r;
    }
  }
}
