package io.boc4j;

import java.util.Objects;

/**
 * One message taken from a {@link Mailbox}: the tag it was sent on and the payload, passed by
 * reference (the receiver gets the very instance the sender passed).
 *
 * <p>{@link #TIMEOUT} is the marker a timed receive returns when no matching message arrived in
 * time. Compare it by identity ({@code m == Message.TIMEOUT}, or {@link #isTimeout()}): no message
 * delivered by a mailbox is ever that instance, even one sent with the marker's own tag and
 * payload.
 *
 * <p>Messages are immutable and may be shared freely between threads.
 *
 * @param tag the tag the message was sent on; never null
 * @param payload the object the sender passed; never null
 */
public record Message(String tag, Object payload) {

  /** Tag of {@link #TIMEOUT}: a private instance, so no sent tag is ever identical to it. */
  private static final String TIMEOUT_TAG = new String("TIMEOUT");

  /** Payload of {@link #TIMEOUT}: an object nothing else can reach or send. */
  private static final Object TIMEOUT_PAYLOAD = new Object() {
    @Override
    public String toString() {
      return "TIMEOUT";
    }
  };

  /**
   * Returned by a timed {@code receive} when the timeout elapsed before a matching message was
   * available. Its {@code toString()} is {@code "TIMEOUT"}; its tag and payload are private
   * markers, not {@code null}.
   */
  public static final Message TIMEOUT = new Message(TIMEOUT_TAG, TIMEOUT_PAYLOAD);

  /**
   * Creates a message. Mailboxes create one per {@code send}; user code rarely needs to.
   *
   * @param tag the tag
   * @param payload the payload
   * @throws NullPointerException if {@code tag} or {@code payload} is null
   */
  public Message {
    Objects.requireNonNull(tag, "Message: tag must not be null; pass the tag the message was sent on");
    Objects.requireNonNull(payload, "Message: payload must not be null; messages are non-null objects");
  }

  /**
   * Returns whether this is the {@link #TIMEOUT} marker (an identity check).
   *
   * @return {@code this == Message.TIMEOUT}
   */
  public boolean isTimeout() {
    return this == TIMEOUT;
  }

  /**
   * Returns {@code "TIMEOUT"} for the marker, otherwise {@code Message[tag=…, payload=…]}.
   */
  @Override
  public String toString() {
    return this == TIMEOUT ? "TIMEOUT" : "Message[tag=" + tag + ", payload=" + payload + "]";
  }
}
