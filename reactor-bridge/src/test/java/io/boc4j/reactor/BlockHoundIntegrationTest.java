package io.boc4j.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The bridge's BlockHound integration is found by BlockHound's service loader, and the core method
 * it allows still exists under the name it uses (a rename in core would silently undo it).
 */
@Timeout(30)
class BlockHoundIntegrationTest {

  @Test
  void theIntegrationIsAServiceAndNamesAnExistingCoreMethod() throws Exception {
    boolean found = false;
    for (BlockHoundIntegration i : ServiceLoader.load(BlockHoundIntegration.class)) {
      found |= i instanceof BocBlockHoundIntegration;
    }
    assertTrue(found, "META-INF/services lists BocBlockHoundIntegration");
    // BlockHound matches the method by class and name only, whatever its parameters.
    Class<?> spin = Class.forName(BocBlockHoundIntegration.SPIN_CLASS);
    long pauses = Arrays.stream(spin.getDeclaredMethods())
        .map(Method::getName).filter("pause"::equals).count();
    assertEquals(1, pauses, "core's Spin declares the one method the integration names");
  }
}
