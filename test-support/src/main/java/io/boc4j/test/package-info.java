/**
 * JUnit 5 support for testing programs built on boc4j. {@link io.boc4j.test.BocSchedules} runs a
 * test under many deterministic schedules (seeded interleavings of the ready behaviours) and names
 * the seed that fails, with the annotation that replays it.
 */
package io.boc4j.test;
