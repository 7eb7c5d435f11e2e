package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The factorization of Phi_m mod p^r: product, irreducibility, distinctness, roots, and agreement with
 * Cantor-Zassenhaus plus generic Hensel lifting.
 */
class CyclotomicFactorizationTest {
    private static final long[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 257};

    /** Every property a factorization must have, checked exactly (schoolbook product). */
    static void checkExactly(CyclotomicFactorization f) {
        int m = f.m();
        long p = f.p();
        ModPoly ringPr = ModPoly.of(f.modulus());
        ModPoly ringP = ModPoly.of(p);
        int d = Cyclotomic.multiplicativeOrder(p, m);
        assertEquals(d, f.degree());
        assertEquals(Cyclotomic.eulerPhi(m) / d, f.count());
        long[] prod = ringPr.constant(1);
        Set<List<Long>> seen = new HashSet<>();
        long[] f0 = f.factor(0);
        for (int i = 0; i < f.count(); i++) {
            long[] fi = f.factor(i);
            assertEquals(d, ModPoly.degree(fi));
            assertEquals(1, fi[d]);
            long[] fp = ringP.reduce(fi);
            assertTrue(ringP.isIrreducible(fp), "factor " + i + " irreducible mod p");
            assertTrue(seen.add(java.util.Arrays.stream(fp).boxed().toList()), "factors distinct mod p");
            if (i > 0) {
                assertTrue(ModPoly.compareHElib(ringP.reduce(f.factor(i - 1)), fp) < 0, "HElib order");
            }
            prod = ringPr.mul(prod, fi);
            // zeta^e is a root of factor i, zeta = Y in Z_(p^r)[Y]/F_0
            int e = f.rootExponent(i);
            assertEquals(i, f.factorWithRoot(e));
            long[] zetaE = ringPr.powMod(ringPr.x(), e, f0);
            assertEquals(0, ringPr.compose(fi, zetaE, f0).length, "F_i(zeta^e) = 0");
        }
        assertArrayEquals(f.phiModulus(), prod);
        assertEquals(1, f.rootExponent(0) % Math.max(m, 2) == 1 || m <= 2 ? 1 : 0);
        for (int e = 1; e < m; e++) {
            if (Primes.gcd(e, m) == 1) {
                long[] fi = f.factor(f.factorWithRoot(e));
                assertEquals(0, ringPr.compose(fi, ringPr.powMod(ringPr.x(), e, f0), f0).length);
            }
        }
    }

    @Property(tries = 40)
    void smallFactorizationsAreCorrect(@ForAll @IntRange(min = 1, max = 100) int m,
                                       @ForAll @IntRange(min = 0, max = 7) int pi,
                                       @ForAll @IntRange(min = 1, max = 3) int r) {
        long p = PRIMES[pi];
        if (m % p == 0) {
            assertThrows(InvalidModulusException.class, () -> CyclotomicFactorization.of(m, p, r));
            return;
        }
        checkExactly(CyclotomicFactorization.of(m, p, r));
    }

    @Property(tries = 30)
    void cantorZassenhausAndGenericHenselAgree(@ForAll @IntRange(min = 3, max = 150) int m,
                                               @ForAll @IntRange(min = 0, max = 5) int pi,
                                               @ForAll @IntRange(min = 1, max = 4) int r, @ForAll long seed) {
        long p = PRIMES[pi];
        if (m % p == 0) {
            return;
        }
        CyclotomicFactorization f = CyclotomicFactorization.of(m, p, r);
        ModPoly ringP = ModPoly.of(p);
        long[] phiP = ringP.reduce(f.phiExact());
        List<long[]> edf = PolyFactoring.equalDegreeFactor(ringP, phiP, f.degree(), seed);
        List<long[]> lifted = PolyFactoring.henselLiftAll(f.phiExact(), edf, p, r);
        assertEquals(f.count(), lifted.size());
        for (int i = 0; i < f.count(); i++) {
            assertArrayEquals(f.factor(i), lifted.get(i), "factor " + i);
        }
    }

    @Test
    void helibRingsForPEquals2() {
        int[][] rows = {{4369, 4096, 16, 256}, {21845, 16384, 16, 1024}, {31775, 24000, 20, 1200},
            {4095, 1728, 12, 144}, {8191, 8190, 13, 630}};
        for (int[] row : rows) {
            for (int r : row[0] == 4095 ? new int[] {1, 3} : new int[] {1}) {
                CyclotomicFactorization f = CyclotomicFactorization.of(row[0], 2, r);
                assertEquals(row[2], f.degree());
                assertEquals(row[3], f.count());
                assertEquals(row[1] + 1, f.phiExact().length);
                checkProductModRandomPolynomial(f, new Random(row[0]));
            }
        }
    }

    /** prod F_i = Phi_m mod (p^r, h) for random monic h of degree 40: a fast probabilistic product check. */
    static void checkProductModRandomPolynomial(CyclotomicFactorization f, Random rnd) {
        ModPoly ring = ModPoly.of(f.modulus());
        for (int trial = 0; trial < 2; trial++) {
            long[] h = ModPolyProperties.randomMonic(rnd, 40, f.modulus());
            long[] prod = ring.constant(1);
            Set<List<Long>> seen = new HashSet<>();
            ModPoly ringP = ModPoly.of(f.p());
            for (int i = 0; i < f.count(); i++) {
                long[] fi = f.factor(i);
                prod = ring.mulMod(prod, fi, h);
                if (trial == 0) {
                    long[] fp = ringP.reduce(fi);
                    assertTrue(seen.add(java.util.Arrays.stream(fp).boxed().toList()));
                    if (i < 8) {
                        assertTrue(ringP.isIrreducible(fp));
                    }
                }
            }
            assertArrayEquals(ring.rem(f.phiModulus(), h), prod);
        }
    }

    @Test
    void rejectsBadInput() {
        InvalidModulusException e = assertThrows(InvalidModulusException.class,
                () -> CyclotomicFactorization.of(4095, 3, 1));
        assertTrue(e.getMessage().contains("p = 3") && e.getMessage().contains("m = 4095"), e.getMessage());
        assertThrows(InvalidModulusException.class, () -> CyclotomicFactorization.of(17, 4, 1));
        assertThrows(InvalidModulusException.class, () -> CyclotomicFactorization.of(17, 2, 62));
        assertThrows(InvalidDegreeException.class, () -> CyclotomicFactorization.of(0, 2, 1));
        assertFalse(CyclotomicFactorization.of(17, 2, 1).toString().isEmpty());
    }
}
