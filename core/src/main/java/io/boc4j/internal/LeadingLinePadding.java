package io.boc4j.internal;

/**
 * A cache line of padding before a subclass's fields: extended by the objects whose fields one
 * thread writes often and must not share a line with whatever the heap places before them ({@link
 * SharedCounter}, {@link BodyScope}). Each such subclass ends with a line of its own padding after
 * its fields, so that nothing placed after it shares their line either.
 */
abstract class LeadingLinePadding {
  // The int fills the 4-byte gap after a compressed header, where a subclass's field would otherwise
  // be placed (a subclass's fields may fill its superclass's holes); the longs fill the rest of the
  // line.
  @SuppressWarnings("unused")
  private int p0;
  @SuppressWarnings("unused")
  private long p1;
  @SuppressWarnings("unused")
  private long p2;
  @SuppressWarnings("unused")
  private long p3;
  @SuppressWarnings("unused")
  private long p4;
  @SuppressWarnings("unused")
  private long p5;
  @SuppressWarnings("unused")
  private long p6;
  @SuppressWarnings("unused")
  private long p7;
}
