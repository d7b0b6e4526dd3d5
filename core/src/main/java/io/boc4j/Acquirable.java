package io.boc4j;

/**
 * Something a behaviour can request: a single {@link Cown} (delivered to the body as that cown) or a
 * {@link CownGroup} (delivered as the list of its cowns). All requested cowns of one behaviour are
 * acquired together, atomically, in the runtime's deadlock-free order. A read-only view ({@link
 * Cown#read}) is a cown too: requested in any position, or as a group member, it asks for that cown
 * read-only and is what the body receives.
 *
 * @param <V> what the body receives for this argument
 */
public sealed interface Acquirable<V> permits Cown, CownGroup {

  /**
   * What the body receives for this argument.
   *
   * @return this cown, or the group's list
   */
  V delivered();
}
