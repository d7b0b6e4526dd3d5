package io.boc4j.internal.board;

/**
 * Validation of noticeboard keys: non-null, non-empty, valid Unicode without NUL characters, and at
 * most a configured number of UTF-8 bytes. Stateless; any thread.
 */
public final class Keys {

  /** Longest key prefix quoted in an error message. */
  private static final int QUOTED_CHARS = 40;

  private Keys() {}

  /**
   * Checks {@code key} and returns it.
   *
   * @param key the key
   * @param maxBytes the longest allowed key in UTF-8 bytes
   * @param op what the caller was doing, for the message (for example "write to")
   * @return the key
   * @throws NullPointerException if key is null
   * @throws IllegalArgumentException if key is empty, too long, holds a NUL character or an unpaired
   *     surrogate
   */
  public static String check(String key, int maxBytes, String op) {
    if (key == null) {
      throw new NullPointerException(
          "cannot " + op + " the noticeboard: the key is null; pass a non-empty string");
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot " + op + " the noticeboard: the key is empty; pass a non-empty string of at most "
              + maxBytes + " UTF-8 bytes");
    }
    int bytes = 0;
    int n = key.length();
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException(
            "cannot " + op + " the noticeboard: key " + quote(key) + " holds a NUL character at index "
                + i + "; remove it");
      }
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "cannot " + op + " the noticeboard: key " + quote(key) + " holds an unpaired surrogate at"
                + " index " + i + ", which has no UTF-8 form; pass valid Unicode");
      } else {
        bytes += 3;
      }
    }
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(
          "cannot " + op + " the noticeboard: key " + quote(key) + " is " + bytes + " UTF-8 bytes"
              + " long and the limit is " + maxBytes + "; use a shorter key or build the Boc with a"
              + " larger noticeboardMaxKeyBytes");
    }
    return key;
  }

  /** The key in quotes, shortened if long, for error messages. */
  static String quote(String key) {
    if (key.length() <= QUOTED_CHARS) {
      return '"' + key + '"';
    }
    return '"' + key.substring(0, QUOTED_CHARS) + "\"... (" + key.length() + " chars)";
  }
}
