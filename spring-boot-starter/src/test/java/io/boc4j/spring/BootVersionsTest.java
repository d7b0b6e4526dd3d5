package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootVersion;
import reactor.core.publisher.Flux;
import tools.jackson.databind.cfg.PackageVersion;

/**
 * This module runs on what an application on its Spring Boot gets: Boot's BOM is imported ahead of
 * the parent's managed versions (see this module's pom). The expected versions are those Spring Boot
 * 4.0.7 manages; change them together with {@code spring-boot.version}.
 */
@Timeout(30)
class BootVersionsTest {

  @Test
  void springBootIsTheOneThePomNames() {
    assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("boc4j.spring-boot"));
  }

  @Test
  void librariesAreBootsVersions() {
    assertThat(implementationVersion(MeterRegistry.class)).isEqualTo("1.16.6");
    assertThat(implementationVersion(Flux.class)).isEqualTo("3.8.6"); // reactor-bom 2025.0.6
    assertThat(implementationVersion(Test.class)).isEqualTo("6.0.3");
    assertThat(PackageVersion.VERSION.toString()).isEqualTo("3.1.4");
  }

  private static String implementationVersion(Class<?> type) {
    return type.getPackage().getImplementationVersion();
  }
}
