package io.boc4j.internal.board;

import java.util.Map;

/**
 * One committed version of the noticeboard: an unmodifiable map and its version number. Immutable;
 * once published by the {@link Committer} any thread may read it, and it never changes afterwards, so
 * it is also the detached map handed to {@code quiesce} and {@code waitAll}.
 */
public final class Snapshot {

  static final Snapshot EMPTY = new Snapshot(Map.of(), 0);

  private final Map<String, Object> entries;
  private final long version;

  /**
   * @param entries an unmodifiable map no one else mutates
   * @param version the commit counter
   */
  Snapshot(Map<String, Object> entries, long version) {
    this.entries = entries;
    this.version = version;
  }

  /**
   * The entries of this version.
   *
   * @return an unmodifiable map; its mutators throw {@link UnsupportedOperationException}
   */
  public Map<String, Object> entries() {
    return entries;
  }

  /**
   * The commit counter of this version.
   *
   * @return the number of changes committed before this version was published, over the board's life
   */
  public long version() {
    return version;
  }

  /**
   * The value stored under {@code key}.
   *
   * @param key the key
   * @return the value, or null if absent
   */
  public Object get(String key) {
    return entries.get(key);
  }

  /**
   * Whether {@code key} holds a value.
   *
   * @param key the key
   * @return true if present
   */
  public boolean containsKey(String key) {
    return entries.containsKey(key);
  }

  /**
   * The number of entries.
   *
   * @return the size
   */
  public int size() {
    return entries.size();
  }
}
