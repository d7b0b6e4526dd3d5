package io.boc4j.kafka;

/**
 * A Kafka broker running inside this JVM, for {@code --embedded} runs of the demo. The only
 * implementation lives with the tests (it is Kafka's own test kit, which the sample's jar does not
 * carry); {@link ScaleOutDemo} finds it when the test classpath is present.
 */
public interface EmbeddedBroker extends AutoCloseable {

  /**
   * The address clients connect to.
   *
   * @return {@code host:port}, on loopback
   */
  String bootstrapServers();
}
