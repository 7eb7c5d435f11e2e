package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Primality, prime generation and roots of unity against BigInteger and brute force. */
class PrimesProperties {

    @Property(tries = 5000)
    void millerRabinAgreesWithBigInteger(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long n) {
        assertEquals(BigInteger.valueOf(n).isProbablePrime(64), Primes.isPrime(n), () -> "n = " + n);
    }

    @Property(tries = 2000)
    void millerRabinAgreesOnSmallOddNumbers(@ForAll @LongRange(min = 0, max = 2_000_000) long n) {
        assertEquals(BigInteger.valueOf(n).isProbablePrime(64), Primes.isPrime(n), () -> "n = " + n);
    }

    @Test
    void strongPseudoprimesAndCarmichaelNumbersAreComposite() {
        long[] composites = {561, 1105, 1729, 2047, 3215031751L, 2152302898747L, 3474749660383L,
                341550071728321L, 3825123056546413051L, 318665857834031151L, 4611686018427387903L,
                (1L << 61) + 1, 9223372036854775807L};
        for (long c : composites) {
            assertFalse(Primes.isPrime(c), "composite " + c);
        }
        long[] primes = {2, 3, 65537, 2305843009213693951L /* 2^61 - 1 */, 4611686018427387847L,
                9223372036854775783L};
        for (long p : primes) {
            assertTrue(Primes.isPrime(p), "prime " + p);
        }
    }

    @Property(tries = 60)
    void generatedPrimesHaveTheRequestedShape(@ForAll @IntRange(min = 30, max = 62) int bits,
                                              @ForAll @IntRange(min = 10, max = 17) int logN,
                                              @ForAll @IntRange(min = 1, max = 4) int count) {
        long m = 2L << logN;
        List<Long> ps = Primes.generate(bits, m, count, List.of());
        assertEquals(count, new HashSet<>(ps).size());
        for (long q : ps) {
            assertTrue(BigInteger.valueOf(q).isProbablePrime(64));
            assertEquals(1, q % m);
            assertEquals(bits, 64 - Long.numberOfLeadingZeros(q));
        }
        List<Long> more = Primes.generate(bits, m, 1, ps);
        assertFalse(ps.contains(more.get(0)));
    }

    @Test
    void generatedPrimesAreTheLargestOfTheirForm() {
        long m = 2 * 4096;
        long q = Primes.generate(40, m);
        for (long c = q + m; c < (1L << 40); c += m) {
            assertFalse(BigInteger.valueOf(c).isProbablePrime(64));
        }
    }

    @Property(tries = 40)
    void primitiveRootsHaveExactOrder(@ForAll @IntRange(min = 1, max = 12) int logN,
                                      @ForAll @IntRange(min = 20, max = 60) int bits) {
        long m = 2L << logN;
        long q = Primes.generate(bits, m);
        long w = Primes.primitiveRootOfUnity(q, m);
        BigInteger bq = BigInteger.valueOf(q);
        BigInteger bw = BigInteger.valueOf(w);
        assertEquals(BigInteger.ONE, bw.modPow(BigInteger.valueOf(m), bq));
        assertNotEquals(BigInteger.ONE, bw.modPow(BigInteger.valueOf(m / 2), bq));
    }

    @Test
    void primitiveRootsForOddOrders() {
        long m = 4369; // 17 * 257, HElib's m for p = 2
        long q = Primes.generate(50, m);
        long w = Primes.primitiveRootOfUnity(q, m);
        Modulus mod = new Modulus(q);
        assertEquals(1, mod.pow(w, m));
        assertNotEquals(1, mod.pow(w, 257));
        assertNotEquals(1, mod.pow(w, 17));
        // it is the smallest of the phi(m) primitive m-th roots w^e, gcd(e, m) = 1
        long x = 1;
        for (long e = 1; e < m; e++) {
            x = mod.mul(x, w);
            if (Primes.gcd(e, m) == 1) {
                assertTrue(x >= w, "smaller root " + x);
            }
        }
    }

    @Test
    void badInputsNameTheValue() {
        InvalidModulusException e = assertThrows(InvalidModulusException.class,
                () -> Primes.primitiveRootOfUnity(97, 64));
        assertTrue(e.getMessage().contains("97") && e.getMessage().contains("64"), e.getMessage());
        assertThrows(InvalidModulusException.class, () -> Primes.primitiveRootOfUnity(91, 2));
        assertThrows(InvalidModulusException.class, () -> Primes.generate(63, 2));
        assertThrows(InvalidModulusException.class, () -> Primes.generate(12, 1 << 12, 5, List.of()));
        assertEquals(List.of(2L, 3L, 7L), List.of(box(Primes.primeFactors(2 * 2 * 3 * 7 * 7))));
    }

    private static Long[] box(long[] xs) {
        Long[] out = new Long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i];
        }
        return out;
    }

    @Property(tries = 300)
    void smallestIsTheFirstPrimeOneModMOfItsSize(@ForAll @IntRange(min = 2, max = 22) int bits,
                                                @ForAll @IntRange(min = 1, max = 4096) int m) {
        long lower = 1L << (bits - 1);
        long expected = -1;
        for (long q = lower; q < 2 * lower; q++) { // brute force
            if (q % m == 1 % m && BigInteger.valueOf(q).isProbablePrime(64)) {
                expected = q;
                break;
            }
        }
        if (expected < 0) {
            assertThrows(InvalidModulusException.class, () -> Primes.smallest(bits, m));
        } else {
            assertEquals(expected, Primes.smallest(bits, m), () -> bits + " bits, m = " + m);
        }
    }

    @Test
    void smallestAtTrainsDefaultIsTheKnownT() {
        assertEquals(35184372121601L, Primes.smallest(46, 32768)); // train's t (README, ENCRYPTED-TRAINING.md)
    }
}
