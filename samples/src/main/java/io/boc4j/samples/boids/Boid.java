package io.boc4j.samples.boids;

/**
 * One boid at one frame: where it is and where it is heading. Immutable, so frames can share them
 * between threads freely.
 *
 * @param id stable identity across frames
 * @param x horizontal position, in {@code [0, size)}
 * @param y vertical position, in {@code [0, size)}
 * @param vx horizontal velocity, pixels per frame
 * @param vy vertical velocity, pixels per frame
 */
record Boid(int id, double x, double y, double vx, double vy) {}
