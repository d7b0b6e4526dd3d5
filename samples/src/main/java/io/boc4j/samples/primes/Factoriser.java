package io.boc4j.samples.primes;

import io.boc4j.Boc;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Factorises a number completely: divides out the factors of 2 (the rho polynomial is useless
 * modulo powers of 2), then splits each odd composite with a {@link RhoRace} until only primes are
 * left. Primes are recognised with {@link BigInteger#isProbablePrime} at certainty 50: a composite
 * passes with probability below 2⁻⁵⁰.
 */
final class Factoriser {

  /**
   * A complete factorisation.
   *
   * @param n the number factorised
   * @param primes its prime factors, with multiplicity, in ascending order
   * @param races one outcome per race run, in the order they ran
   */
  record Factorisation(BigInteger n, List<BigInteger> primes, List<Race> races) {

    /** The product of {@link #primes()}: equals {@link #n()}. */
    BigInteger product() {
      BigInteger p = BigInteger.ONE;
      for (BigInteger f : primes) {
        p = p.multiply(f);
      }
      return p;
    }
  }

  /**
   * One race and the composite it split.
   *
   * @param composite what the race split
   * @param outcome what the board said at the end
   */
  record Race(BigInteger composite, RhoRace.Outcome outcome) {}

  private static final int CERTAINTY = 50;

  private final RhoRace race;
  private final Duration timeout;

  /**
   * @param race how each composite is raced
   * @param timeout how long one race may take
   */
  Factoriser(RhoRace race, Duration timeout) {
    this.race = race;
    this.timeout = timeout;
  }

  /**
   * Factorises {@code n} on {@code boc}, one race at a time.
   *
   * @param n at least 1
   * @throws IllegalStateException if every walk of a race gave up
   */
  Factorisation factorise(Boc boc, BigInteger n) throws Exception {
    List<BigInteger> primes = new ArrayList<>();
    List<Race> races = new ArrayList<>();
    BigInteger rest = n;
    while (rest.signum() > 0 && !rest.testBit(0)) {
      primes.add(BigInteger.TWO);
      rest = rest.shiftRight(1);
    }
    Deque<BigInteger> pending = new ArrayDeque<>();
    if (rest.compareTo(BigInteger.ONE) > 0) {
      pending.push(rest);
    }
    while (!pending.isEmpty()) {
      BigInteger m = pending.pop();
      if (m.isProbablePrime(CERTAINTY)) {
        primes.add(m);
        continue;
      }
      RhoRace.Outcome outcome = race.split(boc, m, timeout);
      races.add(new Race(m, outcome));
      if (outcome.divisor() == null) {
        throw new IllegalStateException("could not split " + m + ": all " + race.walkers()
            + " walks gave up after " + race.maxSlices() + " slices; raise --max-slices");
      }
      pending.push(outcome.divisor());
      pending.push(m.divide(outcome.divisor()));
    }
    Collections.sort(primes);
    return new Factorisation(n, List.copyOf(primes), List.copyOf(races));
  }
}
