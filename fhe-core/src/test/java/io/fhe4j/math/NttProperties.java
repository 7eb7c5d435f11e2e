package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The NTT against schoolbook negacyclic multiplication and direct evaluation with BigInteger. */
class NttProperties {

    static long[] randomPoly(Random rnd, int n, long q) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.floorMod(rnd.nextLong(), q);
        }
        return a;
    }

    /** Schoolbook product in Z_q[X]/(X^n + 1) with BigInteger accumulation. */
    static long[] schoolbook(long[] a, long[] b, long q) {
        return io.fhe4j.testing.PlainRing.negacyclicProduct(a, b, q);
    }

    @Property(tries = 60)
    void inverseUndoesForward(@ForAll @IntRange(min = 1, max = 17) int logN,
                              @ForAll @IntRange(min = 20, max = 60) int bits, @ForAll long seed) {
        long q = Primes.generate(Math.max(bits, logN + 12), 2L << logN); // enough room for a prime 1 mod 2N
        NttTables tab = NttTables.of(q, logN);
        long[] a = randomPoly(new Random(seed), 1 << logN, q);
        long[] b = a.clone();
        Ntt.forward(b, tab);
        for (long x : b) {
            assert x >= 0 && x < q;
        }
        Ntt.inverse(b, tab);
        assertArrayEquals(a, b);
    }

    @Property(tries = 40)
    void pointwiseProductIsNegacyclicProduct(@ForAll @IntRange(min = 1, max = 8) int logN,
                                             @ForAll @IntRange(min = 20, max = 60) int bits,
                                             @ForAll long seed) {
        int n = 1 << logN;
        long q = Primes.generate(bits, 2L * n);
        NttTables tab = NttTables.of(q, logN);
        Modulus mod = tab.modulus();
        Random rnd = new Random(seed);
        long[] a = randomPoly(rnd, n, q);
        long[] b = randomPoly(rnd, n, q);
        long[] expected = schoolbook(a, b, q);
        long[] fa = a.clone();
        long[] fb = b.clone();
        Ntt.forward(fa, tab);
        Ntt.forward(fb, tab);
        for (int i = 0; i < n; i++) {
            fa[i] = mod.mul(fa[i], fb[i]);
        }
        Ntt.inverse(fa, tab);
        assertArrayEquals(expected, fa);
    }

    @Test
    void largeRingProductMatchesSchoolbook() {
        int logN = 10; // 2^10 coefficients: the smallest ring the scheme uses, 1M BigInteger products
        int n = 1 << logN;
        long q = Primes.generate(60, 2L * n);
        NttTables tab = NttTables.of(q, logN);
        Random rnd = new Random(7);
        long[] a = randomPoly(rnd, n, q);
        long[] b = randomPoly(rnd, n, q);
        long[] fa = a.clone();
        long[] fb = b.clone();
        Ntt.forward(fa, tab);
        Ntt.forward(fb, tab);
        for (int i = 0; i < n; i++) {
            fa[i] = tab.modulus().mul(fa[i], fb[i]);
        }
        Ntt.inverse(fa, tab);
        assertArrayEquals(schoolbook(a, b, q), fa);
    }

    @Property(tries = 30)
    void outputIndexHoldsTheDocumentedEvaluation(@ForAll @IntRange(min = 1, max = 7) int logN,
                                                 @ForAll long seed) {
        int n = 1 << logN;
        long q = Primes.generate(50, 2L * n);
        NttTables tab = NttTables.of(q, logN);
        Modulus mod = tab.modulus();
        long[] a = randomPoly(new Random(seed), n, q);
        long[] f = a.clone();
        Ntt.forward(f, tab);
        for (int j = 0; j < n; j++) {
            long x = mod.pow(tab.psi(), tab.evaluationExponent(j));
            long value = 0;
            for (int i = n - 1; i >= 0; i--) {
                value = mod.add(mod.mul(value, x), a[i]);
            }
            assertEquals(value, f[j], "index " + j);
        }
    }

    /** Shoup multiplication with signed 64-bit companions against BigInteger, including edge operands. */
    @Property(tries = 300)
    void signedShoupProductIsInZeroToTwoQ(@ForAll @IntRange(min = 20, max = 60) int bits, @ForAll long seed) {
        Random rnd = new Random(seed);
        long q = Primes.generate(bits, 2L << 10);
        BigInteger bq = BigInteger.valueOf(q);
        long[] ws = {0, 1, q - 1, q / 2, q / 2 + 1, Math.floorMod(rnd.nextLong(), q), Math.floorMod(rnd.nextLong(), q)};
        long[] ys = {0, 1, q - 1, 4 * q - 1, Long.MAX_VALUE, rnd.nextLong() >>> 1, Math.floorMod(rnd.nextLong(), 4 * q)};
        for (long w : ws) {
            long shoup = NttTables.shoup64(w, q);
            long adj = NttTables.adjust(w, shoup, q);
            for (long y : ys) {
                long r = NttTables.mulLazy(y, adj, shoup, q);
                assert r >= 0 && r < 2 * q : "w=" + w + " y=" + y + " r=" + r;
                assertEquals(BigInteger.valueOf(y).multiply(BigInteger.valueOf(w)).mod(bq).longValue(), r % q,
                        "w=" + w + " y=" + y);
            }
        }
    }

    /** The lazy forward transform: outputs in [0, 4q), congruent to the reduced transform; inputs may be in [0, 4q). */
    @Property(tries = 60)
    void lazyForwardIsCongruent(@ForAll @IntRange(min = 1, max = 13) int logN,
                                @ForAll @IntRange(min = 30, max = 60) int bits, @ForAll long seed) {
        long q = Primes.generate(Math.max(bits, logN + 12), 2L << logN);
        NttTables tab = NttTables.of(q, logN);
        Random rnd = new Random(seed);
        long[] a = randomPoly(rnd, 1 << logN, q);
        long[] wide = a.clone();
        for (int i = 0; i < wide.length; i++) {
            wide[i] += q * rnd.nextInt(4); // same residues, spread over [0, 4q)
        }
        long[] f = a.clone();
        Ntt.forward(f, tab);
        Ntt.forwardLazy(wide, tab);
        for (int i = 0; i < f.length; i++) {
            assert wide[i] >= 0 && wide[i] < 4 * q : "index " + i;
            assertEquals(f[i], wide[i] % q, "index " + i);
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(InvalidModulusException.class, () -> NttTables.of(97, 10));
        assertThrows(InvalidModulusException.class, () -> NttTables.of(2049 * 7, 10));
        assertThrows(InvalidDegreeException.class, () -> NttTables.of(Primes.generate(40, 1 << 19), 18));
        long q62 = Primes.generate(62, 1 << 11);
        InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> NttTables.of(q62, 10));
        assert e.getMessage().contains(Long.toString(q62));
        NttTables tab = NttTables.of(Primes.generate(40, 1 << 11), 10);
        assertThrows(InvalidDegreeException.class, () -> Ntt.forward(new long[512], tab));
        assertEquals(tab, NttTables.of(tab.modulus().value(), 10));
    }
}
