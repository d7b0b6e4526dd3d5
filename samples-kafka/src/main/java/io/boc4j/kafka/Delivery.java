package io.boc4j.kafka;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * Remembers the first record a plain producer failed to deliver, so that a batch of sends can be
 * checked after {@code flush()}, which reports nothing itself.
 *
 * <p>Threading: {@link #callback} is called on the producer's I/O thread; {@link #flush} on the
 * sending thread.
 */
final class Delivery {

  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** The callback to pass to each {@code send}. */
  Callback callback() {
    return (metadata, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    };
  }

  /**
   * Flushes {@code producer} and fails if any record sent with {@link #callback} was not
   * delivered.
   *
   * @param what the records in words, for the message
   * @throws KafkaException naming {@code what}, with the first failure as its cause
   */
  void flush(Producer<?, ?> producer, String what) {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new KafkaException("could not deliver " + what + ": " + e.getMessage(), e);
    }
  }
}
