/**
 * Dining philosophers: a cown per fork, a meal is a behaviour over both forks, and the order in
 * which the first meals are scheduled decides whether the table eats in parallel. Run {@link
 * io.boc4j.samples.dining.DiningPhilosophers}.
 */
package io.boc4j.samples.dining;
