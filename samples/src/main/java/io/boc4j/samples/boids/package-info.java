/**
 * Boids flocking: per-cell physics in worker behaviours and one pinned behaviour per frame that
 * batches every cell's result into the main-thread scene (the coarse-grained pinned pattern), driven
 * by the Reactor bridge's pump driver and rendered to PNG frames. Run {@link
 * io.boc4j.samples.boids.Boids}.
 */
package io.boc4j.samples.boids;
