package io.boc4j;

import java.util.Objects;

/**
 * Message counters of one live {@link Mailbox} tag, as returned by {@link Mailbox#tagStats()}.
 *
 * <p>Both counters only ever grow while the tag stays registered: {@code drain} and
 * {@code setTags} discard messages without lowering either. A tag freed by {@code setTags} and
 * registered again later starts from zero.
 *
 * @param tag the tag
 * @param pushedTotal messages sent on the tag since it was registered
 * @param poppedTotal messages delivered by {@code receive} on the tag since it was registered
 *     (discarded messages are not counted)
 */
public record TagStats(String tag, long pushedTotal, long poppedTotal) {

  /**
   * Creates a snapshot record.
   *
   * @param tag the tag
   * @param pushedTotal messages sent on the tag
   * @param poppedTotal messages received from the tag
   * @throws NullPointerException if {@code tag} is null
   * @throws IllegalArgumentException if a counter is negative
   */
  public TagStats {
    Objects.requireNonNull(tag, "TagStats: tag must not be null; pass the tag the counters belong to");
    if (pushedTotal < 0 || poppedTotal < 0) {
      throw new IllegalArgumentException("TagStats counters of tag \"" + tag
          + "\" must not be negative, got pushedTotal=" + pushedTotal
          + ", poppedTotal=" + poppedTotal);
    }
  }
}
