package io.fhe4j.ring;

import static io.fhe4j.ring.RingTestSupport.randomBig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.InvalidDegreeException;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Double-CRT ring arithmetic against BigInteger schoolbook arithmetic in Z_Q[X]/(X^N+1). */
class DoubleCrtProperties {

    @Property(tries = 60)
    void ringOperationsMatchBigIntegerReference(@ForAll @IntRange(min = 1, max = 6) int logN,
                                                @ForAll @IntRange(min = 1, max = 5) int primes,
                                                @ForAll long seed) {
        PolyRing ring = RingTestSupport.ring(logN, primes, 60, 45, 36, 59);
        BigInteger q = ring.basis().product();
        Random rnd = new Random(seed);
        int n = ring.n();
        BigInteger[] a = randomBig(rnd, n, q);
        BigInteger[] b = randomBig(rnd, n, q);
        DoubleCrt x = ring.fromCoefficients(a);
        DoubleCrt y = ring.fromCoefficients(b);
        assertArrayEquals(a, x.toBigIntegers());

        BigInteger[] sum = new BigInteger[n];
        BigInteger[] diff = new BigInteger[n];
        BigInteger[] neg = new BigInteger[n];
        BigInteger c = new BigInteger(80, rnd).subtract(BigInteger.ONE.shiftLeft(79));
        BigInteger[] scaled = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            sum[i] = a[i].add(b[i]).mod(q);
            diff[i] = a[i].subtract(b[i]).mod(q);
            neg[i] = a[i].negate().mod(q);
            scaled[i] = a[i].multiply(c).mod(q);
        }
        assertArrayEquals(sum, x.add(y).toBigIntegers());
        assertArrayEquals(sum, x.negate().setSum(x, y).toBigIntegers());
        assertArrayEquals(sum, x.copy().setSum(x.copy(), y).toBigIntegers());
        DoubleCrt self = x.copy();
        assertArrayEquals(sum, self.setSum(self, y).toBigIntegers(), "this may be an operand");
        assertArrayEquals(diff, x.sub(y).toBigIntegers());
        assertArrayEquals(neg, x.negate().toBigIntegers());
        assertArrayEquals(RingTestSupport.multiply(a, b, q), x.multiply(y).toBigIntegers());
        assertArrayEquals(scaled, x.copy().multiplyScalarInPlace(c).toBigIntegers());

