/**
 * Prime factorisation with Pollard's rho: several walks race in parallel behaviours, and the first
 * to find a divisor stops the others through the noticeboard. Run {@link
 * io.boc4j.samples.primes.PrimeFactors}.
 */
package io.boc4j.samples.primes;
