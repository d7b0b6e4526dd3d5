package io.boc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Children run in a heap whose size does not change ({@link ForkedLauncher#withFixedHeap}): the
 * initial size equals the maximum, whichever option gives the maximum, and a caller that sizes the
 * initial heap itself is left alone.
 */
@Timeout(30)
class FixedHeapTest {

  @Test
  void withoutAnyHeapOptionTheDefaultIsBothInitialAndMaximum() {
    assertEquals(List.of("-Xmx2g", "-Xms2g", "-XX:+ExitOnOutOfMemoryError"),
        ForkedLauncher.withFixedHeap(List.of("-XX:+ExitOnOutOfMemoryError")));
  }

  @Test
  void theLastMaximumGivenBecomesTheInitialSize() {
    List<String> given = List.of("-Xmx2g", "-XX:+ExitOnOutOfMemoryError", "-Xmx512m");
    assertEquals(List.of("-Xms512m", "-Xmx2g", "-XX:+ExitOnOutOfMemoryError", "-Xmx512m"),
        ForkedLauncher.withFixedHeap(given));
    assertEquals(List.of("-Xms1073741824", "-XX:MaxHeapSize=1073741824"),
        ForkedLauncher.withFixedHeap(List.of("-XX:MaxHeapSize=1073741824")));
  }

  @Test
  void anInitialOrMinimumSizeGivenIsKeptAsItIs() {
    for (List<String> given : List.of(List.of("-Xmx2g", "-Xms64m"), List.of("-Xms1g"),
        List.of("-XX:InitialHeapSize=1g"), List.of("-XX:MinHeapSize=64m", "-Xmx1g"))) {
      assertEquals(given, ForkedLauncher.withFixedHeap(given), given.toString());
    }
  }
}
