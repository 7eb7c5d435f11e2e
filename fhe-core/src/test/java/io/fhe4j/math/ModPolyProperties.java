package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** ModPoly against BigInteger schoolbook references, evaluation at points, and brute-force irreducibility. */
class ModPolyProperties {
    private static final long[] MODULI = {2, 3, 5, 7, 17, 65537, 4, 8, 9, 27, 1L << 40, 1_000_000_007L * 3,
        (1L << 61) - 1};

    static long[] random(Random rnd, int len, long n) {
        long[] a = new long[len];
        for (int i = 0; i < len; i++) {
            a[i] = Math.floorMod(rnd.nextLong(), n);
        }
        return a;
    }

    static long[] randomMonic(Random rnd, int deg, long n) {
        long[] a = random(rnd, deg + 1, n);
        a[deg] = 1;
        return a;
    }

    /** Schoolbook product with BigInteger accumulation. */
    static long[] referenceMul(long[] a, long[] b, long n) {
        if (a.length == 0 || b.length == 0) {
            return new long[0];
        }
        BigInteger[] acc = new BigInteger[a.length + b.length - 1];
        java.util.Arrays.fill(acc, BigInteger.ZERO);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                acc[i + j] = acc[i + j].add(BigInteger.valueOf(a[i]).multiply(BigInteger.valueOf(b[j])));
            }
        }
        long[] r = new long[acc.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = acc[i].mod(BigInteger.valueOf(n)).longValueExact();
        }
        return ModPoly.trim(r, r.length);
    }

    @Property(tries = 200)
    void mulMatchesBigIntegerAndDivRemRebuilds(@ForAll @IntRange(min = 0, max = 12) int mi,
                                               @ForAll @IntRange(min = 0, max = 30) int la,
                                               @ForAll @IntRange(min = 0, max = 12) int db, @ForAll long seed) {
        long n = MODULI[mi];
        ModPoly ring = ModPoly.of(n);
        Random rnd = new Random(seed);
        long[] a = ring.reduce(random(rnd, la, n));
        long[] b = randomMonic(rnd, db, n);
        assertArrayEquals(referenceMul(a, b, n), ring.mul(a, b));
        long[][] qr = ring.divRem(a, b);
        assertTrue(qr[1].length < b.length);
        assertArrayEquals(a, ring.add(ring.mul(qr[0], b), qr[1]));
    }

    @Property(tries = 100)
    void composeAndDerivativeAgreeWithEvaluation(@ForAll @IntRange(min = 0, max = 5) int mi,
                                                 @ForAll @IntRange(min = 0, max = 8) int lg,
                                                 @ForAll @IntRange(min = 0, max = 6) int lh, @ForAll long seed) {
        long n = MODULI[mi];
        ModPoly ring = ModPoly.of(n);
        Random rnd = new Random(seed);
        long[] g = ring.reduce(random(rnd, lg, n));
        long[] h = ring.reduce(random(rnd, lh, n));
        long[] gh = ring.compose(g, h);
        for (long x = 0; x < Math.min(n, 20); x++) {
            assertEquals(ring.evaluate(g, ring.evaluate(h, x)), ring.evaluate(gh, x));
        }
        // product rule
        assertArrayEquals(ring.derivative(ring.mul(g, h)),
                ring.add(ring.mul(ring.derivative(g), h), ring.mul(g, ring.derivative(h))));
        long[] f = randomMonic(rnd, 5, n);
        assertArrayEquals(ring.rem(gh, f), ring.compose(g, h, f));
    }

    @Property(tries = 100)
    void gcdInverseAndPowModOverPrimeFields(@ForAll @IntRange(min = 0, max = 5) int mi,
                                            @ForAll @IntRange(min = 1, max = 8) int dc, @ForAll long seed) {
        long p = MODULI[mi];
        ModPoly ring = ModPoly.of(p);
        Random rnd = new Random(seed);
        long[] a = randomMonic(rnd, 6, p);
        long[] b = randomMonic(rnd, 4, p);
        long[] c = randomMonic(rnd, dc, p);
        long[] g = ring.gcd(a, b);
        assertEquals(0, ring.rem(a, g).length);
        assertEquals(0, ring.rem(b, g).length);
        // gcd(a c, b c) = gcd(a, b) c for monic c
        assertArrayEquals(ring.mul(g, c), ring.gcd(ring.mul(a, c), ring.mul(b, c)));
        long[] e = ring.rem(ring.reduce(random(rnd, 4, p)), b);
        long e1 = Math.floorMod(rnd.nextLong(), 50);
        long[] slow = ring.rem(ring.constant(1), b);
        for (int i = 0; i < e1; i++) {
            slow = ring.mulMod(slow, e, b);
        }
        assertArrayEquals(slow, ring.powMod(e, e1, b));
        if (ring.gcd(e, b).length == 1) {
            long[] inv = ring.inverseMod(e, b);
            assertArrayEquals(ring.rem(ring.constant(1), b), ring.mulMod(e, inv, b));
        } else {
            assertThrows(ArithmeticException.class, () -> ring.inverseMod(e, b));
        }
    }

    /** Irreducible by trial division by every monic polynomial of degree 1..deg/2. */
    static boolean bruteIrreducible(ModPoly ring, long[] f) {
        long p = ring.modulus();
        int n = ModPoly.degree(f);
        for (int k = 1; 2 * k <= n; k++) {
            long count = 1;
            for (int i = 0; i < k; i++) {
                count *= p;
            }
            for (long code = 0; code < count; code++) {
                long[] g = new long[k + 1];
                long c = code;
                for (int i = 0; i < k; i++) {
                    g[i] = c % p;
                    c /= p;
                }
                g[k] = 1;
                if (ring.rem(f, g).length == 0) {
                    return false;
                }
            }
        }
        return n >= 1;
    }

    @Test
    void rabinTestMatchesTrialDivisionAndCountsGaussFormula() {
        for (long p : new long[] {2, 3, 5}) {
            ModPoly ring = ModPoly.of(p);
            int maxDeg = p == 2 ? 8 : p == 3 ? 5 : 4;
            for (int k = 1; k <= maxDeg; k++) {
                long total = 1;
                for (int i = 0; i < k; i++) {
                    total *= p;
                }
                long irreducible = 0;
                for (long code = 0; code < total; code++) {
                    long[] f = new long[k + 1];
                    long c = code;
                    for (int i = 0; i < k; i++) {
                        f[i] = c % p;
                        c /= p;
                    }
                    f[k] = 1;
                    boolean r = ring.isIrreducible(f);
                    assertEquals(bruteIrreducible(ring, f), r, () -> "p = " + p + " f = " + java.util.Arrays.toString(f));
                    if (r) {
                        irreducible++;
                    }
                }
                // Gauss: (1/k) sum_{e | k} mu(k/e) p^e
                long gauss = 0;
                for (int e = 1; e <= k; e++) {
                    if (k % e == 0) {
                        gauss += mobius(k / e) * BigInteger.valueOf(p).pow(e).longValueExact();
                    }
                }
                assertEquals(gauss / k, irreducible, "p = " + p + ", k = " + k);
            }
        }
    }

    private static int mobius(int n) {
        int r = 1;
        for (long q : Primes.primeFactors(n)) {
            if (n % (q * q) == 0) {
                return 0;
            }
            r = -r;
        }
        return r;
    }

    @Test
    void normalFormAndErrors() {
        ModPoly ring = ModPoly.of(9);
        assertArrayEquals(new long[] {8, 0, 1}, ring.reduce(new long[] {-1, 9, 10, 0, 18}));
        assertEquals(0, ring.reduce(new long[] {9, -9}).length);
        assertThrows(ArithmeticException.class, () -> ring.divRem(new long[] {1, 2}, new long[] {1, 3}));
        assertThrows(ArithmeticException.class, () -> ring.divRem(new long[] {1, 2}, new long[0]));
        assertThrows(InvalidModulusException.class, () -> ModPoly.of(1));
        assertTrue(ModPoly.compareHElib(new long[] {0, 1}, new long[] {1, 0, 1}) < 0);
        assertTrue(ModPoly.compareHElib(new long[] {1, 1}, new long[] {1, 1, 1}) < 0);
        assertFalse(ModPoly.compareHElib(new long[] {1, 2}, new long[] {1, 1, 1}) < 0);
    }
}
