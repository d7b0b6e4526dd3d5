/**
 * The runtime's time seam: the clock its watchdogs read ({@code NanoClock}) and the timers that run
 * their checks, on a daemon thread against {@link System#nanoTime()} ({@code SystemClock}) or inside
 * {@code VirtualTime.advance} when a test moves time by hand. Not exported from the module; not API.
 */
package io.boc4j.internal.time;