        DoubleCrt acc = x.copy();
        acc.multiplyAccumulate(x, y);
        BigInteger[] prod = RingTestSupport.multiply(a, b, q);
        BigInteger[] expected = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            expected[i] = prod[i].add(a[i]).mod(q);
        }
        assertArrayEquals(expected, acc.toBigIntegers());

        // tensor of (x, y) and (y, x): {x y, x x + y y, y x}
        DoubleCrt[] t = DoubleCrt.tensor(x, y, y, x);
        BigInteger[] xx = RingTestSupport.multiply(a, a, q);
        BigInteger[] yy = RingTestSupport.multiply(b, b, q);
        BigInteger[] middle = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            middle[i] = xx[i].add(yy[i]).mod(q);
        }
        assertArrayEquals(prod, t[0].toBigIntegers());
        assertArrayEquals(middle, t[1].toBigIntegers());
        assertArrayEquals(prod, t[2].toBigIntegers());

        // the same in coefficient form (additive operations work in either form)
        DoubleCrt xc = x.copy().toCoefficientForm();
        DoubleCrt yc = y.copy().toCoefficientForm();
        assertArrayEquals(sum, xc.add(yc).toBigIntegers());
        assertArrayEquals(sum, x.copy().setSum(xc, yc).toBigIntegers(), "setSum takes the operands' form");
        assertThrows(MismatchedBasisException.class, () -> x.copy().setSum(x, yc));
        assertArrayEquals(scaled, xc.copy().multiplyScalarInPlace(c).toBigIntegers());

        // x + c' y for a constant c' given by residues, one of them 0 (that prime keeps x's residue)
        long[] residues = ring.basis().decompose(c);
        residues[rnd.nextInt(residues.length)] = 0;
        BigInteger cPrime = ring.basis().compose(residues);
        BigInteger[] plusScaled = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            plusScaled[i] = a[i].add(cPrime.multiply(b[i])).mod(q);
        }
        assertArrayEquals(plusScaled, x.copy().addScaledInPlace(y, residues).toBigIntegers());
        assertArrayEquals(plusScaled, xc.copy().addScaledInPlace(yc, residues).toBigIntegers());
        assertThrows(MismatchedBasisException.class, () -> x.copy().addScaledInPlace(y, new long[residues.length + 1]));
        assertThrows(IllegalArgumentException.class, () -> x.copy().addScaledInPlace(yc, residues));
    }

    @Property(tries = 60)
    void smallSignedCoefficientsRoundTrip(@ForAll @IntRange(min = 1, max = 10) int logN, @ForAll long seed) {
        PolyRing ring = RingTestSupport.ring(logN, 3, 50);
        Random rnd = new Random(seed);
        long[] coeffs = new long[ring.n()];
        for (int i = 0; i < coeffs.length; i++) {
            coeffs[i] = rnd.nextLong();
        }
        BigInteger[] centered = ring.fromCoefficients(coeffs).toCenteredBigIntegers();
        for (int i = 0; i < coeffs.length; i++) {
            assertEquals(BigInteger.valueOf(coeffs[i]), centered[i]);
        }
    }

    /**
     * Signed long coefficients of every size (the small-value fast path, values just below and at
     * the smallest prime, and extremes) against the BigInteger conversion.
     */
    @Property(tries = 80)
    void signedCoefficientsOfAnySizeMatchBigInteger(@ForAll @IntRange(min = 1, max = 10) int logN,
                                                    @ForAll @IntRange(min = 0, max = 63) int bits, @ForAll long seed) {
        PolyRing ring = RingTestSupport.ring(logN, 3, 50);
        long q = java.util.Arrays.stream(ring.basis().primes()).min().getAsLong();
        Random rnd = new Random(seed);
        long[] special = {0, 1, -1, q - 1, 1 - q, q, -q, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        long[] coeffs = new long[ring.n()];
        boolean withSpecial = rnd.nextBoolean();
        for (int i = 0; i < coeffs.length; i++) {
            coeffs[i] = withSpecial && rnd.nextInt(8) == 0 ? special[rnd.nextInt(special.length)]
                    : (bits == 0 ? 0 : rnd.nextLong() >> (64 - bits));
        }
        BigInteger[] big = new BigInteger[coeffs.length];
        for (int i = 0; i < big.length; i++) {
            big[i] = BigInteger.valueOf(coeffs[i]);
        }
        assertEquals(ring.fromCoefficients(big), ring.fromCoefficients(coeffs));
    }

    /** wrap accepts every residue in [0, q) and names the row and index of any value outside it. */
    /**
     * Elements from values mod t (a plaintext's coefficients) and the fused products by them
     * against BigInteger: t from 2 to beyond the smallest prime (the division path), the extremes
     * 0, t/2, t/2 + 1 and t - 1 among the values.
     */
    @Property(tries = 80)
    void centeredValuesAndTheirProductsMatchBigInteger(@ForAll @IntRange(min = 1, max = 8) int logN,
                                                       @ForAll @IntRange(min = 1, max = 4) int primes,
                                                       @ForAll @IntRange(min = 2, max = 62) int tBits,
                                                       @ForAll long seed) {
        PolyRing ring = RingTestSupport.ring(logN, primes, 60, 45, 36, 59);
        BigInteger q = ring.basis().product();
        Random rnd = new Random(seed);
        int n = ring.n();
        long t = (1L << (tBits - 1)) + (rnd.nextLong() >>> (65 - tBits));
        long[] values = new long[n];
        BigInteger[] centered = new BigInteger[n];
        long[] extremes = {0, t >>> 1, (t >>> 1) + 1, t - 1};
        for (int j = 0; j < n; j++) {
            values[j] = rnd.nextInt(4) == 0 ? Math.min(extremes[rnd.nextInt(4)], t - 1) : Math.floorMod(rnd.nextLong(), t);
            long c = values[j] > t / 2 ? values[j] - t : values[j];
            centered[j] = BigInteger.valueOf(c).mod(q);
        }
        long[] before = values.clone();
        assertArrayEquals(centered, ring.fromCentered(values, t).toBigIntegers());

        BigInteger[] a = randomBig(rnd, n, q);
        BigInteger[] b = randomBig(rnd, n, q);
        DoubleCrt x = ring.fromCoefficients(a);
        DoubleCrt y = ring.fromCoefficients(b);
        DoubleCrt[] products = ring.multiplyCentered(values, t, x, y);
        assertArrayEquals(RingTestSupport.multiply(a, centered, q), products[0].toBigIntegers());
        assertArrayEquals(RingTestSupport.multiply(b, centered, q), products[1].toBigIntegers());
        assertArrayEquals(a, x.toBigIntegers(), "operand unchanged");
        ring.multiplyCenteredInPlace(values, t, y);
        assertArrayEquals(RingTestSupport.multiply(b, centered, q), y.toBigIntegers());
        assertArrayEquals(before, values, "values unchanged");

        values[rnd.nextInt(n)] = rnd.nextBoolean() ? t : -1;
        assertThrows(CoefficientOutOfRangeException.class, () -> ring.fromCentered(values, t));
        assertThrows(CoefficientOutOfRangeException.class, () -> ring.multiplyCentered(values, t, x));
    }

    @Property(tries = 100)
    void wrapRejectsExactlyTheResiduesOutsideTheRange(@ForAll @IntRange(min = 1, max = 10) int logN, @ForAll long seed) {
        PolyRing ring = RingTestSupport.ring(logN, 3, 50);
        Random rnd = new Random(seed);
        long[][] rows = new long[3][ring.n()];
        for (int i = 0; i < 3; i++) {
            long q = ring.basis().prime(i);
            for (int j = 0; j < ring.n(); j++) {
                int pick = rnd.nextInt(4);
                rows[i][j] = pick == 0 ? 0 : pick == 1 ? q - 1 : Math.floorMod(rnd.nextLong(), q);
            }
        }
        assertEquals(ring.wrap(rows, true), ring.wrap(rows, true)); // all in range: accepted
        int i = rnd.nextInt(3);
        int j = rnd.nextInt(ring.n());
        long q = ring.basis().prime(i);
        long[] bad = {-1, q, q + 1 + rnd.nextInt(1000), Long.MIN_VALUE, Long.MAX_VALUE, -q};
        rows[i][j] = bad[rnd.nextInt(bad.length)];
        CoefficientOutOfRangeException e = assertThrows(CoefficientOutOfRangeException.class, () -> ring.wrap(rows, false));
        assertTrue(e.getMessage().contains("row " + i + ", index " + j + " "), e.getMessage());
    }

    @Property(tries = 80)
    void automorphismInEvaluationFormEqualsCoefficientForm(@ForAll @IntRange(min = 1, max = 10) int logN,
                                                           @ForAll @IntRange(min = 1, max = 3) int primes,
                                                           @ForAll long k, @ForAll long seed) {
        PolyRing ring = RingTestSupport.ring(logN, primes, 55);
        long odd = k | 1;
        Random rnd = new Random(seed);
        BigInteger[] a = randomBig(rnd, ring.n(), ring.basis().product());
        DoubleCrt eval = ring.fromCoefficients(a);
        DoubleCrt coeff = eval.copy().toCoefficientForm();
        DoubleCrt viaEval = eval.automorphism(odd);
        DoubleCrt viaCoeff = coeff.automorphism(odd);
        assertTrue(viaEval.isEvaluationForm());
        assertTrue(!viaCoeff.isEvaluationForm());
        assertEquals(viaCoeff, viaEval);
        if (logN <= 7) {
            assertArrayEquals(RingTestSupport.automorphism(a, odd, ring.basis().product()), viaCoeff.toBigIntegers());
        }
        // sigma_k composed with sigma_l is sigma_{kl}
        long other = 2 * (seed & 0xffff) + 1;
        assertEquals(viaEval.automorphism(other), eval.automorphism(odd * other));
    }

    @Property(tries = 30)
    void droppingPrimesReducesTheValue(@ForAll @IntRange(min = 2, max = 6) int primes, @ForAll long seed) {
        PolyRing ring = RingTestSupport.ring(5, primes, 40);
        Random rnd = new Random(seed);
        BigInteger[] a = randomBig(rnd, ring.n(), ring.basis().product());
        DoubleCrt x = ring.fromCoefficients(a);
        int drop = 1 + rnd.nextInt(primes - 1);
        DoubleCrt smaller = x.dropLastPrimes(drop);
        BigInteger qs = smaller.basis().product();
        BigInteger[] got = smaller.toBigIntegers();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].mod(qs), got[i]);
        }
        assertEquals(smaller, x.restrictTo(ring.prefix(primes - drop)));
    }

    @Test
    void mismatchesAreRejectedWithBothSidesNamed() {
        PolyRing r3 = RingTestSupport.ring(4, 3, 40);
        PolyRing r2 = r3.prefix(2);
        DoubleCrt a = r3.zero();
        DoubleCrt b = r2.zero();
        MismatchedBasisException e = assertThrows(MismatchedBasisException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains(r3.toString()) && e.getMessage().contains(r2.toString()), e.getMessage());
        DoubleCrt c = r3.zero().toCoefficientForm();
        assertThrows(MismatchedBasisException.class, () -> a.multiply(c));
        assertThrows(MismatchedBasisException.class, () -> a.add(c));
        assertThrows(IllegalArgumentException.class, () -> a.automorphism(4));
        assertThrows(InvalidDegreeException.class, () -> PolyRing.of(24, r3.basis()));
        assertThrows(InvalidDegreeException.class, () -> r3.fromCoefficients(new long[8]));
        long[][] rows = new long[3][16];
        rows[1][5] = r3.basis().prime(1);
        CoefficientOutOfRangeException out = assertThrows(CoefficientOutOfRangeException.class,
                () -> r3.wrap(rows, true));
        assertTrue(out.getMessage().contains(Long.toString(r3.basis().prime(1))), out.getMessage());
    }
}
