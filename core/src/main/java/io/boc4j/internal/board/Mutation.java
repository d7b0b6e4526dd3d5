package io.boc4j.internal.board;

import java.util.function.UnaryOperator;

/**
 * A posted change to the board, waiting in the committer's queue. Immutable once posted; the queue's
 * release/acquire hand-off publishes it (and everything the poster wrote before posting) to the
 * committer.
 */
final class Mutation {

  enum Kind {
    WRITE,
    DELETE,
    UPDATE
  }

  final Kind kind;
  final String key;

  /** WRITE: the new value; UPDATE: the default handed to fn when the key is absent; DELETE: null. */
  final Object value;

  /** UPDATE only. */
  final UnaryOperator<Object> fn;

  /** The runtime generation the poster saw running; a mutation from an ended one is discarded. */
  final long epoch;

  final Poster poster;

  /** The poster's sequence number for this mutation. */
  final long seq;

  Mutation(Kind kind, String key, Object value, UnaryOperator<Object> fn, long epoch, Poster poster,
      long seq) {
    this.kind = kind;
    this.key = key;
    this.value = value;
    this.fn = fn;
    this.epoch = epoch;
    this.poster = poster;
    this.seq = seq;
  }
}
