package io.boc4j.samples.primes;

import java.math.BigInteger;

/**
 * One Pollard's rho walk over {@code x -> x² + c (mod n)} with Floyd's cycle detection: the walk
 * advances a tortoise one step and a hare two, and {@code gcd(|x - y|, n)} reveals a divisor once
 * the walk has cycled modulo a prime factor of {@code n}. If it cycles modulo {@code n} itself (the
 * gcd is {@code n}), this polynomial is useless: the walk restarts with {@code c + stride}, so
 * walks started with distinct {@code c} below {@code stride} never try the same polynomial.
 *
 * <p>Mutable and not thread-safe: it lives in a cown and only the behaviour holding it advances it.
 */
final class RhoWalk {

  private static final BigInteger TWO = BigInteger.TWO;

  private final BigInteger n;
  private final BigInteger stride;
  private BigInteger c;
  private BigInteger x = TWO;
  private BigInteger y = TWO;

  /**
   * @param n an odd composite to split
   * @param c the first polynomial's constant, at least 1
   * @param stride added to {@code c} on each restart, at least 1
   */
  RhoWalk(BigInteger n, long c, long stride) {
    this.n = n;
    this.c = BigInteger.valueOf(c);
    this.stride = BigInteger.valueOf(stride);
  }

  /**
   * Advances the walk by at most {@code budget} steps.
   *
   * @return a divisor {@code d} with {@code 1 < d < n}, or null if none showed up within the budget
   */
  BigInteger advance(int budget) {
    for (int i = 0; i < budget; i++) {
      x = next(x);
      y = next(next(y));
      BigInteger d = x.subtract(y).abs().gcd(n);
      if (d.equals(BigInteger.ONE)) {
        continue;
      }
      if (!d.equals(n)) {
        return d;
      }
      restart();
    }
    return null;
  }

  private BigInteger next(BigInteger v) {
    return v.multiply(v).add(c).mod(n);
  }

  private void restart() {
    c = c.add(stride);
    x = TWO;
    y = TWO;
  }
}
