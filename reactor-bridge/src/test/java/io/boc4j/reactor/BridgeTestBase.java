package io.boc4j.reactor;

import io.boc4j.Boc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The common fixture of the bridge's tests: a two-worker runtime and its bridge, closed after each. */
abstract class BridgeTestBase {

  Boc boc;
  BocReactor bridge;

  @BeforeEach
  void setUpRuntime() {
    boc = BridgeTestSupport.runtime(2);
    bridge = BocReactor.of(boc);
  }

  @AfterEach
  void closeRuntime() {
    boc.close();
  }
}
