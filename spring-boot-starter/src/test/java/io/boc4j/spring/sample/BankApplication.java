package io.boc4j.spring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small WebFlux bank built on the starter alone: the accounts are cowns, each transfer is a
 * behaviour over its two accounts returned to WebFlux as a {@code Mono}, and the runtime, the Reactor
 * bridge, the metrics and the health indicator all come from the auto-configuration. Its settings are
 * in {@code application.properties} beside the test classes.
 */
@SpringBootApplication
public class BankApplication {

  /**
   * Runs the bank on port 8080 (or {@code --server.port=...}).
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(BankApplication.class, args);
  }
}
