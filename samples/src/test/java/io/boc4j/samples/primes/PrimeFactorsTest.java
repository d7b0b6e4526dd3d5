package io.boc4j.samples.primes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.samples.support.CommandRun;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PrimeFactorsTest {

  private static final RhoRace RACE = new RhoRace(6, 64, 50_000);

  private static Factoriser.Factorisation factorise(String n) throws Exception {
    try (Boc boc = Boc.builder().workers(2).build()) {
      return new Factoriser(RACE, Duration.ofSeconds(20)).factorise(boc, new BigInteger(n));
    }
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '=', value = {
      "10403 = 101 103",
      "1000036000099 = 1000003 1000033",
      "998244359987710471 = 998244353 1000000007",
      "282475249 = 7 7 7 7 7 7 7 7 7 7",
      "1000009000027000027 = 1000003 1000003 1000003",
      "360 = 2 2 2 3 3 5",
      "97 = 97",
      "1 = "})
  void theFactorsArePrimeAndMultiplyBackToN(String n, String expected) throws Exception {
    Factoriser.Factorisation f = factorise(n);
    assertEquals(new BigInteger(n), f.product());
    for (BigInteger p : f.primes()) {
      assertTrue(p.isProbablePrime(50), p + " is not prime");
    }
    List<String> want = expected == null ? List.of() : List.of(expected.trim().split(" "));
    assertEquals(want, f.primes().stream().map(BigInteger::toString).toList());
  }

  @Test
  void theBoardStopsTheOtherWalksOnceOneFindsADivisor() throws Exception {
    // p and q near 1e9: a walk needs thousands of steps, so the race lasts many slices.
    Factoriser.Factorisation f = factorise("998244359987710471");
    assertEquals(1, f.races().size());
    RhoRace.Outcome o = f.races().get(0).outcome();
    assertNotNull(o.divisor());
    assertTrue(o.slices() < RACE.budget(), o + " against a budget of " + RACE.budget());
    assertTrue(o.stopped() >= 1, "no walk was stopped by the board: " + o);
    assertEquals(RACE.walkers(), o.finders() + o.stopped() + o.gaveUp(),
        "every walk ends exactly one way: " + o);
    assertEquals(0, o.gaveUp());
  }

  @Test
  void aWalkThatCyclesModuloNRestartsWithAnotherPolynomial() {
    // Modulo 15 = 3 x 5 the walk x -> x^2 + c from 2 soon cycles; it must still find 3 or 5.
    RhoWalk walk = new RhoWalk(BigInteger.valueOf(15), 1, 1);
    BigInteger d = walk.advance(1_000);
    assertNotNull(d);
    assertTrue(d.equals(BigInteger.valueOf(3)) || d.equals(BigInteger.valueOf(5)), "found " + d);
  }

  @Test
  void commandPrintsTheRaceAndTheCheckedFactorisation() {
    CommandRun run = CommandRun.of(new PrimeFactors(), "1000036000099", "-w", "2", "--slice", "64");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("split 1000036000099: found "), run.out());
    assertTrue(run.out().contains("stopped early on seeing the board"), run.out());
    assertTrue(run.out().contains("1000036000099 = 1000003 x 1000033"), run.out());
    assertTrue(run.out().contains("the factors multiply back to 1000036000099: yes"), run.out());
  }

  @Test
  void primePowersArePrintedWithExponents() {
    CommandRun run = CommandRun.of(new PrimeFactors(), "5000", "-w", "1");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("5000 = 2^3 x 5^4"), run.out());
  }
}
