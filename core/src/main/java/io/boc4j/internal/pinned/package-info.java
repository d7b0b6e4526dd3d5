/**
 * The main thread's side of the runtime: the main queue of ready pinned behaviours, the pump loop,
 * the main-thread binding and the pump watchdog. Not exported from the module; not API.
 */
package io.boc4j.internal.pinned;
