package io.boc4j.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A body scope names the generation whose body its thread runs, and only while it runs one. A
 * worker's scope keeps the reference between bodies (its own generation, stored once rather than on
 * every body); a thread that is not a worker forgets it, so that its thread-local scope never keeps
 * a closed runtime reachable. Its fields, written on every body, keep a cache line of their own.
 */
@Timeout(30)
class BodyScopeTest {

  @Test
  void aScopeNamesItsGenerationOnlyWhileInsideABody() {
    Generation g = Generation.unstarted(1);
    BodyScope scope = new BodyScope();
    assertNull(scope.generation(), "before any body");

    scope.enter(g);
    assertSame(g, scope.generation());
    assertTrue(scope.isInBody());
    scope.setBoardView("a frozen view");
    assertSame("a frozen view", scope.boardView());

    scope.exit();
    assertNull(scope.generation(), "between bodies");
    assertFalse(scope.isInBody());
    assertNull(scope.boardView(), "the body's cache is cleared");

    scope.enter(g);
    assertSame(g, scope.generation(), "the next body of the same generation");
    scope.exit();

    Generation other = Generation.unstarted(1);
    scope.enter(other);
    assertSame(other, scope.generation(), "a body of another generation");
    scope.exit();
  }

  @Test
  void exitAndForgetLeavesTheGenerationUnreachableFromTheScope() {
    BodyScope scope = new BodyScope();
    WeakReference<Generation> ref = enterAndForget(scope);
    for (int i = 0; i < 20 && ref.get() != null; i++) {
      System.gc(); // a full collection clears the reference once nothing else reaches it
    }
    assertNull(ref.get(), "the scope still reaches the generation");
    assertNull(scope.generation());
    assertFalse(scope.isInBody());
  }

  @Test
  void itsFieldsHaveALineOfTheObjectsOwnBytesOnEachSide() throws Exception {
    LineLayout.assertFieldsAlone(BodyScope.class, BodyScopeFields.class);
  }

  /** In its own frame, so that no local variable of the test keeps the generation alive. */
  private static WeakReference<Generation> enterAndForget(BodyScope scope) {
    Generation g = Generation.unstarted(1);
    scope.enter(g);
    scope.exitAndForget();
    return new WeakReference<>(g);
  }
}
