package io.boc4j.internal.board;

import io.boc4j.internal.BodyScope;

/**
 * The version of a board that one behaviour body sees: fixed by the body's first read and kept for the
 * rest of the body (N04). Stored in the body scope's {@code boardView} slot, which the runtime clears
 * when the body ends, so every body starts fresh (N05). A body that reads several runtimes' boards
 * keeps one link per board.
 *
 * <p>Threading: the slot belongs to the thread running the body; nothing here is shared.
 */
public final class FrozenView {

  private final Committer board;
  private final Snapshot snapshot;
  private final FrozenView next;

  private FrozenView(Committer board, Snapshot snapshot, FrozenView next) {
    this.board = board;
    this.snapshot = snapshot;
    this.next = next;
  }

  /**
   * The version the calling code should read: inside a body, the one frozen at its first read;
   * outside, the latest committed one.
   *
   * @param board the board being read
   * @return the version to read
   */
  public static Snapshot of(Committer board) {
    BodyScope scope = BodyScope.current();
    if (!scope.isInBody()) {
      return board.latest();
    }
    Object slot = scope.boardView();
    for (Object v = slot; v instanceof FrozenView; v = ((FrozenView) v).next) {
      FrozenView view = (FrozenView) v;
      if (view.board == board) {
        return view.snapshot;
      }
    }
    Snapshot s = board.latest();
    scope.setBoardView(
        new FrozenView(board, s, slot instanceof FrozenView ? (FrozenView) slot : null));
    return s;
  }
}
